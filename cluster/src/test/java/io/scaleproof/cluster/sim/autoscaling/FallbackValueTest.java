package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * KEDA's {@code pkg/fallback/fallback_test.go}, case by case (the {@code It(...)} text is each
 * test's display name), plus the cases upstream's unit tests leave to the code: the Value metric
 * type divided by ready replicas, zero ready replicas, {@code currentReplicasIfLower}, a threshold
 * of 0. Values are milli-units, as the HPA receives them.
 */
class FallbackValueTest {
  private static final String METRIC = "some_metric_name";
  private static final String ERROR = "some error";
  private static final IntSupplier NOT_READ =
      () -> {
        throw new AssertionError("replicas must not be read here");
      };

  private final Map<String, FallbackValue.Health> health = new TreeMap<>();

  private static ScaledObjectSpec.Fallback fallback(int threshold, int replicas, String behavior) {
    return new ScaledObjectSpec.Fallback(threshold, replicas, behavior);
  }

  private static FallbackValue.Target averageValue(double target) {
    return new FallbackValue.Target(target, false);
  }

  private FallbackValue.Outcome apply(
      ScaledObjectSpec.Fallback fallback,
      long milli,
      String error,
      FallbackValue.Target target,
      IntSupplier current,
      IntSupplier ready) {
    return FallbackValue.apply(fallback, health, METRIC, milli, error, target, current, ready);
  }

  @Test
  @DisplayName("should return the expected metric when fallback is disabled")
  void disabled() {
    FallbackValue.Outcome outcome = apply(null, 5000, null, averageValue(3), NOT_READ, NOT_READ);
    assertThat(outcome).isEqualTo(new FallbackValue.Outcome(5000, null, false));
    assertThat(health).isEmpty();
  }

  @Test
  @DisplayName(
      "should initialise the health status on success when fallback is enabled and status is"
          + " empty")
  void initialisesHealth() {
    FallbackValue.Outcome outcome =
        apply(fallback(3, 10, "static"), 6000, null, averageValue(3), NOT_READ, NOT_READ);
    assertThat(outcome.milli()).isEqualTo(6000);
    assertThat(health).containsEntry(METRIC, new FallbackValue.Health(0, "Happy"));
  }

  @Test
  @DisplayName(
      "should reset the health status when scaler metrics are available when fallback is enabled")
  void resetsHealth() {
    health.put(METRIC, new FallbackValue.Health(5, "Failing"));
    FallbackValue.Outcome outcome =
        apply(fallback(3, 10, "static"), 6000, null, averageValue(3), NOT_READ, NOT_READ);
    assertThat(outcome.milli()).isEqualTo(6000);
    assertThat(health).containsEntry(METRIC, new FallbackValue.Health(0, "Happy"));
  }

  @Test
  @DisplayName("should not reset the health status when fallback is not enabled")
  void keepsHealthWithoutFallback() {
    health.put(METRIC, new FallbackValue.Health(5, "Failing"));
    apply(null, 6000, null, averageValue(3), NOT_READ, NOT_READ);
    assertThat(health).containsEntry(METRIC, new FallbackValue.Health(5, "Failing"));
  }

  @Test
  @DisplayName("should propagate the error when fallback is disabled")
  void propagatesWithoutFallback() {
    FallbackValue.Outcome outcome = apply(null, 0, ERROR, averageValue(3), NOT_READ, NOT_READ);
    assertThat(outcome.error()).isEqualTo(ERROR);
    assertThat(outcome.fallbackActive()).isFalse();
  }

  @Test
  @DisplayName("should bump the number of failures when metrics call fails")
  void bumpsFailures() {
    health.put(METRIC, FallbackValue.Health.HAPPY);
    FallbackValue.Outcome outcome =
        apply(fallback(3, 10, "static"), 0, ERROR, averageValue(10), NOT_READ, NOT_READ);
    assertThat(outcome.error()).isEqualTo(ERROR);
    assertThat(health).containsEntry(METRIC, new FallbackValue.Health(1, "Failing"));
  }

  /** Upstream leaves the behavior empty here, which serves R as static does. */
  @Test
  @DisplayName("should return a normalised metric when number of failures are beyond threshold")
  void normalisedBeyondThreshold() {
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    FallbackValue.Outcome outcome =
        apply(fallback(3, 10, ""), 0, ERROR, averageValue(10), () -> 5, NOT_READ);
    assertThat(outcome).isEqualTo(new FallbackValue.Outcome(100_000, null, true));
    assertThat(health).containsEntry(METRIC, new FallbackValue.Health(4, "Failing"));
  }

  @Test
  @DisplayName(
      "should return error when fallback is enabled but scaledobject has invalid parameter")
  void invalidThreshold() {
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    FallbackValue.Outcome outcome =
        apply(fallback(-3, 10, "static"), 0, ERROR, averageValue(10), NOT_READ, NOT_READ);
    assertThat(outcome.error()).isEqualTo(ERROR);
    assertThat(health).containsEntry(METRIC, new FallbackValue.Health(3, "Happy"));
  }

  @Test
  @DisplayName("should set the fallback condition when a fallback exists in the scaled object")
  void conditionTrue() {
    ScaledObjectSpec.Fallback fallback = fallback(3, 10, "static");
    health.put("another metric name", new FallbackValue.Health(6, "Failing"));
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    apply(fallback, 0, ERROR, averageValue(10), () -> 5, NOT_READ);
    assertThat(FallbackValue.condition(fallback, health))
        .isEqualTo(
            new ScaleExecutor.Condition(
                "True",
                "FallbackExists",
                "At least one trigger is falling back on this scaled object"));
  }

  @Test
  @DisplayName("should set the fallback condition to false if the config is invalid")
  void conditionFalseWhenInvalid() {
    ScaledObjectSpec.Fallback fallback = fallback(-3, 10, "static");
    health.put("another metric name", new FallbackValue.Health(6, "Failing"));
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    FallbackValue.Outcome outcome = apply(fallback, 0, ERROR, averageValue(10), NOT_READ, NOT_READ);
    assertThat(outcome.error()).isEqualTo(ERROR);
    assertThat(FallbackValue.condition(fallback, health).status()).isNotEqualTo("True");
  }

  @Test
  @DisplayName(
      "should use fallback replicas when current replicas is lower when behavior is"
          + " 'currentReplicasIfHigher'")
  void currentReplicasIfHigher() {
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    FallbackValue.Outcome outcome =
        apply(
            fallback(3, 10, "currentReplicasIfHigher"),
            0,
            ERROR,
            averageValue(10),
            () -> 4,
            NOT_READ);
    assertThat(outcome.milli()).isEqualTo(100_000);
  }

  @Test
  @DisplayName("should use current replicas when behavior is 'currentReplicas'")
  void currentReplicas() {
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    FallbackValue.Outcome outcome =
        apply(fallback(3, 10, "currentReplicas"), 0, ERROR, averageValue(10), () -> 6, NOT_READ);
    assertThat(outcome.milli()).isEqualTo(60_000);
  }

  @Test
  @DisplayName("should ignore current replicas when behavior is 'static'")
  void staticIgnoresCurrent() {
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    FallbackValue.Outcome outcome =
        apply(fallback(3, 10, "static"), 0, ERROR, averageValue(10), NOT_READ, NOT_READ);
    assertThat(outcome.milli()).isEqualTo(100_000);
  }

  // Beyond upstream's unit tests: doFallback's other branches.

  @Test
  @DisplayName("currentReplicasIfLower serves the lower of current and fallback replicas")
  void currentReplicasIfLower() {
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    assertThat(
            apply(
                    fallback(3, 10, "currentReplicasIfLower"),
                    0,
                    ERROR,
                    averageValue(10),
                    () -> 4,
                    NOT_READ)
                .milli())
        .isEqualTo(40_000);
  }

  @Test
  @DisplayName("a Value target is divided by the ready replicas: 10 × 6 / 4, truncated to milli")
  void valueDividedByReady() {
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    FallbackValue.Outcome outcome =
        apply(
            fallback(3, 6, "static"),
            0,
            ERROR,
            new FallbackValue.Target(10, true),
            NOT_READ,
            () -> 4);
    assertThat(outcome).isEqualTo(new FallbackValue.Outcome(15_000, null, true));
  }

  @Test
  @DisplayName("a Value target with no ready replicas: 'error performing fallback', not active")
  void valueWithNoReadyReplicas() {
    health.put(METRIC, new FallbackValue.Health(3, "Happy"));
    FallbackValue.Outcome outcome =
        apply(
            fallback(3, 6, "static"),
            0,
            ERROR,
            new FallbackValue.Target(10, true),
            NOT_READ,
            () -> 0);
    assertThat(outcome).isEqualTo(new FallbackValue.Outcome(0, "error performing fallback", false));
    assertThat(health).containsEntry(METRIC, new FallbackValue.Health(4, "Failing"));
  }

  @Test
  @DisplayName("failureThreshold 0: the first failure falls back (failures > threshold, strictly)")
  void thresholdZero() {
    assertThat(
            apply(fallback(0, 2, "static"), 0, ERROR, averageValue(7), NOT_READ, NOT_READ)
                .fallbackActive())
        .isTrue();
  }

  @Test
  @DisplayName("failureThreshold 3: the third failure still errors, the fourth falls back")
  void thresholdIsStrict() {
    ScaledObjectSpec.Fallback fallback = fallback(3, 2, "static");
    for (int i = 1; i <= 3; i++) {
      assertThat(apply(fallback, 0, ERROR, averageValue(7), NOT_READ, NOT_READ).failed())
          .as("failure %d", i)
          .isTrue();
    }
    assertThat(apply(fallback, 0, ERROR, averageValue(7), NOT_READ, NOT_READ).milli())
        .isEqualTo(14_000);
    assertThat(FallbackValue.condition(fallback, health).reason()).isEqualTo("FallbackExists");
  }
}
