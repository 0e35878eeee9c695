package io.scaleproof.cluster.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How an install that timed out says why a Deployment's pods are not ready. */
class DeploymentDiagnosisTest {

  @Test
  @DisplayName("a pod's phase, with each waiting container's reason and message")
  void podWithAWaitingContainerSaysWhy() {
    Pod pod =
        pod("web-1", "Pending")
            .editStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withReady(false)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .withMessage("back-off 10s restarting failed container")
                    .endWaiting()
                    .endState()
                    .build(),
                new ContainerStatusBuilder()
                    .withName("sidecar")
                    .withReady(false)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ContainerCreating")
                    .endWaiting()
                    .endState()
                    .build())
            .endStatus()
            .build();

    assertThat(DeploymentDiagnosis.describePod(pod))
        .isEqualTo(
            "web-1 Pending app waiting CrashLoopBackOff: back-off 10s restarting failed container"
                + " sidecar waiting ContainerCreating");
  }

  @Test
  @DisplayName("a running pod names its containers that are not ready, and only those")
  void runningPodNamesItsUnreadyContainers() {
    Pod pod =
        pod("web-2", "Running")
            .editStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withReady(false)
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build(),
                new ContainerStatusBuilder()
                    .withName("sidecar")
                    .withReady(true)
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build())
            .endStatus()
            .build();

    assertThat(DeploymentDiagnosis.describePod(pod)).isEqualTo("web-2 Running app not ready");
  }

  @Test
  @DisplayName("a pod without a status says so")
  void podWithoutStatus() {
    Pod pod = new PodBuilder().withNewMetadata().withName("web-3").endMetadata().build();

    assertThat(DeploymentDiagnosis.describePod(pod)).isEqualTo("web-3 (no status)");
  }

  private static PodBuilder pod(String name, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .endStatus();
  }
}
