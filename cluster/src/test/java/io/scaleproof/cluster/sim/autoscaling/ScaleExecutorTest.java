package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.sim.autoscaling.ScaleExecutor.Condition;
import io.scaleproof.cluster.sim.autoscaling.ScaleExecutor.Decision;
import io.scaleproof.cluster.sim.autoscaling.ScaleExecutor.ScaledObjectState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KEDA's RequestScale, ported from kedacore/keda pkg/scaling/executor/scale_scaledobjects_test.go
 * (commit 8b4f083), one test per upstream test function; plus the cooldown boundaries of
 * scaleToZeroOrIdle, which upstream's tests leave at their zero values.
 */
class ScaleExecutorTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** Upstream's ScaledObject of tests 1-12: name/namespace, a Deployment target, nothing else. */
  private static ScaledObjectState so(Integer min, Integer idle, Map<String, String> annotations) {
    return new ScaledObjectState(
        "namespace", "name", "", "name", min, idle, null, null, null, annotations, null, null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          TestScaleToMinReplicasWhenNotActive                                         | 0 | -  | -                                         | 10 | false | 0  | False
          TestScaleToMinReplicasFromLowerInitialReplicaCount                          | 5 | -  | -                                         | 1  | false | 5  | False
          TestScaleFromMinReplicasWhenActive                                          | 0 | -  | -                                         | 0  | true  | 1  | True
          TestScaleToIdleReplicasWhenNotActive                                        | 5 | 0  | -                                         | 10 | false | 0  | False
          TestScaleFromIdleToMinReplicasWhenActive                                    | 5 | 0  | -                                         | 0  | true  | 5  | True
          TestNoScaleToMinReplicasWhenNotActiveAndPauseScaleInAnnotationSet           | 0 | -  | autoscaling.keda.sh/paused-scale-in=true  | 10 | false | -  | False
          TestNoScaleToIdleReplicasWhenNotActiveAndPauseScaleInAnnotationSet          | 5 | 0  | autoscaling.keda.sh/paused-scale-in=true  | 10 | false | -  | False
          TestScaleFromMinReplicasWhenActivationForced                                | 0 | -  | autoscaling.keda.sh/force-activation=true | 0  | false | 1  | True
          TestNoScaleFromMinReplicasWhenActiveAndPausedScaleOutAnnotationSet          | 0 | -  | autoscaling.keda.sh/paused-scale-out=true | 0  | true  | -  | True
          TestNoScaleFromIdleReplicasToMinReplicasWhenActiveAndPausedScaleOutAnnotationSet | 5 | 0 | autoscaling.keda.sh/paused-scale-out=true | 0 | true | - | True
          """)
  void requestScale(
      String test,
      Integer min,
      Integer idle,
      String annotation,
      int current,
      boolean active,
      Integer expectedScale,
      String expectedActive) {
    Map<String, String> annotations = new HashMap<>();
    if (annotation != null) {
      String[] kv = annotation.split("=");
      annotations.put(kv[0], kv[1]);
    }

    Decision decision =
        ScaleExecutor.requestScale(
            so(min, idle, annotations), current, active, false, List.of(), NOW);

    assertThat(decision.scaleTo()).isEqualTo(Optional.ofNullable(expectedScale));
    assertThat(decision.conditions().get("Active").status()).isEqualTo(expectedActive);
    if (expectedActive.equals("True") && expectedScale != null) {
      assertThat(decision.lastActiveTime()).contains(NOW);
    }
  }

  @Test
  @DisplayName("TestScaleFromMinReplicasWhenActive / ...ActivationForced: the Active messages")
  void activeMessages() {
    assertThat(
            ScaleExecutor.requestScale(so(0, null, Map.of()), 0, true, false, List.of(), NOW)
                .conditions()
                .get("Active"))
        .isEqualTo(
            new Condition(
                "True", "ScalerActive", "Scaling is performed because triggers are active"));
    assertThat(
            ScaleExecutor.requestScale(
                    so(0, null, Map.of(ScaleExecutor.FORCE_ACTIVATION, "true")),
                    0,
                    false,
                    false,
                    List.of(),
                    NOW)
                .conditions()
                .get("Active")
                .message())
        .isEqualTo("Scaling is performed because activation is being forced by annotation");
  }

  @Test
  @DisplayName("TestScaleToPausedReplicasCount: paused, no scaling, no Active condition")
  void pausedReplicas() {
    Decision decision =
        ScaleExecutor.requestScale(
            so(null, null, Map.of(ScaleExecutor.PAUSED_REPLICAS, "0")),
            2,
            true,
            false,
            List.of(),
            NOW);

    assertThat(decision.scaleTo()).isEmpty();
    assertThat(decision.conditions().get("Paused"))
        .isEqualTo(new Condition("True", "ScaledObjectPaused", "ScaledObject is paused"));
    assertThat(decision.conditions()).doesNotContainKey("Active");
  }

  @Test
  @DisplayName("TestEventWitTriggerInfo: the activation Event names the triggers")
  void eventWithTriggerInfo() {
    Decision decision =
        ScaleExecutor.requestScale(so(5, 0, Map.of()), 2, true, false, List.of("testTrigger"), NOW);

    assertThat(decision.scaleTo()).contains(5);
    assertThat(decision.event().orElseThrow())
        .isEqualTo(
            new ScaleExecutor.Event(
                "Normal",
                "KEDAScaleTargetActivated",
                "Scaled  namespace/name from 2 to 5, triggered by testTrigger"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          TestRequestScale_AllHealthy_HPAHealthy               | true  | false | -  | True    | ScaledObjectReady
          TestRequestScale_ScalerError_HPAHealthy              | false | true  | -  | False   | TriggerError
          TestRequestScale_PartialError_HPAHealthy             | true  | true  | -  | Unknown | PartialTriggerError
          TestRequestScale_ScalerErrorWithFallback_HPAHealthy  | false | true  | 5  | True    | ScaledObjectReady
          """)
  void readyCondition(
      String test,
      boolean active,
      boolean error,
      Integer fallbackReplicas,
      String expectedStatus,
      String expectedReason) {
    ScaledObjectState so =
        new ScaledObjectState(
            "test-ns",
            "test-so",
            "Deployment",
            "test-deploy",
            1,
            null,
            null,
            null,
            fallbackReplicas,
            Map.of(),
            null,
            null);

    Decision decision = ScaleExecutor.requestScale(so, 1, active, error, List.of(), NOW);

    assertThat(decision.scaleTo()).isEmpty();
    assertThat(decision.conditions().get("Ready").status()).isEqualTo(expectedStatus);
    assertThat(decision.conditions().get("Ready").reason()).isEqualTo(expectedReason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          TestGetHPAHealth_NoScalingActiveConditionYet | -     | -                       | -                                                                    | -     | -                        | -
          TestGetHPAHealth_ScalingActiveTrue           | True  | -                       | -                                                                    | True  | HPAActive                | HPA is actively scaling
          TestGetHPAHealth_ScalingActiveFalse          | False | FailedGetExternalMetric | unable to get metrics                                                | False | FailedGetExternalMetric  | HPA is not actively scaling: unable to get metrics
          TestGetHPAHealth_ScalingDisabled             | False | ScalingDisabled         | scaling is disabled since the replica count of the target is zero    | True  | ScalingDisabled          | scaling is disabled since the replica count of the target is zero
          TestGetHPAHealth_NoGracePeriod               | False | FailedGetExternalMetric | -                                                                    | False | FailedGetExternalMetric  | 'HPA is not actively scaling: '
          TestGetHPAHealth_EmptyReasonFallback         | False | -                       | unable to compute replica count                                      | False | HPAMetricsUnavailable    | HPA is not actively scaling: unable to compute replica count
          """)
  void hpaHealth(
      String test,
      String status,
      String reason,
      String message,
      String expectedStatus,
      String expectedReason,
      String expectedMessage) {
    Optional<Condition> scalingActive =
        status == null ? Optional.empty() : Optional.of(new Condition(status, reason, message));

    Optional<Condition> health = ScaleExecutor.hpaHealth(scalingActive);

    if (expectedStatus == null) {
      assertThat(health).isEmpty();
    } else {
      assertThat(health).contains(new Condition(expectedStatus, expectedReason, expectedMessage));
    }
  }

  @ParameterizedTest(name = "last active {0} s ago, cooldown 60 s: scale to zero {1}")
  @CsvSource({"59, false", "60, false", "61, true"})
  @DisplayName("the cooldown counts from the last active poll, strictly")
  void cooldownIsStrict(long secondsAgo, boolean scales) {
    ScaledObjectState so =
        new ScaledObjectState(
            "ns",
            "so",
            "Deployment",
            "app",
            0,
            null,
            60,
            null,
            null,
            Map.of(),
            NOW.minusSeconds(3600),
            NOW.minusSeconds(secondsAgo));

    Decision decision = ScaleExecutor.requestScale(so, 3, false, false, List.of(), NOW);

    assertThat(decision.scaleTo().isPresent()).isEqualTo(scales);
    if (!scales) {
      assertThat(decision.conditions().get("Active").reason()).isEqualTo("ScalerCooldown");
    }
  }

  @Test
  @DisplayName("a minimum of 1 or more and no idle count: KEDA never scales, the HPA does")
  void activationIgnoredAboveZero() {
    ScaledObjectState so =
        new ScaledObjectState(
            "ns", "so", "Deployment", "app", 1, null, 60, null, null, Map.of(), null, null);
    assertThat(ScaleExecutor.requestScale(so, 4, false, false, List.of(), NOW).scaleTo()).isEmpty();
    assertThat(ScaleExecutor.requestScale(so, 4, true, false, List.of(), NOW).scaleTo()).isEmpty();
  }
}
