package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.cluster.provision.Tools;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures for the telemetry pipeline on the embedded cluster, printed, not asserted against a
 * target: the time from nothing to the whole stack healthy (tools already in the cache), and the
 * signal lag — from a latency step in an app (its service time raised through /admin/behaviour) to
 * the step showing in the p95 recording rule.
 */
@Tag("benchmark")
class TelemetryPipelineBenchmarkIT {
  private static final String APP = "java-app";

  @Test
  @DisplayName("start to healthy stack, and the lag from a latency step to the recording rule")
  void startupAndSignalLag() {
    Pipeline pipeline = Pipeline.declared();
    Tools tools = Tools.load(ProjectFiles.find("cluster/tools/tools.yaml"));
    long validateStart = System.nanoTime();
    pipeline.validate(tools);
    double validateSeconds = (System.nanoTime() - validateStart) / 1e9;

    long start = System.nanoTime();
    try (SimCluster cluster = SimCluster.start(SimClusterConfig.defaults())) {
      double clusterSeconds = (System.nanoTime() - start) / 1e9;
      Map<Integer, Duration> waves = pipeline.install(cluster, Duration.ofMinutes(3)).waves();
      URI prometheus = cluster.serviceUrl("observability", "prometheus", 9090);
      double healthySeconds = (System.nanoTime() - start) / 1e9;

      URI app = cluster.serviceUrl("apps", APP, 8080);
      String rule = TelemetryPipelineIT.P95_RULE + "{service_name=\"" + APP + "\"}";
      try (SteadyLoad load = SteadyLoad.start(app.resolve("/work"), 20)) {
        AtomicReference<Double> before = new AtomicReference<>();
        await("a steady p95 of " + APP + " in the rule before the step")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  Map<String, Double> value = PipelineApis.query(prometheus, rule, "service_name");
                  before.set(value.get(APP));
                  return before.get() != null
                      && load.since(start).size() > 20 * 40
                      && before.get() < 150;
                });
        // A step from a 50 ms to a 150 ms mean service time (still under capacity at 20/s): the
        // p95 goes from about 100 ms to above 300 ms. It counts as visible once the rule passes
        // 200 ms.
        long step = System.nanoTime();
        assertThat(PipelineApis.post(app.resolve("/admin/behaviour"), "{\"serviceTimeMs\": 150}"))
            .isEqualTo(200);
        double midpoint = 200;
        await("the step in the rule")
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    PipelineApis.query(prometheus, rule, "service_name").getOrDefault(APP, 0.0)
                        > midpoint);
        double lagSeconds = (System.nanoTime() - step) / 1e9;
        StringBuilder perWave = new StringBuilder();
        waves.forEach(
            (wave, at) ->
                perWave.append(
                    String.format(
                        " wave %d at %.1f s;", wave, clusterSeconds + at.toMillis() / 1e3)));
        System.out.printf(
            "telemetry pipeline benchmark: validate %.1f s; cluster up %.1f s;%s start to whole"
                + " stack healthy %.1f s (Jaeger, Collector, Prometheus, 3 injected apps);"
                + " signal lag %.1f s (p95 %.0f ms -> past %.0f ms after a 50 -> 150 ms mean"
                + " service time step)%n",
            validateSeconds,
            clusterSeconds,
            perWave,
            healthySeconds,
            lagSeconds,
            before.get(),
            midpoint);
      }
    }
  }
}
