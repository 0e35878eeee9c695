package io.scaleproof.cluster.sim.network;

/**
 * Where a node's pods are on the API and where their processes listen. On the embedded cluster both
 * are the node's loopback block ({@link #onLoopback}). A real API server refuses loopback addresses
 * in Endpoints and EndpointSlices, so on a real control plane the API shows each pod at the same
 * host number of a private /24 ({@code 10.A.B.n} for {@code 127.A.B.n}): the pod network, as a CNI
 * plugin would give it, which the node translates back to the loopback address wherever it connects
 * to a pod (its Service balancer, its probes). Nothing is ever sent to a {@code 10.} address: the
 * node's programs are the only ones that dial pod addresses, and they translate.
 */
public final class PodNetwork {
  private final String loopbackPrefix;
  private final String reportedPrefix;

  private PodNetwork(String loopbackPrefix, String reportedPrefix) {
    this.loopbackPrefix = loopbackPrefix;
    this.reportedPrefix = reportedPrefix;
  }

  /** Pods on the API at the loopback addresses they listen on (the embedded cluster). */
  public static PodNetwork onLoopback(String loopbackPrefix) {
    return new PodNetwork(loopbackPrefix, loopbackPrefix);
  }

  /**
   * Pods on the API at {@code 10.A.B.n} for the loopback {@code 127.A.B.n} of {@code
   * loopbackPrefix} ({@code 127.A.B.}).
   */
  public static PodNetwork routed(String loopbackPrefix) {
    if (!loopbackPrefix.startsWith("127.")) {
      throw new IllegalArgumentException(loopbackPrefix + " is not a loopback prefix");
    }
    return new PodNetwork(loopbackPrefix, "10." + loopbackPrefix.substring("127.".length()));
  }

  /** The address the API shows for a pod listening on {@code loopback}. */
  public String reported(String loopback) {
    return loopback != null && loopback.startsWith(loopbackPrefix)
        ? reportedPrefix + loopback.substring(loopbackPrefix.length())
        : loopback;
  }

  /** The loopback address of a pod the API shows at {@code reported}. */
  public String loopback(String reported) {
    return reported != null && reported.startsWith(reportedPrefix)
        ? loopbackPrefix + reported.substring(reportedPrefix.length())
        : reported;
  }
}
