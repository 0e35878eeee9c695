package io.scaleproof.scenarios.run;

/**
 * The pipeline could not be brought up on the cluster (a wave not healthy in time, the Git sync
 * failing): the run never reached its load. The command line maps it to exit code 2.
 */
public final class PipelineNotReadyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PipelineNotReadyException(String message, Throwable cause) {
    super(message, cause);
  }
}
