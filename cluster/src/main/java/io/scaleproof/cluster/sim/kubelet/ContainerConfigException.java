package io.scaleproof.cluster.sim.kubelet;

/**
 * A container cannot be started as specified (a missing ConfigMap key, an unknown field path); the
 * kubelet reports it as {@code CreateContainerConfigError}, not as a harness failure.
 */
final class ContainerConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  ContainerConfigException(String message) {
    super(message);
  }
}
