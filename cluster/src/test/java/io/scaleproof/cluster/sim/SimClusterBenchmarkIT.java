package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.scaleproof.cluster.Manifests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints how fast the embedded cluster is; asserts only that it worked, never a time (timings on a
 * shared 2-core box are figures to read, not pass/fail criteria). Each round: the API server
 * answering, then a 3-replica Deployment of the echo server all Ready (processes started, readiness
 * probes passed, status propagated). Its figures come with {@code -Pbenchmarks} (and nightly); what
 * it would prove of the cluster, {@code SimClusterIT} proves in the gate.
 */
@Tag("benchmark")
class SimClusterBenchmarkIT {
  private static final int ROUNDS = 5;
  private static final int REPLICAS = 3;

  @Test
  @DisplayName("benchmark: API server ready time and time to a 3-replica Deployment all Ready")
  void measuresStartAndReadiness() {
    List<Long> apiReady = new ArrayList<>();
    List<Long> deploymentReady = new ArrayList<>();
    Deployment echo = (Deployment) Manifests.load(Path.of("demo", "echo.yaml")).get(0);
    echo.getSpec().setReplicas(REPLICAS);

    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      try (SimCluster cluster = SimCluster.start(SimClusterConfig.defaults())) {
        assertThat(cluster.client().getKubernetesVersion().getGitVersion()).isNotBlank();
        apiReady.add(millisSince(start));

        long applied = System.nanoTime();
        cluster.apply(List.of(echo));
        await("echo with 3 ready replicas")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(10))
            .until(
                () -> {
                  Deployment d =
                      cluster
                          .client()
                          .apps()
                          .deployments()
                          .inNamespace("default")
                          .withName("echo")
                          .get();
                  return d.getStatus() != null
                      && Integer.valueOf(REPLICAS).equals(d.getStatus().getReadyReplicas());
                });
        deploymentReady.add(millisSince(applied));
      }
    }

    System.out.printf(
        "%nBENCHMARK embedded cluster (%d rounds, %d cores)%n",
        ROUNDS, Runtime.getRuntime().availableProcessors());
    print("API server ready (start → /version answered)", apiReady);
    print("3-replica Deployment all Ready (apply → readyReplicas 3)", deploymentReady);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void print(String what, List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf(
        "  %-58s first %5d ms   median %5d ms   max %5d ms%n",
        what, millis.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }
}
