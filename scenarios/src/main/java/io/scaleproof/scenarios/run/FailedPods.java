package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The logs of the pods that failed during a run, kept in its {@code pod-logs/} directory: a pod
 * whose phase is Failed, or with a container that restarted, exited with an error or waits in a
 * back-off. A restarted container's log is its previous instance's (the one that ended) and then
 * the current one's. Read through the Kubernetes API, so that any backend gives them.
 */
public final class FailedPods {
  static final String DIRECTORY = "pod-logs";

  private FailedPods() {}

  /** Writes the log of each failed pod in {@code namespaces}; returns the files written. */
  public static List<Path> write(KubernetesClient client, List<String> namespaces, Path run) {
    List<Path> written = new ArrayList<>();
    for (String namespace : namespaces) {
      for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
        List<String> why = failures(pod);
        if (!why.isEmpty()) {
          written.add(write(client, pod, why, run.resolve(DIRECTORY)));
        }
      }
    }
    return written;
  }

  /** The logs kept in the run's directory, by name. */
  static List<Path> logs(Path run) throws IOException {
    Path directory = run.resolve(DIRECTORY);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".log")).sorted().toList();
    }
  }

  /** Why the pod counts as failed; empty when it does not. */
  static List<String> failures(Pod pod) {
    List<String> why = new ArrayList<>();
    PodStatus status = pod.getStatus();
    if (status == null) {
      return why;
    }
    if ("Failed".equals(status.getPhase())) {
      why.add("phase Failed" + (status.getReason() == null ? "" : " (" + status.getReason() + ")"));
    }
    List<ContainerStatus> containers = new ArrayList<>(status.getInitContainerStatuses());
    containers.addAll(status.getContainerStatuses());
    for (ContainerStatus container : containers) {
      String name = "container " + container.getName();
      if (container.getRestartCount() != null && container.getRestartCount() > 0) {
        why.add(name + " restarted " + container.getRestartCount() + " time(s)");
      }
      if (container.getState() != null) {
        if (container.getState().getTerminated() != null
            && container.getState().getTerminated().getExitCode() != null
            && container.getState().getTerminated().getExitCode() != 0) {
          why.add(name + " exited " + container.getState().getTerminated().getExitCode());
        }
        if (container.getState().getWaiting() != null
            && container.getState().getWaiting().getReason() != null
            && container.getState().getWaiting().getReason().endsWith("BackOff")) {
          why.add(name + " waiting: " + container.getState().getWaiting().getReason());
        }
      }
    }
    return why;
  }

  private static Path write(KubernetesClient client, Pod pod, List<String> why, Path directory) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    StringBuilder log = new StringBuilder();
    log.append("# pod ").append(namespace).append('/').append(name).append(": ");
    log.append(String.join("; ", why)).append('\n');
    for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
      if (container.getRestartCount() != null && container.getRestartCount() > 0) {
        log.append("\n# container ").append(container.getName()).append(", previous instance\n");
        log.append(read(client, namespace, name, container.getName(), true));
      }
      log.append("\n# container ").append(container.getName()).append(", current instance\n");
      log.append(read(client, namespace, name, container.getName(), false));
    }
    Path file = directory.resolve(namespace + "." + name + ".log");
    try {
      Files.createDirectories(directory);
      Files.writeString(file, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private static String read(
      KubernetesClient client, String namespace, String pod, String container, boolean previous) {
    try {
      var resource = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
      String log = previous ? resource.terminated().getLog() : resource.getLog();
      return log == null ? "" : log;
    } catch (KubernetesClientException e) {
      return "(no log: " + e.getMessage() + ")\n";
    }
  }
}
