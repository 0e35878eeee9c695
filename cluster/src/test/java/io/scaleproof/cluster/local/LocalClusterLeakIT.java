package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.sim.LoopbackSockets;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing of a local run outlives it: after a passing run, after a failing one, and when the JVM
 * itself is terminated, no program of the control plane, no container process and no listening
 * socket of the run remains.
 */
@Tag("local")
class LocalClusterLeakIT {
  @TempDir Path directory;

  private record Run(List<Long> pids, String podPrefix, String servicePrefix) {}

  @Test
  @DisplayName("after a passing run's close, no process and no listening socket remains")
  void passingRunLeavesNothing() {
    Run run;
    try (LocalCluster cluster = LocalCluster.start(config())) {
      run = startEcho(cluster);
    }
    assertNothingLeft(run);
  }

  @Test
  @DisplayName("a run that fails inside the cluster's scope still leaves nothing behind")
  void failingRunLeavesNothing() {
    Run[] run = new Run[1];
    assertThatThrownBy(
            () -> {
              try (LocalCluster cluster = LocalCluster.start(config())) {
                run[0] = startEcho(cluster);
                throw new AssertionError("a scenario failed");
              }
            })
        .hasMessage("a scenario failed");
    assertNothingLeft(run[0]);
  }

  @Test
  @DisplayName("when the JVM is terminated (SIGTERM), its shutdown hook stops every program")
  void interruptedRunLeavesNothing() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalClusterInChildJvm.class.getName())
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
      assertThat(pids)
          .as(
              "the control plane's four programs, KEDA's two, the operator, Argo CD's three and two"
                  + " echo processes of the child JVM")
          .hasSize(12);

      child.destroy();

      // The API server drains for a few seconds after SIGTERM; each program has 20 s.
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
    } finally {
      // A failed assertion above still stops the child the way the test means to: SIGTERM, so its
      // shutdown hook stops the programs (SIGKILL alone would leave them running).
      if (child.isAlive()) {
        child.destroy();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
    }
    assertNothingLeft(new Run(pids, prefixes.get(0), prefixes.get(1)));
  }

  private LocalClusterConfig config() {
    return LocalClusterConfig.of(
        directory, RuntimeTable.load(ProjectFiles.find("cluster/runtimes.yaml")));
  }

  private static Run startEcho(LocalCluster cluster) {
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    cluster.serviceUrl("default", "echo", 8080);
    await("two echo processes running")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(cluster.containerPids()).hasSize(2));
    assertThat(LoopbackSockets.listening())
        .as("the run's listeners while it runs: the control plane and the Service")
        .anyMatch(s -> s.startsWith(cluster.addresses().nodeIp() + ":"))
        .anyMatch(s -> s.startsWith(cluster.addresses().servicePrefix()));
    return new Run(
        cluster.pids(), cluster.addresses().podPrefix(), cluster.addresses().servicePrefix());
  }

  private static void assertNothingLeft(Run run) {
    assertThat(run.pids())
        .as("programs and container processes of the run")
        .isNotEmpty()
        .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
        .as("child processes of this JVM")
        .isEmpty();
    assertThat(LoopbackSockets.listening())
        .as("listening sockets of the run")
        .noneMatch(s -> s.startsWith(run.podPrefix()))
        .noneMatch(s -> s.startsWith(run.servicePrefix()));
  }
}
