package io.scaleproof.cluster.sim.autoscaling;

/**
 * The HPA's dead band around a usage ratio of 1: no change while {@code 1 - scaleDown <= ratio <= 1
 * + scaleUp} (both bounds inclusive). The controller flag {@code
 * --horizontal-pod-autoscaler-tolerance} sets both, 0.1 by default; Kubernetes 1.33+ allows one per
 * direction in {@code behavior}.
 */
public record Tolerance(double scaleDown, double scaleUp) {
  public static final Tolerance DEFAULT = new Tolerance(0.1, 0.1);

  public boolean isWithin(double ratio) {
    return (1 - scaleDown) <= ratio && ratio <= (1 + scaleUp);
  }
}
