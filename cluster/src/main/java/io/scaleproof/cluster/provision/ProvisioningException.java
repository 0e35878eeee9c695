package io.scaleproof.cluster.provision;

/**
 * A tool or package scaleproof installs for itself could not be installed: the message names the
 * package, the version, the cache directory and what to do.
 */
public final class ProvisioningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProvisioningException(String message) {
    super(message);
  }
}
