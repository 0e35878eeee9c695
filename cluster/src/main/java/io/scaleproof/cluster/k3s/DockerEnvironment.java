package io.scaleproof.cluster.k3s;

import io.scaleproof.cluster.BackendUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * The k3s backend's first check: a Docker engine that Testcontainers can reach, since k3s runs in a
 * container. Asked before anything is started or written, so that a machine without Docker gets one
 * sentence saying so and what to do, not a stack trace from halfway through a start.
 */
final class DockerEnvironment {
  /** Where Docker listens when {@code DOCKER_HOST} does not say otherwise. */
  static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

  private DockerEnvironment() {}

  /**
   * Returns if Testcontainers finds a Docker environment (which starts its reaper container).
   *
   * @throws BackendUnavailableException saying what was looked at and what to do, otherwise
   */
  static void require() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new BackendUnavailableException(
          unavailable(reason(System.getenv("DOCKER_HOST"), DEFAULT_SOCKET)));
    }
  }

  /** The message for a machine without Docker, with what was looked at in parentheses. */
  static String unavailable(String reason) {
    return "no Docker: the k3s backend runs k3s in a Docker container, and Testcontainers found no"
        + " Docker environment ("
        + reason
        + "). Start Docker or set DOCKER_HOST, or run on --backend sim or --backend kubeconfig";
  }

  /**
   * What Testcontainers looked at first: {@code DOCKER_HOST} if set, else the default socket. Its
   * own log (logger {@code org.testcontainers.dockerclient}) lists every strategy it tried.
   */
  static String reason(String dockerHost, Path defaultSocket) {
    if (dockerHost != null && !dockerHost.isBlank()) {
      return "DOCKER_HOST=" + dockerHost + " did not answer as a Docker engine";
    }
    if (!Files.exists(defaultSocket)) {
      return "DOCKER_HOST is not set and " + defaultSocket + " does not exist";
    }
    return "DOCKER_HOST is not set and " + defaultSocket + " did not answer as a Docker engine";
  }
}
