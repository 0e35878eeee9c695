package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.scaleproof.cluster.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What users get wrong shows in the cluster the way Kubernetes shows it — Pending with an event,
 * CrashLoopBackOff — or as an error naming the file and field; the cluster keeps running.
 */
class SimClusterBadInputIT {
  @RegisterExtension
  static final EmbeddedCluster EMBEDDED =
      EmbeddedCluster.perClass(
          SimClusterConfig.defaults()
              .withCrashBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));

  private static SimCluster cluster;

  @BeforeAll
  static void clusterOfTheClass(SimCluster started) {
    cluster = started;
  }

  @Test
  @DisplayName(
      "a pod whose image has no runtime stays Pending with an event that says where to declare it")
  void unmappedImageStaysPending() {
    cluster.apply(
        List.of(TestPods.pod("unmapped", "registry.example/team/unknown:2.1", List.of())));

    await("pod 'unmapped' reported as ImagePullBackOff")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Pod pod = get("unmapped");
              assertThat(pod.getStatus()).as("status of pod 'unmapped'").isNotNull();
              assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
              assertThat(pod.getStatus().getContainerStatuses()).isNotEmpty();
              ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
              assertThat(status.getState().getWaiting()).isNotNull();
              assertThat(status.getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
              assertThat(status.getState().getWaiting().getMessage())
                  .contains("registry.example/team/unknown:2.1", "runtimes.yaml");
              assertThat(eventsFor("unmapped"))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("Failed");
                        assertThat(e.getMessage())
                            .contains("registry.example/team/unknown:2.1", "runtimes.yaml");
                      });
            });
    assertThat(cluster.client().getKubernetesVersion().getGitVersion()).contains("scaleproof-sim");
  }

  @Test
  @DisplayName("a process that exits at once goes into CrashLoopBackOff, not into an exception")
  void processExitingAtOnceCrashLoops() {
    cluster.apply(
        List.of(
            TestPods.pod(
                "exits",
                "scaleproof/echo-server:1.0.0",
                List.of(
                    "python3", "-c", "import sys; print('configuration missing'); sys.exit(3)"))));

    await("pod 'exits' in CrashLoopBackOff")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              // Until the kubelet has written the pod's status, it has none to read.
              Pod pod = get("exits");
              assertThat(pod.getStatus()).as("status of pod 'exits'").isNotNull();
              assertThat(pod.getStatus().getContainerStatuses()).isNotEmpty();
              ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
              assertThat(status.getState().getWaiting()).isNotNull();
              assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
              assertThat(status.getState().getWaiting().getMessage())
                  .matches(
                      "back-off \\d+s restarting failed container=app pod=exits_default\\(.+\\)");
              assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(2);
              assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(3);
              assertThat(status.getLastState().getTerminated().getMessage())
                  .contains("configuration missing");
              assertThat(cluster.logs("default", "exits"))
                  .as("kubectl logs of a container waiting to restart shows its last run")
                  .contains("configuration missing");
              assertThat(eventsFor("exits"))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("BackOff");
                        assertThat(e.getMessage())
                            .startsWith(
                                "Back-off restarting failed container app in pod exits_default");
                      });
            });
  }

  @Test
  @DisplayName(
      "a port already taken shows as the second container crash-looping with the bind error")
  void portTakenShowsInStatus() {
    Pod pod = TestPods.pod("port-clash", "scaleproof/echo-server:1.0.0", List.of());
    Pod twoOnOnePort =
        new PodBuilder(pod)
            .editSpec()
            .addToContainers(
                new io.fabric8.kubernetes.api.model.ContainerBuilder(
                        pod.getSpec().getContainers().get(0))
                    .withName("second")
                    .build())
            .endSpec()
            .build();
    cluster.apply(List.of(twoOnOnePort));

    await("one container of 'port-clash' crash-looping on a taken port")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(get("port-clash").getStatus())
                    .as("status of pod 'port-clash'")
                    .isNotNull()
                    .extracting(PodStatus::getContainerStatuses)
                    .asInstanceOf(InstanceOfAssertFactories.list(ContainerStatus.class))
                    .anySatisfy(
                        status -> {
                          assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(1);
                          assertThat(status.getLastState().getTerminated()).isNotNull();
                          assertThat(status.getLastState().getTerminated().getMessage())
                              .contains("Address already in use");
                        })
                    .anySatisfy(status -> assertThat(status.getReady()).isTrue()));
  }

  @Test
  @DisplayName(
      "a manifest file with an invalid document fails naming file and line, and nothing of it is applied")
  void invalidManifestAppliesNothing() {
    Path file = Path.of("src", "test", "resources", "manifests", "half-broken.yaml");

    assertThatThrownBy(() -> cluster.apply(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("half-broken.yaml")
        .hasMessageContaining("line 13");

    assertThat(
            cluster
                .client()
                .configMaps()
                .inNamespace("default")
                .withName("applied-only-if-the-whole-file-is-valid")
                .get())
        .isNull();
  }

  private static Pod get(String name) {
    return cluster.client().pods().inNamespace("default").withName(name).get();
  }

  private static List<Event> eventsFor(String pod) {
    return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
