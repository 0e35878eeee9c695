package io.scaleproof.cluster.sim.apiserver;

import java.time.Duration;

/**
 * How Kubernetes writes an age for people, as {@code k8s.io/apimachinery/pkg/util/duration}'s
 * {@code HumanDuration} does (the AGE column): two or three significant figures, {@code 3m10s},
 * {@code 70m}, {@code 2d1h}, {@code 367d}, {@code 2y1d}.
 */
final class HumanDuration {
  private HumanDuration() {}

  static String of(Duration d) {
    long seconds = d.getSeconds() + (d.isNegative() && d.getNano() > 0 ? 1 : 0);
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0 || d.isNegative()) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      return twoUnits(minutes, "m", seconds % 60, "s");
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      return twoUnits(hours, "h", minutes % 60, "m");
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      return twoUnits(hours / 24, "d", hours % 24, "h");
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      return twoUnits(hours / 24 / 365, "y", (hours / 24) % 365, "d");
    }
    return hours / 24 / 365 + "y";
  }

  /** {@code 3m10s}, or {@code 3m} when the smaller unit's count is 0. */
  private static String twoUnits(long large, String largeUnit, long small, String smallUnit) {
    return small == 0 ? large + largeUnit : large + largeUnit + small + smallUnit;
  }
}
