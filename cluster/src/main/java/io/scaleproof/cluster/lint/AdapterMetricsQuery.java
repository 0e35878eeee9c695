package io.scaleproof.cluster.lint;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus Adapter's {@code metricsQuery.BuildExternal} (v0.12.0, {@code
 * pkg/naming/metrics_query.go}): each requirement of the HPA's metric selector as a label matcher,
 * in the order of their keys, then the namespace's label when the rule is namespaced, rendered into
 * the rule's template.
 */
final class AdapterMetricsQuery {
  private static final Pattern ACTION = Pattern.compile("<<-?\\s*(.*?)\\s*-?>>");
  private static final Pattern INDEX =
      Pattern.compile("index\\s+\\.LabelValuesByName\\s+\"([^\"]*)\"");

  private AdapterMetricsQuery() {}

  /**
   * The query for {@code series}, asked with {@code selector}.
   *
   * @param namespace the HPA's namespace when the rule is namespaced
   * @param namespaceLabel the label the rule's resources give namespaces, if any
   * @throws IllegalArgumentException with the Adapter's reason when it cannot build one
   */
  static String build(
      String metricsQuery,
      String series,
      Optional<String> namespace,
      Optional<String> namespaceLabel,
      LabelSelector selector) {
    List<String[]> parts = new ArrayList<>(requirements(selector));
    if (namespace.isPresent()) {
      String label =
          namespaceLabel.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "unable to convert resource namespaces into label: no generic resource"
                          + " label form specified for this metric"));
      parts.add(new String[] {label, "=", namespace.get()});
    }
    List<String> matchers = new ArrayList<>();
    Map<String, String> valuesByName = new TreeMap<>();
    for (String[] part : parts) {
      matchers.add(part[0] + part[1] + GoText.goQuote(part[2]));
      valuesByName.put(part[0], part.length > 3 ? part[3] : part[2]);
    }
    String labelMatchers = String.join(",", matchers);
    StringBuilder out = new StringBuilder();
    Matcher action = ACTION.matcher(metricsQuery);
    while (action.find()) {
      String body = action.group(1);
      Matcher index = INDEX.matcher(body);
      String value =
          switch (body) {
            case ".Series" -> series;
            case ".LabelMatchers" -> labelMatchers;
            case ".GroupBy" -> "";
            case ".GroupBySlice" -> "[]";
            case ".LabelValuesByName" -> GoText.goMap(valuesByName);
            default -> {
              if (index.matches()) {
                yield valuesByName.getOrDefault(index.group(1), "");
              }
              throw new IllegalArgumentException(
                  "<<"
                      + body
                      + ">> in metricsQuery: scaleproof reads .Series, .LabelMatchers, .GroupBy,"
                      + " .GroupBySlice, .LabelValuesByName and index .LabelValuesByName \"label\"");
            }
          };
      action.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    action.appendTail(out);
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty query produced by metrics query template");
    }
    return out.toString();
  }

  /**
   * The selector's requirements as the Adapter turns them into matchers ({@code
   * processQueryParts}): label, operator, value, and the value {@code LabelValuesByName} keeps;
   * sorted by label, as Kubernetes orders a selector's requirements.
   */
  private static List<String[]> requirements(LabelSelector selector) {
    TreeMap<String, List<String[]>> byKey = new TreeMap<>();
    if (selector != null) {
      if (selector.getMatchLabels() != null) {
        selector
            .getMatchLabels()
            .forEach(
                (k, v) ->
                    byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(new String[] {k, "=", v}));
      }
      if (selector.getMatchExpressions() != null) {
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
          List<String> values =
              r.getValues() == null ? List.of() : r.getValues().stream().sorted().toList();
          String joined = String.join("|", values);
          String[] part =
              switch (r.getOperator()) {
                case "In" -> new String[] {r.getKey(), "=~", joined};
                case "NotIn" -> new String[] {r.getKey(), "!~", joined};
                case "Exists" -> new String[] {r.getKey(), "!=", "", ""};
                case "DoesNotExist" -> new String[] {r.getKey(), "=", "", ""};
                default ->
                    throw new IllegalArgumentException(
                        "operator not supported by query builder: " + r.getOperator());
              };
          byKey.computeIfAbsent(r.getKey(), x -> new ArrayList<>()).add(part);
        }
      }
    }
    List<String[]> parts = new ArrayList<>();
    byKey.values().forEach(parts::addAll);
    return parts;
  }
}
