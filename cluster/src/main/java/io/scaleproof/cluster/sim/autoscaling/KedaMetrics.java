package io.scaleproof.cluster.sim.autoscaling;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The KEDA operator's own metrics ({@code pkg/metricscollector/prommetrics.go}) with upstream's
 * names, help texts and labels, recorded where upstream records them: per scaler on every poll and
 * every HPA request ({@code keda_scaler_metrics_value}, {@code
 * keda_scaler_metrics_latency_seconds}, {@code keda_scaler_detail_errors_total}; {@code
 * keda_scaler_active} on the poll only), per ScaledObject ({@code keda_scaled_object_errors_total},
 * {@code keda_scaled_object_paused}, {@code keda_internal_scale_loop_latency_seconds}) and per
 * registration. A scaler's series are deleted on every reconcile that restarts its loop, as
 * upstream's {@code DeleteScalerMetrics} does.
 *
 * <p>{@code keda_scaler_errors_total} no longer exists upstream (removed in KEDA 2.17); its
 * successor is {@code sum(keda_scaler_detail_errors_total)}.
 */
public final class KedaMetrics {
  private static final String[] SCALER_LABELS = {
    "namespace", "metric", "scaledObject", "scaler", "triggerIndex", "type"
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge value =
      Gauge.builder()
          .name("keda_scaler_metrics_value")
          .help(
              "The current value for each scaler's metric that would be used by the HPA in"
                  + " computing the target average.")
          .labelNames(SCALER_LABELS)
          .register(registry);
  private final Gauge latency =
      Gauge.builder()
          .name("keda_scaler_metrics_latency_seconds")
          .help("The latency of retrieving current metric from each scaler, in seconds.")
          .labelNames(SCALER_LABELS)
          .register(registry);
  private final Gauge active =
      Gauge.builder()
          .name("keda_scaler_active")
          .help("Indicates whether a scaler is active (1), or not (0).")
          .labelNames(SCALER_LABELS)
          .register(registry);
  private final Counter detailErrors =
      Counter.builder()
          .name("keda_scaler_detail_errors_total")
          .help("The total number of errors encountered for each scaler.")
          .labelNames(SCALER_LABELS)
          .register(registry);
  private final Counter objectErrors =
      Counter.builder()
          .name("keda_scaled_object_errors_total")
          .help("The number of errors that have occurred for each ScaledObject.")
          .labelNames("namespace", "scaledObject")
          .register(registry);
  private final Gauge paused =
      Gauge.builder()
          .name("keda_scaled_object_paused")
          .help("Indicates whether a ScaledObject is paused (1), or not (0).")
          .labelNames("namespace", "scaledObject")
          .register(registry);
  private final Counter emptyUpstream =
      Counter.builder()
          .name("keda_scaler_empty_upstream_responses_total")
          .help("Number of times a query returns an empty result")
          .labelNames(
              "namespace",
              "scaledResource",
              "triggerName",
              "metricName",
              "resourceType",
              "ignoreNullValues")
          .register(registry);
  private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

  private record Registration(String namespace, List<String> triggerTypes) {}

  private final Gauge loopLatency =
      Gauge.builder()
          .name("keda_internal_scale_loop_latency_seconds")
          .help(
              "Total deviation (in seconds) between the expected execution time and the actual"
                  + " execution time for the scaling loop.")
          .labelNames("namespace", "type", "resource")
          .register(registry);

  public KedaMetrics() {
    GaugeWithCallback.builder()
        .name("keda_trigger_registered_total")
        .help("Total number of triggers per trigger type registered.")
        .labelNames("type")
        .callback(
            callback ->
                registrations.values().stream()
                    .flatMap(r -> r.triggerTypes().stream())
                    .collect(Collectors.groupingBy(t -> t, TreeMap::new, Collectors.counting()))
                    .forEach((type, count) -> callback.call(count, type)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("keda_resource_registered_total")
        .help(
            "Total number of KEDA custom resources per namespace for each custom resource type"
                + " (CRD) registered.")
        .labelNames("type", "namespace")
        .callback(
            callback ->
                registrations.values().stream()
                    .collect(
                        Collectors.groupingBy(
                            Registration::namespace, TreeMap::new, Collectors.counting()))
                    .forEach(
                        (namespace, count) -> callback.call(count, "scaled_object", namespace)))
        .register(registry);
    Info.builder()
        .name("keda_build_info")
        .help(
            "Info metric, with static information about KEDA build like: version, git commit and"
                + " Golang runtime info.")
        .labelNames("version", "git_commit", "goversion", "goos", "goarch")
        .register(registry)
        .addLabelValues(
            "scaleproof-emulation",
            "",
            "java" + Runtime.version().feature(),
            System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT),
            System.getProperty("os.arch"));
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * One scaler evaluation ({@code getScalerState} on the poll, {@code GetScaledObjectMetrics} for
   * the HPA): the latency when the query ran, the value unless it failed, and the error counters.
   *
   * @param latencySeconds the query's duration, or null when no query ran (a cached record)
   * @param activeOnPoll on the poll path, whether the trigger is active; null on the HPA path
   */
  void evaluated(
      ScaledObjectSpec spec,
      int index,
      Double latencySeconds,
      FallbackValue.Outcome outcome,
      Boolean activeOnPoll) {
    String[] labels = scalerLabels(spec, index);
    if (latencySeconds != null) {
      latency.labelValues(labels).set(latencySeconds);
    }
    if (!outcome.failed()) {
      value.labelValues(labels).set(outcome.milli() / 1000.0);
      if (activeOnPoll != null) {
        active.labelValues(labels).set(activeOnPoll ? 1 : 0);
      }
      detailErrors.labelValues(labels);
      objectErrors.labelValues(spec.namespace(), spec.name());
    } else {
      detailErrors.labelValues(labels).inc();
      objectErrors.labelValues(spec.namespace(), spec.name()).inc();
    }
  }

  /** The poll counts a failed trigger once more on its ScaledObject ({@code checkScalers}). */
  void pollFailed(ScaledObjectSpec spec) {
    objectErrors.labelValues(spec.namespace(), spec.name()).inc();
  }

  /** An empty answer from Prometheus, counted whether or not it is an error. */
  void emptyUpstream(ScaledObjectSpec spec, int index) {
    ScaledObjectSpec.Trigger trigger = spec.triggers().get(index);
    emptyUpstream
        .labelValues(
            spec.namespace(),
            spec.name(),
            trigger.name() == null ? "" : trigger.name(),
            trigger.metricName(),
            "ScaledObject",
            String.valueOf(trigger.metadata().ignoreNullValues()))
        .inc();
  }

  /** How late the poll started against its schedule. */
  void pollStarted(ScaledObjectSpec spec, double lateSeconds) {
    loopLatency.labelValues(spec.namespace(), "scaledobject", spec.name()).set(lateSeconds);
  }

  /**
   * A reconcile ({@code updatePromMetrics}): the ScaledObject and its triggers registered once,
   * whatever the outcome of the checks.
   */
  void registered(String namespace, String name, List<String> triggerTypes) {
    registrations.put(namespace + "/" + name, new Registration(namespace, triggerTypes));
  }

  /** A deleted ScaledObject: only the registration gauges go down, as upstream. */
  void unregistered(String namespace, String name) {
    registrations.remove(namespace + "/" + name);
  }

  /** A reconcile that (re)starts the loop: the ScaledObject's scaler series are deleted. */
  void reconciled(ScaledObjectSpec spec) {
    List<String> key = List.of(spec.namespace(), spec.name(), "scaledobject");
    for (var metric : List.of(value, latency, active)) {
      metric.removeIf(l -> List.of(l.get(0), l.get(2), l.get(5)).equals(key));
    }
    detailErrors.removeIf(l -> List.of(l.get(0), l.get(2), l.get(5)).equals(key));
  }

  void paused(String namespace, String name, boolean isPaused) {
    paused.labelValues(namespace, name).set(isPaused ? 1 : 0);
  }

  private static String[] scalerLabels(ScaledObjectSpec spec, int index) {
    ScaledObjectSpec.Trigger trigger = spec.triggers().get(index);
    return new String[] {
      spec.namespace(),
      trigger.metricName(),
      spec.name(),
      trigger.scalerLabel(),
      String.valueOf(index),
      "scaledobject"
    };
  }
}
