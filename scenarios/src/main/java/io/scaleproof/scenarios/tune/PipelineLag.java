package io.scaleproof.scenarios.tune;

/**
 * How the metric pipeline turns requests into the value a trigger reads, as a window and a delay:
 * the value at an instant is the last rule evaluation's (every {@code evaluationSeconds}, at {@code
 * phase} into the period), over the requests of the {@code windowSeconds} that ended {@code
 * lagSeconds} before that evaluation. The lag stands for the span metrics' flush, the scrape and
 * the rule's own extrapolation together; it is calibrated, not derived.
 *
 * @param windowSeconds the recording rules' rate window
 * @param lagSeconds how far behind the evaluation the window ends
 * @param evaluationSeconds how often the rules are evaluated
 */
public record PipelineLag(int windowSeconds, int lagSeconds, int evaluationSeconds) {
  public PipelineLag {
    if (windowSeconds < 1 || lagSeconds < 0 || evaluationSeconds < 1) {
      throw new IllegalArgumentException(
          "window and evaluation must be at least 1 s and the lag not negative: "
              + windowSeconds
              + ", "
              + lagSeconds
              + ", "
              + evaluationSeconds);
    }
  }

  @Override
  public String toString() {
    return "window %d s, lag %d s, evaluated every %d s"
        .formatted(windowSeconds, lagSeconds, evaluationSeconds);
  }
}
