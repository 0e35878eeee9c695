package io.scaleproof.cluster.sim.apiserver;

import java.util.Optional;

/** Where the API server's {@code pods/log} subresource reads from: the kubelet's log files. */
@FunctionalInterface
public interface PodLogSource {
  /**
   * @param container null for the pod's only (or first) container
   * @param previous the log of the previous, terminated instance of the container
   * @return the log, or empty if there is no such pod, container or instance
   */
  Optional<String> read(String namespace, String pod, String container, boolean previous);
}
