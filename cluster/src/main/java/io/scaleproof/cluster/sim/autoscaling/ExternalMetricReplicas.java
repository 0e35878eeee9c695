package io.scaleproof.cluster.sim.autoscaling;

/**
 * The HPA's replica proposal for an External metric (Kubernetes {@code replica_calculator.go},
 * {@code GetExternalMetricReplicas} and {@code GetExternalPerPodMetricReplicas}), in the
 * milli-units the external metrics API delivers.
 *
 * <ul>
 *   <li>{@code Value}: ratio = usage / target; with 0 spec replicas, ceil(ratio); within tolerance,
 *       the spec replicas; else ceil(ratio × ready pods). Ready pods are those of the selector that
 *       are Running and Ready; a selector matching no pod is an error.
 *   <li>{@code AverageValue}: ratio = usage / (target × status replicas); within tolerance, the
 *       status replicas; else ceil(usage / target). Pod readiness plays no part.
 * </ul>
 */
public final class ExternalMetricReplicas {
  /** A proposal and the value the HPA reports in {@code status.currentMetrics} (milli). */
  public record Proposal(int replicas, long reportedMilli) {}

  private ExternalMetricReplicas() {}

  /**
   * @param usageMilli the sum of the metric's items
   * @param podsMatching pods the target's selector matches
   * @param readyPods those of them Running and Ready
   * @throws IllegalStateException "no pods returned by selector" when {@code podsMatching} is 0
   */
  public static Proposal forValue(
      long usageMilli,
      long targetMilli,
      int specReplicas,
      int podsMatching,
      int readyPods,
      Tolerance tolerance) {
    if (podsMatching == 0) {
      throw new IllegalStateException(
          "no pods returned by selector while calculating replica count");
    }
    double ratio = (double) usageMilli / targetMilli;
    int replicas;
    if (specReplicas == 0) {
      replicas = ceil(ratio);
    } else if (tolerance.isWithin(ratio)) {
      replicas = specReplicas;
    } else {
      replicas = ceil(ratio * readyPods);
    }
    return new Proposal(replicas, usageMilli);
  }

  public static Proposal forAverageValue(
      long usageMilli, long targetAverageMilli, int statusReplicas, Tolerance tolerance) {
    double ratio = (double) usageMilli / ((double) targetAverageMilli * statusReplicas);
    int replicas =
        tolerance.isWithin(ratio) ? statusReplicas : ceil((double) usageMilli / targetAverageMilli);
    long average =
        statusReplicas == 0 ? usageMilli : (long) Math.ceil((double) usageMilli / statusReplicas);
    return new Proposal(replicas, average);
  }

  /** The sum of the metric's items, capped at {@code Long.MAX_VALUE} as the metrics client does. */
  public static long sum(long... itemsMilli) {
    long sum = 0;
    for (long item : itemsMilli) {
      sum = item > 0 && sum > Long.MAX_VALUE - item ? Long.MAX_VALUE : sum + item;
    }
    return sum;
  }

  private static int ceil(double value) {
    double ceiled = Math.ceil(value);
    return ceiled >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ceiled;
  }
}
