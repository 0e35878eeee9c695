package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The declared pipeline's ScaledObject for the Java app, driven by real load through the real
 * Collector and Prometheus, decided by the KEDA and HPA emulation (HPA sync compressed to 5 s):
 * load above capacity scales the app up, and after the load it comes back down after the scale-down
 * window (ScalingSuiteIT covers it on every pull request). Then the same trigger as AverageValue,
 * the common mistake, with KEDA's own metrics and the HPA's Events.
 *
 * <p>Nightly: the AverageValue arithmetic itself is checked on every pull request with upstream's
 * cases (ExternalMetricReplicasTest); this live demonstration of it, with the scale-down it leaves
 * behind, takes three minutes.
 */
@Tag("nightly")
@ExtendWith(SharedPipeline.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KedaScalingIT {
  private static final String APP = "java-app";

  private PipelineSession session;
  private Cluster cluster;
  private Pipeline.Installed installed;
  private String apps;
  private URI prometheus;
  private URI work;

  @BeforeAll
  void onTheSharedPipeline(PipelineSession shared) {
    session = shared;
    cluster = shared.cluster();
    installed = shared.installed();
    apps = shared.namespace("apps");
    prometheus = cluster.serviceUrl(shared.namespace("observability"), "prometheus", 9090);
    work = cluster.serviceUrl(apps, APP, 8080).resolve("/work");
  }

  // The same journey as ScalingSuiteIT's java-app test, which runs on every pull request; this one
  // drives it with a plain HTTP client instead of Gatling, nightly.
  @Test
  @Order(1)
  @DisplayName("Value p95 trigger: above capacity the app scales up, after the load back to 1")
  void scalesUpUnderLoadAndBackDown() {
    // 2 workers × 50 ms mean: about 40 requests/s per replica. 60/s needs a second replica.
    try (SteadyLoad load = SteadyLoad.start(work, 60)) {
      await(APP + " scaled above 1 replica while p95 is past 150 ms")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> replicas() >= 2);
      System.out.printf(
          "keda scaling: under 60 req/s %s went to %d replicas (p95 rule %s)%n",
          APP, replicas(), p95());
      awaitKedaScalerMetric();
    }
    // No traffic: the rule has no series, the scaler reads 0 (ignoreNullValues), the HPA wants
    // the minimum, held by the 60 s scale-down window and halved at most every 30 s.
    await(APP + " back to 1 replica after the load and the scale-down window")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> replicas() == 1);
    assertThat(cluster.client().v1().events().inNamespace(apps).list().getItems())
        .as("SuccessfulRescale Events on keda-hpa-%s", APP)
        .anyMatch(
            e ->
                "SuccessfulRescale".equals(e.getReason())
                    && e.getMessage().contains("above target"))
        .anyMatch(
            e ->
                "SuccessfulRescale".equals(e.getReason())
                    && e.getMessage().contains("All metrics below target"));
  }

  @Test
  @Order(2)
  @DisplayName("AverageValue on a latency (the common mistake): ceil(p95 / threshold) replicas")
  void averageValueGivesCeilOfP95OverThreshold() {
    // A threshold far under the app's p95 at light load (about 100 ms): with AverageValue the HPA
    // divides the query's value by the replica count, so it asks ceil(p95 / 40) replicas whatever
    // the count is, and adding replicas (which does not lower a light-load p95) changes nothing.
    // Pushed to Git, as a team changes a threshold: Argo CD syncs the commit, KEDA updates the HPA.
    String file = "apps/scaledobjects.yaml";
    String[] documents = installed.read(file).split("\n---\n", 2);
    String javaApp =
        documents[0]
            .replace(
                "name: p95-latency\n      metricType: Value",
                "name: p95-latency\n      metricType: AverageValue")
            .replaceFirst("threshold: \"150\"", "threshold: \"40\"");
    assertThat(javaApp).as("the java-app ScaledObject in " + file).isNotEqualTo(documents[0]);
    installed.commit(
        "java-app: p95 as AverageValue, threshold 40",
        Map.of(file, javaApp + "\n---\n" + documents[1]));
    try {
      averageValueSettlesAtCeilOfP95OverThreshold();
    } finally {
      session.restore("AverageValue", java.util.List.of(file), Progress.to(System.out));
    }
  }

  private void averageValueSettlesAtCeilOfP95OverThreshold() {
    await("the new threshold on keda-hpa-" + APP + ", synced from Git")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              var hpa =
                  cluster
                      .client()
                      .autoscaling()
                      .v2()
                      .horizontalPodAutoscalers()
                      .inNamespace(apps)
                      .withName("keda-hpa-" + APP)
                      .get();
              return hpa != null
                  && hpa.getSpec().getMetrics().stream()
                      .anyMatch(
                          m ->
                              "AverageValue".equals(m.getExternal().getTarget().getType())
                                  && m.getExternal().getTarget().getAverageValue() != null
                                  && m.getExternal()
                                          .getTarget()
                                          .getAverageValue()
                                          .getNumericalAmount()
                                          .doubleValue()
                                      == 40);
            });
    try (SteadyLoad load = SteadyLoad.start(work, 10)) {
      await(APP + " settled where AverageValue puts it")
          .atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                Double p95 = p95();
                return p95 != null && replicas() == (int) Math.ceil(p95 / 40) && replicas() > 1;
              });
      double p95 = p95();
      int expected = (int) Math.ceil(p95 / 40);
      System.out.printf(
          "keda scaling: AverageValue with threshold 40 ms and p95 %.1f ms: %d replicas%n",
          p95, replicas());
      awaitKedaScalerMetric();
      assertThat(cluster.client().v1().events().inNamespace(apps).list().getItems())
          .as("SuccessfulRescale Events on keda-hpa-%s", APP)
          .anyMatch(
              e ->
                  "SuccessfulRescale".equals(e.getReason())
                      && e.getMessage().contains("above target"));
      assertThat(replicas())
          .as(
              "with metricType AverageValue the HPA computes ceil(%.1f / 40) = %d replicas whatever"
                  + " the current count: a latency does not add up across replicas, so AverageValue"
                  + " is the wrong type for it; use Value",
              p95, expected)
          .isEqualTo(expected);
    }
  }

  /** KEDA's own view, scraped by the pipeline's Prometheus from keda-operator:8080. */
  private void awaitKedaScalerMetric() {
    await("keda_scaler_metrics_value for " + APP + " in Prometheus")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Double value =
                  PipelineApis.query(
                          prometheus,
                          // One series per trigger: the p95 one is the largest.
                          "max by (scaledObject) (keda_scaler_metrics_value{scaledObject=\""
                              + APP
                              + "\"})",
                          "scaledObject")
                      .get(APP);
              return value != null && value > 0;
            });
  }

  /** The Deployment's spec.replicas; unset (the manifests leave it to the autoscaler) is 1. */
  private int replicas() {
    Integer replicas =
        cluster
            .client()
            .apps()
            .deployments()
            .inNamespace(apps)
            .withName(APP)
            .get()
            .getSpec()
            .getReplicas();
    return replicas == null ? 1 : replicas;
  }

  private Double p95() {
    return PipelineApis.query(
            prometheus,
            TelemetryPipelineIT.P95_RULE + "{service_name=\"" + APP + "\"}",
            "service_name")
        .get(APP);
  }
}
