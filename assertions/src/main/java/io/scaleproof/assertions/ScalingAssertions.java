package io.scaleproof.assertions;

/**
 * The entry point of the scaling DSL:
 *
 * <pre>{@code
 * assertThat(run).service("java-app").whenP95Exceeds(150).scalesUp()
 *     .decisionWithin(Duration.ofSeconds(45))
 *     .readyWithin(Duration.ofSeconds(60))
 *     .p95RecoversWithin(Duration.ofSeconds(120))
 *     .afterLoadStops().scalesDown().within(Duration.ofSeconds(180));
 * }</pre>
 *
 * <p>The same story may start from failing requests instead, with the error ratio as a fraction
 * (0..1); it has no recovery check, since more replicas do not lower a fixed fraction of failures:
 *
 * <pre>{@code
 * assertThat(run).service("node-app").whenErrorRatioExceeds(0.05).scalesUp()
 *     .decisionWithin(Duration.ofSeconds(45))
 *     .readyWithin(Duration.ofSeconds(60))
 *     .afterLoadStops().scalesDown().within(Duration.ofSeconds(120));
 * }</pre>
 *
 * <p>An HPA (and KEDA, through the HPA it creates) leaves the replicas alone while metric / target
 * is within its tolerance, so a window measured from the first sample above the threshold also
 * times how long the metric lingered inside that band. {@code beyondTolerance} starts the story
 * where the HPA is first asked to act:
 *
 * <pre>{@code
 * assertThat(run).service("java-app").whenP95Exceeds(150)
 *     .beyondTolerance(ScalingAssertions.HPA_TOLERANCE).scalesUp()
 *     .decisionWithin(Duration.ofSeconds(20));
 * }</pre>
 *
 * <p>Every stage is immutable and checks eagerly: a call that finds the run wanting throws {@link
 * AssertionError} at once, with a message that starts with the service and the stage and shows the
 * values seen. Only JDK types are involved, so the DSL works under any test framework.
 */
public final class ScalingAssertions {

  /**
   * The HPA's default tolerance ({@code --horizontal-pod-autoscaler-tolerance}): no change while
   * metric / target is within 1 ± 0.1.
   */
  public static final double HPA_TOLERANCE = 0.1;

  private ScalingAssertions() {}

  public static RunAssert assertThat(RecordedRun run) {
    return new RunAssert(run);
  }
}
