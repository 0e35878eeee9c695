package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Nothing outlives a run: after close, after a failing test, and when the JVM itself is terminated,
 * no container process and no listening socket of the run remains.
 */
class SimClusterLeakIT {
  private static final Path ECHO = Path.of("demo", "echo.yaml");

  @Test
  @DisplayName("after close() no process and no listening socket of the run remains")
  void closeLeavesNothingBehind() {
    Run run;
    try (SimCluster cluster = SimCluster.start(SimClusterConfig.defaults())) {
      run = startEcho(cluster);
    }

    assertNothingLeft(run);
  }

  @Test
  @DisplayName("a test that fails inside the cluster's scope still leaves nothing behind")
  void failingTestLeavesNothingBehind() {
    Run[] run = new Run[1];

    assertThatThrownBy(
            () -> {
              try (SimCluster cluster = SimCluster.start(SimClusterConfig.defaults())) {
                run[0] = startEcho(cluster);
                throw new AssertionError("a scenario failed");
              }
            })
        .hasMessage("a scenario failed");

    assertNothingLeft(run[0]);
  }

  @Test
  @DisplayName("when the JVM is terminated (SIGTERM), its shutdown hook stops every process")
  void terminatedJvmLeavesNothingBehind() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ClusterInChildJvm.class.getName())
            .redirectErrorStream(true)
            .start();
    List<Long> pids = List.of();
    List<String> prefixes = List.of();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("PIDS ")) {
          pids = Arrays.stream(line.substring(5).split(",")).map(Long::valueOf).toList();
        } else if (line.startsWith("PREFIXES ")) {
          prefixes = List.of(line.substring(9).split(","));
          break;
        }
      }
      assertThat(pids).as("container processes started by the child JVM").hasSize(2);

      child.destroy();

      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertNothingLeft(
        new Run(pids, prefixes.get(0), prefixes.get(1), Integer.parseInt(prefixes.get(2))));
  }

  private record Run(List<Long> pids, String podPrefix, String servicePrefix, int apiPort) {}

  private static Run startEcho(SimCluster cluster) {
    cluster.apply(ECHO);
    cluster.serviceUrl("default", "echo", 8080);
    await("two echo processes listening on their pod IPs")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(cluster.containerPids()).hasSize(2);
              assertThat(LoopbackSockets.listening())
                  .filteredOn(s -> s.startsWith(cluster.addresses().podPrefix()))
                  .filteredOn(s -> !cluster.hostedAddresses().contains(s))
                  .hasSize(2);
            });
    assertThat(LoopbackSockets.listening())
        .as("the Service's listener while the run runs")
        .anyMatch(s -> s.startsWith(cluster.addresses().servicePrefix()));
    return new Run(
        cluster.containerPids(),
        cluster.addresses().podPrefix(),
        cluster.addresses().servicePrefix(),
        cluster.apiServerUrl().getPort());
  }

  private static void assertNothingLeft(Run run) {
    assertThat(run.pids())
        .as("container processes of the run")
        .isNotEmpty()
        .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
        .as("child processes of this JVM")
        .isEmpty();
    assertThat(LoopbackSockets.listening())
        .as("listening sockets of the run")
        .noneMatch(s -> s.startsWith(run.podPrefix()))
        .noneMatch(s -> s.startsWith(run.servicePrefix()))
        .noneMatch(s -> s.equals("127.0.0.1:" + run.apiPort()));
  }
}
