package io.scaleproof.cluster.sim.autoscaling;

import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * KEDA's fallback ({@code pkg/fallback/fallback.go}, {@code GetMetricsWithFallback}): every metric
 * evaluation, on the poll and on each HPA request, updates {@code status.health[metric]} — a
 * success resets it to 0 failures ({@code Happy}), a failure counts one more ({@code Failing}) —
 * and once a metric has failed more than {@code failureThreshold} times in a row it is served as a
 * synthetic value that makes the HPA choose the fallback replica count: {@code target × R} for
 * AverageValue, {@code target × R / readyReplicas} for Value, R chosen by the behavior. Health is
 * kept only when a valid fallback is declared.
 */
public final class FallbackValue {
  static final List<String> BEHAVIORS =
      List.of(
          "static",
          "currentReplicas",
          "currentReplicasIfHigher",
          "currentReplicasIfLower",
          "scalingModifiers");

  /** {@code status.health[metric]}. */
  public record Health(int numberOfFailures, String status) {
    static final Health HAPPY = new Health(0, "Happy");
  }

  /**
   * What the HPA or the poll gets for a metric: a value in milli-units, or an error; {@code
   * fallbackActive} when the value is the fallback's.
   */
  public record Outcome(long milli, String error, boolean fallbackActive) {
    public boolean failed() {
      return error != null;
    }
  }

  /** The target as the generated HPA holds it, and how it is read. */
  public record Target(double value, boolean valueMetricType) {}

  private FallbackValue() {}

  /**
   * @param health the ScaledObject's {@code status.health}, updated in place
   * @param scaled the scaler's answer: its value in milli-units, or its error
   * @param currentReplicas the target's {@code spec.replicas}, read only when the behavior needs it
   * @param readyReplicas the target's Running and Ready pods, read only for a Value target
   */
  public static Outcome apply(
      ScaledObjectSpec.Fallback fallback,
      Map<String, Health> health,
      String metricName,
      long scaledMilli,
      String scaledError,
      Target target,
      IntSupplier currentReplicas,
      IntSupplier readyReplicas) {
    boolean configured = valid(fallback);
    if (scaledError == null) {
      if (configured) {
        health.put(metricName, Health.HAPPY);
      }
      return new Outcome(scaledMilli, null, false);
    }
    if (!configured) {
      return new Outcome(0, scaledError, false);
    }
    Health previous = health.getOrDefault(metricName, Health.HAPPY);
    Health failing = new Health(previous.numberOfFailures() + 1, "Failing");
    health.put(metricName, failing);
    if (failing.numberOfFailures() <= fallback.failureThreshold()) {
      return new Outcome(0, scaledError, false);
    }
    double replicas =
        switch (fallback.behavior()) {
          case "currentReplicas" -> currentReplicas.getAsInt();
          case "currentReplicasIfHigher" ->
              Math.max(currentReplicas.getAsInt(), fallback.replicas());
          case "currentReplicasIfLower" ->
              Math.min(currentReplicas.getAsInt(), fallback.replicas());
          default -> fallback.replicas();
        };
    if (target.valueMetricType()) {
      int ready = readyReplicas.getAsInt();
      if (ready <= 0) {
        // "readyReplicas is zero, cannot do fallback": the original error is replaced.
        return new Outcome(0, "error performing fallback", false);
      }
      replicas /= ready;
    }
    return new Outcome((long) (target.value() * 1000 * replicas), null, true);
  }

  /** {@code HasValidFallback}: declared, with a threshold and replicas of at least 0. */
  public static boolean valid(ScaledObjectSpec.Fallback fallback) {
    return fallback != null && fallback.failureThreshold() >= 0 && fallback.replicas() >= 0;
  }

  /**
   * The Fallback condition as {@code updateStatus} and the controller write it: True while any
   * metric is failing beyond the threshold.
   */
  public static ScaleExecutor.Condition condition(
      ScaledObjectSpec.Fallback fallback, Map<String, Health> health) {
    boolean exceeded =
        valid(fallback)
            && health.values().stream()
                .anyMatch(
                    h ->
                        "Failing".equals(h.status())
                            && h.numberOfFailures() > fallback.failureThreshold());
    return exceeded
        ? new ScaleExecutor.Condition(
            "True", "FallbackExists", "At least one trigger is falling back on this scaled object")
        : new ScaleExecutor.Condition(
            "False", "NoFallbackFound", "No fallbacks are active on this scaled object");
  }
}
