package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KEDA's metrics with upstream's names and labels, recorded as {@code scale_handler.go} records
 * them (label values from {@code prommetrics.go}: {@code scaler} is the scaler's Go type, or the
 * trigger's name; {@code type} is {@code scaledobject}).
 */
class KedaMetricsTest {
  private static final String LABELS =
      "{metric=\"s0-prometheus\",namespace=\"apps\",scaledObject=\"web\","
          + "scaler=\"prometheusScaler\",triggerIndex=\"0\",type=\"scaledobject\"}";

  private final KedaMetrics metrics = new KedaMetrics();
  private final ScaledObjectSpec spec = spec();

  @Test
  void aSuccessfulPollSetsValueActiveAndLatencyAndStartsTheErrorCountersAtZero() throws Exception {
    metrics.evaluated(spec, 0, 0.012, new FallbackValue.Outcome(182_500, null, false), true);

    String text = exposition();
    assertThat(text)
        .contains("keda_scaler_metrics_value" + LABELS + " 182.5")
        .contains("keda_scaler_active" + LABELS + " 1.0")
        .contains("keda_scaler_metrics_latency_seconds" + LABELS + " 0.012")
        .contains("keda_scaler_detail_errors_total" + LABELS + " 0.0")
        .contains("keda_scaled_object_errors_total{namespace=\"apps\",scaledObject=\"web\"} 0.0");
  }

  /** A failing trigger counts once per scaler and twice per ScaledObject on each poll. */
  @Test
  void aFailedPollCountsErrorsAndKeepsTheLastValue() throws Exception {
    metrics.evaluated(spec, 0, 0.01, new FallbackValue.Outcome(90_000, null, false), true);
    metrics.evaluated(
        spec, 0, 0.02, new FallbackValue.Outcome(0, "connection refused", false), true);
    metrics.pollFailed(spec);

    String text = exposition();
    assertThat(text)
        .contains("keda_scaler_metrics_value" + LABELS + " 90.0")
        .contains("keda_scaler_detail_errors_total" + LABELS + " 1.0")
        .contains("keda_scaled_object_errors_total{namespace=\"apps\",scaledObject=\"web\"} 2.0");
  }

  @Test
  void theHpaPathLeavesActivityAlone() throws Exception {
    metrics.evaluated(spec, 0, null, new FallbackValue.Outcome(5_000, null, false), null);
    assertThat(exposition())
        .doesNotContain("keda_scaler_active{")
        .doesNotContain("latency_seconds{");
  }

  @Test
  void aReconcileDeletesTheScalerSeriesAndRegistrationCountsOnce() throws Exception {
    metrics.evaluated(spec, 0, 0.01, new FallbackValue.Outcome(1_000, null, false), true);
    metrics.registered("apps", "web", List.of("prometheus"));
    metrics.registered("apps", "web", List.of("prometheus"));
    metrics.reconciled(spec);

    String text = exposition();
    assertThat(text)
        .doesNotContain("keda_scaler_metrics_value{")
        .contains("keda_resource_registered_total{namespace=\"apps\",type=\"scaled_object\"} 1")
        .contains("keda_trigger_registered_total{type=\"prometheus\"} 1");
    metrics.unregistered("apps", "web");
    assertThat(exposition()).doesNotContain("keda_resource_registered_total{");
  }

  private String exposition() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, metrics.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static ScaledObjectSpec spec() {
    String yaml =
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: web, namespace: apps}
        spec:
          scaleTargetRef: {name: web}
          triggers:
            - {type: prometheus, metadata: {serverAddress: "http://p:9090", query: a, threshold: "1"}}
        """;
    try {
      return ScaledObjectSpec.parse(
          new KubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class));
    } catch (ScaledObjectSpec.Invalid e) {
      throw new AssertionError(e);
    }
  }
}
