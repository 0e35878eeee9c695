package io.scaleproof.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which pods count as failed, so that their logs are kept for the report. */
class FailedPodsTest {

  @Test
  @DisplayName("a running pod whose containers never restarted has not failed")
  void healthyPod() {
    assertThat(FailedPods.failures(pod("Running", running("app", 0)))).isEmpty();
  }

  @Test
  @DisplayName("a pod that has not been scheduled yet has no status and has not failed")
  void podWithoutStatus() {
    assertThat(FailedPods.failures(new PodBuilder().withNewMetadata().endMetadata().build()))
        .isEmpty();
  }

  @Test
  @DisplayName("a restarted container, a non-zero exit and a back-off each say why")
  void failedContainers() {
    ContainerStatus crashing =
        new ContainerStatusBuilder()
            .withName("app")
            .withRestartCount(3)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .build();
    ContainerStatus exited =
        new ContainerStatusBuilder()
            .withName("sidecar")
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(137)
            .endTerminated()
            .endState()
            .build();

    assertThat(FailedPods.failures(pod("Running", crashing, exited)))
        .containsExactly(
            "container app restarted 3 time(s)",
            "container app waiting: CrashLoopBackOff",
            "container sidecar exited 137");
  }

  @Test
  @DisplayName("a container that exited 0 (a finished job) has not failed; a Failed pod has")
  void exitCodes() {
    ContainerStatus done =
        new ContainerStatusBuilder()
            .withName("job")
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(0)
            .endTerminated()
            .endState()
            .build();

    assertThat(FailedPods.failures(pod("Succeeded", done))).isEmpty();
    assertThat(FailedPods.failures(pod("Failed", done))).containsExactly("phase Failed");
  }

  private static ContainerStatus running(String name, int restarts) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withRestartCount(restarts)
        .withNewState()
        .withNewRunning()
        .endRunning()
        .endState()
        .build();
  }

  private static Pod pod(String phase, ContainerStatus... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("apps")
        .withName("java-app-7c9d-x1")
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .withContainerStatuses(containers)
        .endStatus()
        .build();
  }
}
