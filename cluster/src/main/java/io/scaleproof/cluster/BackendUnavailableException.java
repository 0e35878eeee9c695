package io.scaleproof.cluster;

/**
 * A cluster backend cannot run on this machine: what it needs (a Docker engine for k3s, say) is not
 * there. Nothing was started or written when it is thrown. The message says what is missing and
 * what to do, including the backends that would run instead.
 */
public final class BackendUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }
}
