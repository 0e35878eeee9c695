package io.scaleproof.scenarios.spec;

/**
 * Faults a scenario injects into its services, committed to Git with the pipeline changes: the
 * Deployments' own variables change, and a rollout brings them in, as a faulty release would.
 *
 * @param errorRate the fraction of requests answered 500 ({@code APP_ERROR_RATE}), or null
 */
public record Faults(Double errorRate) {
  public static final Faults NONE = new Faults(null);

  public boolean isEmpty() {
    return errorRate == null;
  }
}
