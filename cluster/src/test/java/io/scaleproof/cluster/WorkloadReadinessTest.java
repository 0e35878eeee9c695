package io.scaleproof.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a component's workload counts as rolled out: the cases {@code kubectl rollout status}
 * distinguishes, each with what is still missing.
 */
class WorkloadReadinessTest {

  static Stream<Arguments> deployments() {
    return Stream.of(
        // generation, observed, replicas, status replicas, updated, available -> missing
        Arguments.of(1L, 1L, 2, 2, 2, 2, null),
        Arguments.of(2L, 1L, 2, 2, 2, 2, "the controller has not observed generation 2 yet (at 1)"),
        Arguments.of(
            1L,
            null,
            1,
            null,
            null,
            null,
            "the controller has not observed generation 1 yet (at null)"),
        Arguments.of(1L, 1L, 3, 3, 1, 1, "1 of 3 replicas updated"),
        Arguments.of(1L, 1L, 2, 3, 2, 2, "1 old replicas pending termination"),
        Arguments.of(1L, 1L, 2, 2, 2, 1, "1 of 2 updated replicas available"),
        Arguments.of(1L, 1L, null, 1, 1, 1, null));
  }

  @DisplayName(
      "a Deployment is ready when observed, every replica updated, old ones gone, available")
  @ParameterizedTest(name = "Deployment generation {0} observed {1}, {2} wanted, {3}/{4}/{5}: {6}")
  @MethodSource("deployments")
  void deploymentIsReadyWhenRolledOut(
      Long generation,
      Long observed,
      Integer replicas,
      Integer statusReplicas,
      Integer updated,
      Integer available,
      String missing) {
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withGeneration(generation)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(observed)
            .withReplicas(statusReplicas)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(available)
            .endStatus()
            .build();

    assertThat(WorkloadReadiness.notReady(deployment)).isEqualTo(Optional.ofNullable(missing));
  }

  static Stream<Arguments> statefulSets() {
    return Stream.of(
        // generation, observed, replicas, ready, updated, current, update revision -> missing
        Arguments.of(1L, 1L, 1, 1, 1, "r1", "r1", null),
        Arguments.of(
            2L, 1L, 1, 1, 1, "r1", "r1", "the controller has not observed generation 2 yet (at 1)"),
        Arguments.of(1L, 1L, 2, 1, 2, "r1", "r1", "1 of 2 replicas ready"),
        Arguments.of(1L, 1L, 2, 2, 1, "r1", "r2", "1 of 2 replicas updated"),
        Arguments.of(1L, 1L, 2, 2, 2, "r1", "r2", "rolling update to revision r2"));
  }

  @DisplayName("a StatefulSet is ready when observed, every replica ready, updated and current")
  @ParameterizedTest(name = "StatefulSet generation {0} observed {1}, {2} wanted, {3} ready: {7}")
  @MethodSource("statefulSets")
  void statefulSetIsReadyWhenEveryReplicaIsReadyAndCurrent(
      Long generation,
      Long observed,
      Integer replicas,
      Integer ready,
      Integer updated,
      String current,
      String update,
      String missing) {
    var statefulSet =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("argocd-application-controller")
            .withGeneration(generation)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(observed)
            .withReadyReplicas(ready)
            .withUpdatedReplicas(updated)
            .withCurrentRevision(current)
            .withUpdateRevision(update)
            .endStatus()
            .build();

    assertThat(WorkloadReadiness.notReady(statefulSet)).isEqualTo(Optional.ofNullable(missing));
  }

  static Stream<Arguments> daemonSets() {
    return Stream.of(
        // generation, observed, desired, updated, available -> missing
        Arguments.of(1L, 1L, 1, 1, 1, null),
        Arguments.of(3L, 2L, 1, 1, 1, "the controller has not observed generation 3 yet (at 2)"),
        Arguments.of(1L, 1L, 2, 1, 1, "1 of 2 pods updated"),
        Arguments.of(1L, 1L, 2, 2, 0, "0 of 2 pods available"));
  }

  @DisplayName("a DaemonSet is ready when observed and every scheduled pod updated and available")
  @ParameterizedTest(name = "DaemonSet generation {0} observed {1}, {2} desired: {5}")
  @MethodSource("daemonSets")
  void daemonSetIsReadyWhenEveryNodeRunsTheLatest(
      Long generation,
      Long observed,
      Integer desired,
      Integer updated,
      Integer available,
      String missing) {
    var daemonSet =
        new DaemonSetBuilder()
            .withNewMetadata()
            .withName("svclb")
            .withGeneration(generation)
            .endMetadata()
            .withNewStatus()
            .withObservedGeneration(observed)
            .withDesiredNumberScheduled(desired)
            .withUpdatedNumberScheduled(updated)
            .withNumberAvailable(available)
            .endStatus()
            .build();

    assertThat(WorkloadReadiness.notReady(daemonSet)).isEqualTo(Optional.ofNullable(missing));
  }
}
