package io.scaleproof.cluster.local;

/**
 * A program of the local backend did not start, or stopped: which one, why, the last lines of its
 * log and what to do. Every program the backend had started is stopped before it is thrown.
 */
public final class ComponentFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String component;

  ComponentFailedException(String component, String what, String logTail, String fix) {
    super(
        component
            + " "
            + what
            + (logTail.isBlank() ? "" : "\n--- the last lines of its log ---\n" + logTail + "\n---")
            + "\nTo fix: "
            + fix);
    this.component = component;
  }

  /** The program's name: etcd, kube-apiserver, … */
  public String component() {
    return component;
  }
}
