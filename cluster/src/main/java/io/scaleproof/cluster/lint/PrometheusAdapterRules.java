package io.scaleproof.cluster.lint;

import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.YamlDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The Prometheus Adapter's external rules ({@code externalRules} of its {@code --config}), and what
 * the Adapter makes of them (v0.12.0, {@code pkg/naming}): which series a rule lists, the metric
 * name it gives each ({@code name.matches} and {@code name.as}, with Go's {@code $1} expansion),
 * and the PromQL it sends when an HPA asks for an external metric ({@code metricsQuery} with {@code
 * <<.Series>>} and {@code <<.LabelMatchers>>} built from the HPA's metric selector, and the
 * namespace unless {@code resources.namespaced} is false). So a pipeline that scales with the plain
 * HPA can be read from its files as one that scales with KEDA: from the HPA's metric to the query.
 */
public final class PrometheusAdapterRules {
  private final List<ExternalRule> externalRules;

  private PrometheusAdapterRules(List<ExternalRule> externalRules) {
    this.externalRules = List.copyOf(externalRules);
  }

  /**
   * Reads the Adapter's rules file.
   *
   * @throws InvalidInputException naming the file and the rule's field for what the Adapter refuses
   *     at its start: a rule without {@code seriesQuery} or {@code metricsQuery}, a regular
   *     expression that does not compile, a filter with both or neither of {@code is} and {@code
   *     isNot}, a {@code name.matches} of several groups without {@code as}
   */
  public static PrometheusAdapterRules read(Path file) {
    List<YamlDocuments.Document> documents = YamlDocuments.read(file);
    return of(file, documents.isEmpty() ? Map.of() : map(documents.get(0).value()));
  }

  /**
   * The rules of a config already read, such as a ConfigMap's {@code config.yaml} in {@code file}.
   *
   * @throws InvalidInputException as {@link #read(Path)}
   */
  public static PrometheusAdapterRules of(Path file, Map<String, Object> config) {
    List<ExternalRule> rules = new ArrayList<>();
    List<Object> declared = list(config.get("externalRules"));
    for (int i = 0; i < declared.size(); i++) {
      rules.add(ExternalRule.of(file, "externalRules[" + i + "]", i, map(declared.get(i))));
    }
    return new PrometheusAdapterRules(rules);
  }

  /** A ConfigMap's value as an Adapter config (YAML with {@code externalRules}), if it is one. */
  public static Optional<Map<String, Object>> configIn(Object configMapValue) {
    try {
      return configMapValue instanceof String text
              && text.contains("externalRules")
              && new Load(LoadSettings.builder().build()).loadFromString(text)
                  instanceof Map<?, ?> c
              && c.containsKey("externalRules")
          ? Optional.of(map(c))
          : Optional.empty();
    } catch (YamlEngineException e) {
      return Optional.empty();
    }
  }

  public List<ExternalRule> externalRules() {
    return externalRules;
  }

  /** A series and the rule that serves it under an external metric's name. */
  public record Served(ExternalRule rule, String series) {}

  /**
   * Where the Adapter finds the external metric {@code metric} among {@code series}: each rule
   * whose series query and filters list a series it names {@code metric}, in the rules' order.
   */
  public List<Served> serving(String metric, Collection<String> series) {
    List<Served> served = new ArrayList<>();
    for (ExternalRule rule : externalRules) {
      for (String name : series) {
        if (rule.lists(name) && rule.metricName(name).filter(metric::equals).isPresent()) {
          served.add(new Served(rule, name));
        }
      }
    }
    return served;
  }

  /** One external rule, compiled as the Adapter compiles it. */
  public record ExternalRule(
      int index,
      String field,
      String seriesQuery,
      PromQl.Selector selects,
      List<Pattern> seriesIs,
      List<Pattern> seriesIsNot,
      Pattern nameMatches,
      String nameAs,
      boolean namespaced,
      Optional<String> namespaceLabel,
      String metricsQuery) {

    static ExternalRule of(Path file, String field, int index, Map<String, Object> rule) {
      String seriesQuery = required(file, field + ".seriesQuery", rule.get("seriesQuery"));
      String metricsQuery = required(file, field + ".metricsQuery", rule.get("metricsQuery"));
      PromQl.Expression parsed;
      try {
        parsed = PromQl.parse(seriesQuery);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            file, field + ".seriesQuery", e.getMessage(), "Give a series selector");
      }
      if (parsed.selectors().size() != 1) {
        throw new InvalidInputException(
            file,
            field + ".seriesQuery",
            "'" + seriesQuery + "' is not one series selector",
            "Give one selector, such as {__name__=\"my_series\",service_name!=\"\"}");
      }
      List<Pattern> is = new ArrayList<>();
      List<Pattern> isNot = new ArrayList<>();
      List<Object> filters = list(rule.get("seriesFilters"));
      for (int i = 0; i < filters.size(); i++) {
        String at = field + ".seriesFilters[" + i + "]";
        Map<String, Object> filter = map(filters.get(i));
        Object positive = filter.get("is");
        Object negative = filter.get("isNot");
        if ((positive == null) == (negative == null)) {
          throw new InvalidInputException(
              file,
              at,
              "a filter needs exactly one of `is` and `isNot`",
              "Keep one; the Adapter refuses the rules otherwise");
        }
        if (positive != null) {
          is.add(regex(file, at + ".is", String.valueOf(positive)));
        } else {
          isNot.add(regex(file, at + ".isNot", String.valueOf(negative)));
        }
      }
      Map<String, Object> name = map(rule.get("name"));
      Object matches = name.get("matches");
      Pattern nameMatches =
          matches == null || String.valueOf(matches).isEmpty()
              ? Pattern.compile(".*")
              : regex(file, field + ".name.matches", String.valueOf(matches));
      if (matches != null && !String.valueOf(matches).isEmpty()) {
        is.add(nameMatches);
      }
      Object as = name.get("as");
      String nameAs;
      if (as != null && !String.valueOf(as).isEmpty()) {
        nameAs = String.valueOf(as);
      } else {
        int groups = nameMatches.matcher("").groupCount();
        if (groups > 1) {
          throw new InvalidInputException(
              file,
              field + ".name.as",
              "name.matches '" + matches + "' has " + groups + " groups and no `as`",
              "Say which name the series get, such as \"$1\"");
        }
        nameAs = groups == 1 ? "$1" : "$0";
      }
      Map<String, Object> resources = map(rule.get("resources"));
      boolean namespaced = !Boolean.FALSE.equals(resources.get("namespaced"));
      return new ExternalRule(
          index,
          field,
          seriesQuery,
          parsed.selectors().get(0),
          List.copyOf(is),
          List.copyOf(isNot),
          nameMatches,
          nameAs,
          namespaced,
          PrometheusAdapterRules.namespaceLabel(resources),
          metricsQuery);
    }

    /**
     * Whether the rule's series query and its filters list the series {@code name}, as far as the
     * name tells: the selector's metric name and {@code __name__} matchers (Prometheus anchors a
     * regular expression at both ends), then the filters on the name (Go's unanchored match).
     */
    public boolean lists(String name) {
      if (selects.metric() != null && !selects.metric().equals(name)) {
        return false;
      }
      for (PromQl.LabelMatcher matcher : selects.matchers()) {
        if (!matcher.label().equals("__name__")) {
          continue;
        }
        boolean matched =
            switch (matcher.op()) {
              case "!=" -> !matcher.value().equals(name);
              case "=~" -> Pattern.compile(GoText.goRegex(matcher.value())).matcher(name).matches();
              case "!~" ->
                  !Pattern.compile(GoText.goRegex(matcher.value())).matcher(name).matches();
              default -> matcher.value().equals(name);
            };
        if (!matched) {
          return false;
        }
      }
      return seriesIs.stream().allMatch(p -> p.matcher(name).find())
          && seriesIsNot.stream().noneMatch(p -> p.matcher(name).find());
    }

    /**
     * The metric name the Adapter gives the series ({@code MetricNameForSeries}): {@code name.as}
     * expanded on {@code name.matches}' first match; empty when it does not match.
     */
    public Optional<String> metricName(String series) {
      Matcher matcher = nameMatches.matcher(series);
      if (!matcher.find()) {
        return Optional.empty();
      }
      return Optional.of(GoText.expand(nameAs, matcher));
    }

    /**
     * The PromQL the Adapter sends for {@code series} when an HPA in {@code namespace} asks with
     * {@code selector} ({@code BuildExternal}).
     *
     * @throws IllegalArgumentException with the Adapter's reason when it cannot build one
     */
    public String query(String series, String namespace, LabelSelector selector) {
      return AdapterMetricsQuery.build(
          metricsQuery,
          series,
          namespaced ? Optional.ofNullable(namespace).filter(n -> !n.isEmpty()) : Optional.empty(),
          namespaceLabel,
          selector);
    }
  }

  /**
   * The namespace's label: the override whose resource is namespaces, else the template with {@code
   * <<.Resource>>} as {@code namespace} and {@code <<.Group>>} empty; none without either.
   */
  private static Optional<String> namespaceLabel(Map<String, Object> resources) {
    for (Map.Entry<String, Object> override : map(resources.get("overrides")).entrySet()) {
      Map<String, Object> target = map(override.getValue());
      Object resource = target.get("resource");
      Object group = target.get("group");
      if ((group == null || String.valueOf(group).isEmpty())
          && ("namespace".equals(resource) || "namespaces".equals(resource))) {
        return Optional.of(override.getKey());
      }
    }
    return Optional.ofNullable(resources.get("template"))
        .map(String::valueOf)
        .filter(template -> !template.isEmpty())
        .map(
            template ->
                template
                    .replaceAll("<<-?\\s*\\.Resource\\s*-?>>", "namespace")
                    .replaceAll("<<-?\\s*\\.Group\\s*-?>>", ""));
  }

  private static Pattern regex(Path file, String field, String regex) {
    try {
      return Pattern.compile(GoText.goRegex(regex));
    } catch (PatternSyntaxException e) {
      throw new InvalidInputException(
          file,
          field,
          "'" + regex + "' is not a regular expression: " + e.getDescription(),
          "Fix the expression; the Adapter refuses the rules otherwise");
    }
  }

  private static String required(Path file, String field, Object value) {
    if (value == null || String.valueOf(value).isBlank()) {
      throw new InvalidInputException(
          file, field, "is missing", "Give it; the Adapter needs it for every rule");
    }
    return String.valueOf(value);
  }
}
