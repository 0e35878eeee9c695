package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * External-metric proposals, ported from kubernetes/kubernetes
 * pkg/controller/podautoscaler/replica_calculator_test.go: the external tests of commit 0006726
 * (TestReplicaCalc*CMExternal*) and the cases of the newer TestReplicaCalcExternalMetric and
 * TestReplicaCalcExternalPerPodMetric tables (per-direction tolerances, overflow).
 */
class ExternalMetricReplicasTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods / scale down: ignores unready pods | 3 | 3 | 1 | 8600                                  | 4400                | 0.1 | 0.1  | 2 | 8600
          TestReplicaCalcScaleDownCMExternal / scale down                                    | 5 | 5 | 5 | 8600                                  | 14334               | 0.1 | 0.1  | 3 | 8600
          TestReplicaCalcToleranceCMExternal / within default tolerance                      | 3 | 3 | 3 | 8600                                  | 8888                | 0.1 | 0.1  | 3 | 8600
          TestReplicaCalcExternalMetric / outside configurable 1% tolerance                  | 3 | 3 | 3 | 8900                                  | 8800                | 0.1 | 0.01 | 4 | 8900
          TestReplicaCalcExternalMetric / usage overflow caps at MaxInt64                    | 3 | 3 | 3 | 4611686018427387904,4611686018427387904 | 9223372036854775807 | 0.1 | 0.1  | 3 | 9223372036854775807
          """)
  void value(
      String name,
      int specReplicas,
      int pods,
      int ready,
      String levels,
      long target,
      double toleranceDown,
      double toleranceUp,
      int expectedReplicas,
      long expectedUsage) {
    ExternalMetricReplicas.Proposal proposal =
        ExternalMetricReplicas.forValue(
            ExternalMetricReplicas.sum(milli(levels)),
            target,
            specReplicas,
            pods,
            ready,
            new Tolerance(toleranceDown, toleranceUp));

    assertThat(proposal.replicas()).isEqualTo(expectedReplicas);
    assertThat(proposal.reportedMilli()).isEqualTo(expectedUsage);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          TestReplicaCalcScaleUpPerPodCMExternal / scale up                                 | 3 | 8600                | 2150                | 0.1 | 0.1  | 4          | 2867
          TestReplicaCalcScaleDownPerPodCMExternal / scale down                             | 5 | 8600                | 2867                | 0.1 | 0.1  | 3          | 1720
          TestReplicaCalcTolerancePerPodCMExternal / within default tolerance               | 3 | 8600                | 2900                | 0.1 | 0.1  | 3          | 2867
          TestReplicaCalcExternalPerPodMetric / outside configurable 1% tolerance           | 3 | 8600                | 2800                | 0.1 | 0.01 | 4          | 2867
          TestReplicaCalcExternalPerPodMetric / replica count overflow saturates to MaxInt32 | 1 | 9223372036854775807 | 1                   | 0.1 | 0.1  | 2147483647 | 9223372036854775807
          TestReplicaCalcExternalPerPodMetric / usage overflow with huge target leaves replicas unchanged | 1 | 9223372036854775807 | 9223372036854775807 | 0.1 | 0.1 | 1 | 9223372036854775807
          """)
  void averageValue(
      String name,
      int statusReplicas,
      String levels,
      long target,
      double toleranceDown,
      double toleranceUp,
      int expectedReplicas,
      long expectedUsage) {
    ExternalMetricReplicas.Proposal proposal =
        ExternalMetricReplicas.forAverageValue(
            ExternalMetricReplicas.sum(milli(levels)),
            target,
            statusReplicas,
            new Tolerance(toleranceDown, toleranceUp));

    assertThat(proposal.replicas()).isEqualTo(expectedReplicas);
    assertThat(proposal.reportedMilli()).isEqualTo(expectedUsage);
  }

  @Test
  @DisplayName("a selector that matches no pod is an error, as upstream's ready-pod count")
  void noPodsIsAnError() {
    assertThatThrownBy(
            () -> ExternalMetricReplicas.forValue(8600, 4400, 3, 0, 0, Tolerance.DEFAULT))
        .hasMessageContaining("no pods returned by selector");
  }

  @Test
  @DisplayName("Value from zero replicas: ceil(ratio), whatever the ready pods")
  void valueFromZero() {
    assertThat(ExternalMetricReplicas.forValue(9000, 4000, 0, 1, 0, Tolerance.DEFAULT).replicas())
        .isEqualTo(3);
  }

  private static long[] milli(String csv) {
    return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
  }
}
