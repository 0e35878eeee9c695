package io.scaleproof.cluster.sim.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.scaleproof.cluster.sim.controller.RollingUpdate.ReplicaSetState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Deployment controller's own cases: {@code
 * pkg/controller/deployment/util/deployment_util_test.go} (TestResolveFenceposts,
 * TestNewRSNewReplicas, TestMaxUnavailable) and {@code pkg/controller/deployment/rolling_test.go}
 * (reconcileNewReplicaSet, reconcileOldReplicaSets, cleanupUnhealthyReplicas,
 * scaleDownOldReplicaSetsForRollingUpdate). A blank parameter is a nil IntOrString.
 */
class RollingUpdateTest {

  @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1}, desired {2} -> {3}:{4}")
  @CsvSource({
    "0%, 0%, 0, 0, 1",
    "39%, 39%, 10, 4, 3",
    ", 39%, 10, 0, 3",
    "39%, , 10, 4, 0",
    ", , 10, 0, 1"
  })
  void resolveFenceposts(
      String surge, String unavailable, int desired, int expectSurge, int expectUnavailable) {
    RollingUpdate.Fenceposts f =
        RollingUpdate.resolveFenceposts(value(surge), value(unavailable), desired);

    assertThat(f).isEqualTo(new RollingUpdate.Fenceposts(expectSurge, expectUnavailable));
  }

  @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1} is an error")
  @CsvSource({"oops, 39%", "55%, urg"})
  void resolveFencepostsRejectsMalformedValues(String surge, String unavailable) {
    assertThatThrownBy(() -> RollingUpdate.resolveFenceposts(value(surge), value(unavailable), 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** TestNewRSNewReplicas (RollingUpdate cases): the other ReplicaSet has 5 replicas. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "can not scale up - to newRSReplicas, 1, 5, 1, 5",
    "scale up - to depReplicas, 6, 2, 10, 6"
  })
  void newReplicaSetReplicas(
      String name, int desired, int newReplicas, int maxSurge, int expected) {
    assertThat(RollingUpdate.newReplicaSetReplicas(desired, maxSurge, 5, newReplicas))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "maxUnavailable less than replicas, 10, 5, 5",
    "maxUnavailable equal replicas, 10, 10, 10",
    "maxUnavailable greater than replicas, 5, 10, 5",
    "maxUnavailable with replicas is 0, 0, 10, 0",
    "maxUnavailable less than replicas with percents, 10, 50%, 5",
    "maxUnavailable equal replicas with percents, 10, 100%, 10",
    "maxUnavailable greater than replicas with percents, 5, 100%, 5"
  })
  void maxUnavailable(String name, int replicas, String maxUnavailable, int expected) {
    assertThat(RollingUpdate.maxUnavailable(new IntOrString(1), value(maxUnavailable), replicas))
        .isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("maxUnavailable with Recreate deployment strategy is 0")
  void maxUnavailableOfRecreateIsZero() {
    var recreate =
        new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
            .withNewSpec()
            .withReplicas(10)
            .withNewStrategy()
            .withType("Recreate")
            .endStrategy()
            .endSpec()
            .build();

    assertThat(DeploymentSpec.maxUnavailable(recreate)).isZero();
  }

  /** reconcileNewReplicaSet with maxUnavailable 0; the old ReplicaSet counts toward the surge. */
  @ParameterizedTest(name = "desired {0}, maxSurge {1}, old {2}, new {3} -> {4}")
  @CsvSource({
    "10, 0, 10, 0, 0",
    "10, 2, 10, 0, 2",
    "10, 2, 5, 0, 7",
    "10, 2, 10, 2, 2",
    "10, 2, 2, 11, 10"
  })
  void reconcileNewReplicaSet(
      int desired, int maxSurge, int oldReplicas, int newReplicas, int expected) {
    int surge =
        RollingUpdate.resolveFenceposts(new IntOrString(maxSurge), new IntOrString(0), desired)
            .maxSurge();

    assertThat(
            RollingUpdate.reconcileNewReplicaSet(
                desired, surge, oldReplicas + newReplicas, newReplicas))
        .isEqualTo(expected);
  }

  /** reconcileOldReplicaSets with maxSurge 0: old and new ReplicaSets with their available pods. */
  @ParameterizedTest(
      name = "desired {0}, maxUnavailable {1}, old {2} ({4} ready), new {3} ({5} ready) -> old {6}")
  @CsvSource({
    "10, 0, 10, 0, 10, 0, 9",
    "10, 2, 10, 0, 10, 0, 8",
    "10, 2, 10, 0, 8, 0, 8",
    "10, 2, 10, 0, 9, 0, 8",
    "10, 2, 8, 2, 8, 0, 8"
  })
  void reconcileOldReplicaSets(
      int desired,
      int maxUnavailable,
      int oldReplicas,
      int newReplicas,
      int readyOld,
      int readyNew,
      int expectedOld) {
    int unavailable =
        RollingUpdate.maxUnavailable(new IntOrString(0), new IntOrString(maxUnavailable), desired);

    List<ReplicaSetState> old =
        RollingUpdate.scaleDownOld(
            List.of(new ReplicaSetState("foo-old", 1, oldReplicas, readyOld)),
            new ReplicaSetState("foo-new", 2, newReplicas, readyNew),
            desired,
            unavailable);

    assertThat(old.get(0).specReplicas()).isEqualTo(expectedOld);
  }

  @ParameterizedTest(name = "old {0}, ready {1}, maxCleanup {2} -> cleaned {3}")
  @CsvSource({"10, 8, 1, 1", "10, 8, 3, 2", "10, 8, 0, 0", "10, 10, 3, 0"})
  void cleanupUnhealthyReplicas(int oldReplicas, int ready, int maxCleanup, int expected) {
    List<ReplicaSetState> old =
        new ArrayList<>(List.of(new ReplicaSetState("foo-v2", 1, oldReplicas, ready)));

    assertThat(RollingUpdate.cleanupUnhealthy(old, maxCleanup)).isEqualTo(expected);
    assertThat(old.get(0).specReplicas()).isEqualTo(oldReplicas - expected);
  }

  /** scaleDownOldReplicaSetsForRollingUpdate with maxSurge 0 and only the old ReplicaSet. */
  @ParameterizedTest(name = "desired {0}, maxUnavailable {1}, ready {2}, old {3} -> old {4}")
  @CsvSource({
    "10, 0, 10, 10, 9",
    "10, 2, 10, 10, 8",
    "10, 2, 8, 10, 10",
    "10, 2, 10, 0, 0",
    "10, 2, 1, 10, 10"
  })
  void scaleDownOldReplicaSetsForRollingUpdate(
      int desired, int maxUnavailable, int ready, int oldReplicas, int expectedOld) {
    int unavailable =
        RollingUpdate.maxUnavailable(new IntOrString(0), new IntOrString(maxUnavailable), desired);
    List<ReplicaSetState> old =
        new ArrayList<>(List.of(new ReplicaSetState("foo-v2", 1, oldReplicas, ready)));

    RollingUpdate.scaleDownAvailable(
        old, new ReplicaSetState("none", 2, 0, 0), desired - unavailable);

    assertThat(old.get(0).specReplicas()).isEqualTo(expectedOld);
  }

  private static IntOrString value(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return text.matches("-?\\d+") ? new IntOrString(Integer.parseInt(text)) : new IntOrString(text);
  }
}
