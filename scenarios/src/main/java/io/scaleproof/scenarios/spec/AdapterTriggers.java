package io.scaleproof.scenarios.spec;

import static io.scaleproof.cluster.PlainValues.at;
import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.lint.PrometheusAdapterRules;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.spec.ScalingChain.DeclaredTrigger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An HPA's external metrics as the Prometheus Adapter serves them, read as the triggers of the
 * service's chain: for each metric, the recorded series that an external rule of the pipeline's
 * Adapter config names so, and the query the Adapter then sends for the HPA's selector in its
 * namespace ({@link PrometheusAdapterRules}, a port of the Adapter's own naming and query
 * building). The Prometheus asked is the project's {@code prometheusAdapter.prometheusUrl}. Every
 * error names the project file's field and the fix.
 *
 * @param file the project file
 * @param entry the service's entry in it, {@code services[i]}
 * @param adapter how the project's Adapter runs
 * @param config the Adapter's config, as the pipeline's ConfigMap carries it
 * @param rules the config's external rules
 */
record AdapterTriggers(
    Path file, String entry, AdapterConfig config, PrometheusAdapterRules rules) {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * The Adapter of {@code project}, with the config its pipeline carries.
   *
   * @param hpa the HPA that needs it, as errors name it
   * @throws InvalidInputException when the project declares no {@code prometheusAdapter}, or its
   *     pipeline no ConfigMap with the Adapter's config (or several, with none chosen)
   */
  static AdapterTriggers of(
      Project project,
      String entry,
      Pipeline pipeline,
      List<Map<String, Object>> objects,
      String hpa) {
    DeclaredAdapter adapter =
        project
            .prometheusAdapter()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        project.file(),
                        "prometheusAdapter",
                        "is missing, and "
                            + hpa
                            + " scales on external metrics, as the Prometheus Adapter serves them",
                        "Say how the Adapter runs: prometheusAdapter: {prometheusUrl:"
                            + " http://prometheus.monitoring.svc:9090, relistInterval: 1m}"));
    List<String> found = new ArrayList<>();
    Map<String, Object> config = null;
    String chosen = null;
    String text = null;
    for (Map<String, Object> object : objects) {
      if (!"ConfigMap".equals(object.get("kind"))) {
        continue;
      }
      String name = ChainReader.namespaceOf(object) + "/" + at(object, "metadata", "name");
      for (Object value : map(object.get("data")).values()) {
        var adapterConfig = PrometheusAdapterRules.configIn(value);
        if (adapterConfig.isPresent()) {
          found.add(name);
          if (adapter.configMap().map(name::equals).orElse(true)) {
            config = adapterConfig.get();
            chosen = name;
            text = String.valueOf(value);
          }
        }
      }
    }
    if (config == null || (adapter.configMap().isEmpty() && found.size() > 1)) {
      boolean named = adapter.configMap().isPresent();
      throw new InvalidInputException(
          project.file(),
          "prometheusAdapter.configMap",
          found.isEmpty()
              ? "the pipeline declares no ConfigMap with the Prometheus Adapter's config (YAML"
                  + " with externalRules), which "
                  + hpa
                  + " needs"
              : named
                  ? "names " + adapter.configMap().get() + ", which carries no Adapter config"
                  : found.size() + " ConfigMaps carry an Adapter config: " + found,
          found.isEmpty()
              ? "Declare the Adapter's config in the pipeline, as its Helm chart renders it"
              : "Name the one the Adapter reads: one of " + found);
    }
    String[] parts = chosen.split("/", 2);
    Path declaring = pipeline.declaringPath("ConfigMap", parts[0], parts[1]);
    PrometheusAdapterRules rules = PrometheusAdapterRules.of(declaring, config);
    return new AdapterTriggers(
        project.file(), entry, new AdapterConfig(adapter, chosen, text), rules);
  }

  /**
   * The HPA's external metrics, in the order of its {@code spec.metrics}, as triggers of type
   * {@link DeclaredTrigger#EXTERNAL}: the metric's name, its target's type and number, and the
   * Adapter's query over the series it serves under that name.
   *
   * @param recorded the series the pipeline's recording rules record
   * @throws InvalidInputException when no rule serves a metric, or the Adapter cannot build its
   *     query
   */
  List<DeclaredTrigger> declared(
      Map<String, Object> hpa, String namespace, Collection<String> recorded) {
    List<DeclaredTrigger> triggers = new ArrayList<>();
    String hpaName = "HorizontalPodAutoscaler " + namespace + "/" + at(hpa, "metadata", "name");
    List<Object> metrics = list(at(hpa, "spec", "metrics"));
    for (int i = 0; i < metrics.size(); i++) {
      Map<String, Object> metric = map(metrics.get(i));
      if (!"External".equals(metric.get("type"))) {
        continue;
      }
      String name = String.valueOf(at(metric, "external", "metric", "name"));
      List<PrometheusAdapterRules.Served> served = rules.serving(name, recorded);
      if (served.isEmpty()) {
        throw invalid(
            "deployment",
            "no external rule of the Prometheus Adapter's config ("
                + config.configMap()
                + ") gives a recorded series the name "
                + name
                + ", which "
                + hpaName
                + " scales on: the HPA would never find its metric",
            "Check the pipeline with `scaleproof lint`, which names what the rules give");
      }
      LabelSelector selector =
          SERIALIZATION.convertValue(
              at(metric, "external", "metric", "selector"), LabelSelector.class);
      String query;
      try {
        query = served.get(0).rule().query(served.get(0).series(), namespace, selector);
      } catch (IllegalArgumentException e) {
        throw invalid(
            "deployment",
            "the Prometheus Adapter cannot build the query for "
                + name
                + " of "
                + hpaName
                + ": "
                + e.getMessage(),
            "Check the pipeline with `scaleproof lint`");
      }
      Map<String, Object> target = map(at(metric, "external", "target"));
      String type = String.valueOf(target.get("type"));
      Object quantity = "Value".equals(type) ? target.get("value") : target.get("averageValue");
      triggers.add(
          new DeclaredTrigger(
              i,
              name,
              DeclaredTrigger.EXTERNAL,
              type,
              query,
              quantity == null
                  ? null
                  : new Quantity(String.valueOf(quantity)).getNumericalAmount().doubleValue(),
              config.adapter().prometheusUrl().toString()));
    }
    return triggers;
  }

  private InvalidInputException invalid(String field, String problem, String fix) {
    return new InvalidInputException(file, entry + "." + field, problem, fix);
  }
}
