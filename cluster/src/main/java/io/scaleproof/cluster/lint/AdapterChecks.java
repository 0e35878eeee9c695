package io.scaleproof.cluster.lint;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.PlainValues;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HPAs that scale on external metrics the Prometheus Adapter serves, against the Adapter's config
 * the pipeline carries (a ConfigMap whose YAML value has {@code externalRules}, as the Adapter's
 * Helm chart renders it): the config loads as the Adapter loads it, each HPA's external metric is
 * the name a rule gives a series the pipeline records, and the query the Adapter then sends reads
 * labels that series has. Without such a ConfigMap (an Adapter installed apart from the pipeline)
 * nothing is checked.
 */
final class AdapterChecks {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** One Adapter config: the ConfigMap and its key that carry it, and its rules. */
  private record Config(Declared configMap, String key, PrometheusAdapterRules rules) {
    String describe() {
      return configMap.describe() + " " + key;
    }
  }

  private AdapterChecks() {}

  static void check(LintModel model, Findings findings) {
    List<Config> configs = configs(model, findings);
    if (configs.isEmpty()) {
      return;
    }
    Set<String> recorded = new LinkedHashSet<>();
    model.rules.stream()
        .map(LintModel.RecordingRule::record)
        .filter(r -> r != null)
        .forEach(recorded::add);
    for (Declared hpa : model.ofKind("HorizontalPodAutoscaler")) {
      List<Object> metrics = hpa.list("spec", "metrics");
      for (int m = 0; m < metrics.size(); m++) {
        if ("External".equals(PlainValues.map(metrics.get(m)).get("type"))) {
          external(model, hpa, m, configs, recorded, findings);
        }
      }
    }
  }

  private static void external(
      LintModel model,
      Declared hpa,
      int index,
      List<Config> configs,
      Set<String> recorded,
      Findings findings) {
    Object[] metric = {"spec", "metrics", index, "external", "metric"};
    String name = hpa.string("spec", "metrics", index, "external", "metric", "name");
    if (name == null) {
      return; // the schema check names the missing field
    }
    for (Config config : configs) {
      List<PrometheusAdapterRules.Served> served = config.rules().serving(name, recorded);
      if (served.isEmpty()) {
        continue;
      }
      PrometheusAdapterRules.Served first = served.get(0);
      Object[] selectorPath = SchemaChecks.append(metric, "selector");
      LabelSelector selector =
          SERIALIZATION.convertValue(hpa.at(selectorPath), LabelSelector.class);
      String namespace = hpa.namespace();
      var namespaceLabel = first.rule().namespaceLabel();
      Set<String> recordedLabels = recordedLabels(model, first.series());
      if (first.rule().namespaced()
          && namespaceLabel.isPresent()
          && recordedLabels != null
          && !recordedLabels.contains(namespaceLabel.get())) {
        findings.add(
            Rule.LABEL_UNKNOWN,
            hpa,
            selectorPath,
            namespaceLabel.get(),
            "the Adapter's rule for "
                + name
                + " ("
                + config.describe()
                + ", "
                + first.rule().field()
                + ") is namespaced and matches `"
                + namespaceLabel.get()
                + "`, which `"
                + first.series()
                + "` does not have (it has: "
                + String.join(", ", recordedLabels.stream().sorted().toList())
                + "): the query selects nothing",
            "Set resources.namespaced: false in the rule, or keep `"
                + namespaceLabel.get()
                + "` in the recording rule's by (...)");
        namespace = null; // the rest of the query is checked as the series has it
      }
      String query;
      try {
        query = first.rule().query(first.series(), namespace, selector);
      } catch (IllegalArgumentException e) {
        findings.add(
            Rule.ADAPTER_QUERY,
            hpa,
            selectorPath,
            "the Adapter cannot build the query for "
                + name
                + " ("
                + config.describe()
                + ", "
                + first.rule().field()
                + "): "
                + e.getMessage(),
            "Give the rule's resources a label for namespaces (an override or a template), or"
                + " set resources.namespaced: false when the series has no namespace label");
        return;
      }
      SeriesChecks.query(model, findings, query, hpa, selectorPath);
      return;
    }
    Set<String> offered = new LinkedHashSet<>();
    for (Config config : configs) {
      for (PrometheusAdapterRules.ExternalRule rule : config.rules().externalRules()) {
        recorded.stream()
            .filter(rule::lists)
            .map(rule::metricName)
            .flatMap(java.util.Optional::stream)
            .forEach(offered::add);
      }
    }
    findings.add(
        Rule.ADAPTER_METRIC_UNSERVED,
        hpa,
        SchemaChecks.append(metric, "name"),
        "no external rule of the Prometheus Adapter ("
            + String.join("; ", configs.stream().map(Config::describe).toList())
            + ") gives a recorded series the name "
            + name
            + ": the HPA never finds the metric (ScalingActive False, FailedGetExternalMetric)",
        offered.isEmpty()
            ? "Add an external rule whose seriesQuery lists a recording rule's series and whose"
                + " name.as gives it this name"
            : "The rules give: " + String.join(", ", offered));
  }

  /**
   * The labels the recording rule for {@code series} keeps; null when no rule records it or its
   * expression does not parse (promtool check rules says why).
   */
  private static Set<String> recordedLabels(LintModel model, String series) {
    try {
      return model.recording(series).map(r -> PromQl.parse(r.expr()).resultLabels()).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The ConfigMaps' values that are Adapter configs, read; one the Adapter refuses is a finding.
   */
  private static List<Config> configs(LintModel model, Findings findings) {
    List<Config> configs = new ArrayList<>();
    for (Declared configMap : model.ofKind("ConfigMap")) {
      for (Map.Entry<String, Object> entry : configMap.map("data").entrySet()) {
        Map<String, Object> config = PrometheusAdapterRules.configIn(entry.getValue()).orElse(null);
        if (config == null) {
          continue;
        }
        try {
          configs.add(
              new Config(
                  configMap, entry.getKey(), PrometheusAdapterRules.of(configMap.file(), config)));
        } catch (InvalidInputException e) {
          findings.add(
              Rule.ADAPTER_RULES_REFUSED,
              configMap,
              new Object[] {"data", entry.getKey()},
              "the Prometheus Adapter refuses this config: "
                  + e.getMessage().substring(String.valueOf(e.file()).length() + 2),
              "Fix the rule: the Adapter does not start with it, and no HPA gets its metrics");
        }
      }
    }
    return configs;
  }
}
