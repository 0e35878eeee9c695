package io.scaleproof.scenarios.tune;

import io.scaleproof.scenarios.spec.PipelineChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A setting {@code tune} can vary, by the name a scenario's {@code pipeline:} gives it, with its
 * domain and how a value is written back into {@link PipelineChanges}.
 */
public enum Knob {
  P95_THRESHOLD_MS("p95ThresholdMs", false, "a latency in milliseconds, above 0"),
  ERROR_RATIO_THRESHOLD("errorRatioThreshold", false, "a fraction, above 0 and at most 1"),
  SCALE_DOWN_STABILIZATION(
      "scaleDownStabilization", true, "a duration from 0s to 3600s, whole seconds"),
  POLLING_INTERVAL("pollingInterval", true, "a duration from 1s to 3600s, whole seconds"),
  MAX_REPLICA_COUNT("maxReplicaCount", false, "a whole number from 1 to 1000");

  private final String key;
  private final boolean duration;
  private final String domain;

  Knob(String key, boolean duration, String domain) {
    this.key = key;
    this.duration = duration;
    this.domain = domain;
  }

  public String key() {
    return key;
  }

  /** What a value must be, for errors. */
  public String domain() {
    return domain;
  }

  public static Knob byKey(String key) {
    for (Knob knob : values()) {
      if (knob.key.equals(key)) {
        return knob;
      }
    }
    return null;
  }

  /** Keys of every knob, for errors. */
  public static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (Knob knob : values()) {
      keys.add(knob.key);
    }
    return keys;
  }

  /** Whether {@code value} (seconds for durations) is in the domain. */
  boolean accepts(double value) {
    return switch (this) {
      case P95_THRESHOLD_MS -> value > 0 && !Double.isInfinite(value);
      case ERROR_RATIO_THRESHOLD -> value > 0 && value <= 1;
      case SCALE_DOWN_STABILIZATION -> value >= 0 && value <= 3600 && value == Math.rint(value);
      case POLLING_INTERVAL -> value >= 1 && value <= 3600 && value == Math.rint(value);
      case MAX_REPLICA_COUNT -> value >= 1 && value <= 1000 && value == Math.rint(value);
    };
  }

  /** {@code changes} with this knob at {@code value}. */
  PipelineChanges apply(PipelineChanges changes, double value) {
    return switch (this) {
      case P95_THRESHOLD_MS -> changes.withP95ThresholdMs(value);
      case ERROR_RATIO_THRESHOLD -> changes.withErrorRatioThreshold(value);
      case SCALE_DOWN_STABILIZATION ->
          changes.withScaleDownStabilization(Duration.ofSeconds((long) value));
      case POLLING_INTERVAL -> changes.withPollingInterval(Duration.ofSeconds((long) value));
      case MAX_REPLICA_COUNT -> changes.withMaxReplicaCount((int) value);
    };
  }

  /** A value as a scenario file writes it: {@code 175}, {@code 0.05}, {@code 60s}. */
  public String format(double value) {
    String number =
        value == Math.rint(value)
            ? String.valueOf((long) value)
            : String.format(Locale.ROOT, "%s", value);
    return duration ? number + "s" : number;
  }

  /** The value as a scenario file needs it: a number, or a duration string. */
  Object yamlValue(double value) {
    if (duration) {
      return format(value);
    }
    return value == Math.rint(value) ? (Object) (long) value : (Object) value;
  }

  boolean isDuration() {
    return duration;
  }
}
