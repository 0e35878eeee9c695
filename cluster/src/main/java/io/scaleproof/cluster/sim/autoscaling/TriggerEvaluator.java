package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.scaleproof.cluster.control.Timeline;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.BinaryOperator;

/**
 * One trigger through KEDA's metrics path, as both the poll and the HPA's request for an external
 * metric take it: the live Prometheus query (retried once on error, as the scalers cache rebuilds a
 * failed scaler), or the poll's record under {@code useCachedMetrics}; then {@link FallbackValue},
 * which counts the ScaledObject's health.
 */
final class TriggerEvaluator {
  /** One evaluation of a trigger: the outcome after fallback, the raw value, the query's time. */
  record Evaluation(FallbackValue.Outcome outcome, double raw, Double latencySeconds) {}

  private final BinaryOperator<String> dns;
  private final Timeline timeline;
  private final KedaMetrics metrics;
  private final ClusterObjects cluster;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param dns cluster DNS for the operator, which runs in namespace {@code keda}
   */
  TriggerEvaluator(
      BinaryOperator<String> dns, Timeline timeline, KedaMetrics metrics, ClusterObjects cluster) {
    this.dns = dns;
    this.timeline = timeline;
    this.metrics = metrics;
    this.cluster = cluster;
  }

  /**
   * @param cached the poll's record to serve instead of a live query, or null
   * @param currentReplicas the target's {@code spec.replicas}, for the fallback's behavior
   */
  Evaluation evaluate(
      ScaledObjectRuntime runtime,
      int index,
      ScaledObjectRuntime.Cached cached,
      int currentReplicas,
      Deployment target) {
    ScaledObjectSpec spec = runtime.spec;
    ScaledObjectSpec.Trigger trigger = spec.triggers().get(index);
    long milli;
    String error;
    double raw;
    Double latency = null;
    if (cached != null) {
      milli = cached.outcome().milli();
      error = cached.outcome().error();
      raw = milli / 1000.0;
    } else {
      PrometheusScaler scaler = scaler(trigger);
      long start = System.nanoTime();
      PrometheusScaler.Result result = scaler.query(timeline.now());
      if (result.failed()) {
        start = System.nanoTime();
        result = scaler.query(timeline.now());
      }
      latency = (System.nanoTime() - start) / 1e9;
      if (result.emptyUpstream()) {
        metrics.emptyUpstream(spec, index);
      }
      milli = PrometheusScaler.milli(result.value());
      error = result.error();
      raw = result.value();
    }
    FallbackValue.Outcome outcome =
        FallbackValue.apply(
            spec.fallback(),
            runtime.health,
            trigger.metricName(),
            milli,
            error,
            new FallbackValue.Target(trigger.metadata().threshold(), trigger.valueMetricType()),
            () -> currentReplicas,
            () -> ClusterObjects.ready(cluster.pods(target)));
    return new Evaluation(outcome, raw, latency);
  }

  /** The trigger's scaler, its server address resolved as the operator's pod would. */
  private PrometheusScaler scaler(ScaledObjectSpec.Trigger trigger) {
    PrometheusScaler.Metadata m = trigger.metadata();
    return new PrometheusScaler(
        new PrometheusScaler.Metadata(
            dns.apply(m.serverAddress(), "keda"),
            m.query(),
            m.threshold(),
            m.activationThreshold(),
            m.namespace(),
            m.queryParameters(),
            m.customHeaders(),
            m.ignoreNullValues(),
            m.timeout()),
        http);
  }
}
