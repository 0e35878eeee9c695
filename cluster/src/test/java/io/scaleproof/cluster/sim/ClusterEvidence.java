package io.scaleproof.cluster.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.sim.autoscaling.KedaController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What an embedded cluster holds at one moment, written to a directory for a person finding out why
 * a test failed: every object the API server holds of the kinds a scenario touches, as YAML, one
 * file a kind under {@code objects/}; every container's log under {@code logs/} (a restarted
 * container's previous instance too); and the Events sorted by time in {@code events.txt} ({@link
 * EventTimeline}). A kind that cannot be listed, or a log that cannot be copied, is written down as
 * such and the rest is still kept.
 */
final class ClusterEvidence {
  static final String OBJECTS = "objects";
  static final String LOGS = "logs";
  static final String EVENTS = "events.txt";

  private ClusterEvidence() {}

  /** Writes the cluster's evidence to {@code directory}, replacing what an earlier run left. */
  static void write(SimCluster cluster, Path directory) throws IOException {
    deleteRecursively(directory);
    Files.createDirectories(directory.resolve(OBJECTS));
    Files.createDirectories(directory.resolve(LOGS));
    KubernetesClient client = cluster.client();
    for (Map.Entry<String, Supplier<List<? extends HasMetadata>>> kind : kinds(client).entrySet()) {
      Files.writeString(
          directory.resolve(OBJECTS).resolve(kind.getKey() + ".yaml"),
          asYaml(client, kind.getValue()));
    }
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    for (Pod pod : pods) {
      copyLogs(cluster, pod, directory.resolve(LOGS));
    }
    Files.writeString(
        directory.resolve(EVENTS),
        EventTimeline.of(client.v1().events().inAnyNamespace().list().getItems()));
  }

  /** Each kind's file name and how to list its objects in every namespace. */
  private static Map<String, Supplier<List<? extends HasMetadata>>> kinds(KubernetesClient client) {
    Map<String, Supplier<List<? extends HasMetadata>>> kinds = new LinkedHashMap<>();
    kinds.put("namespaces", () -> client.namespaces().list().getItems());
    kinds.put("pods", () -> client.pods().inAnyNamespace().list().getItems());
    kinds.put("deployments", () -> client.apps().deployments().inAnyNamespace().list().getItems());
    kinds.put("replicasets", () -> client.apps().replicaSets().inAnyNamespace().list().getItems());
    kinds.put("services", () -> client.services().inAnyNamespace().list().getItems());
    kinds.put("endpoints", () -> client.endpoints().inAnyNamespace().list().getItems());
    kinds.put(
        "horizontalpodautoscalers",
        () ->
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inAnyNamespace()
                .list()
                .getItems());
    kinds.put(
        "scaledobjects",
        () ->
            client
                .genericKubernetesResources(KedaController.SCALED_OBJECTS)
                .inAnyNamespace()
                .list()
                .getItems());
    kinds.put(
        "applications",
        () ->
            client
                .genericKubernetesResources(GitOps.APPLICATIONS)
                .inAnyNamespace()
                .list()
                .getItems());
    kinds.put("events", () -> client.v1().events().inAnyNamespace().list().getItems());
    return kinds;
  }

  /** The objects as one YAML stream, a document each; a failed list as a comment saying why. */
  private static String asYaml(
      KubernetesClient client, Supplier<List<? extends HasMetadata>> objects) {
    List<? extends HasMetadata> items;
    try {
      items = objects.get();
    } catch (KubernetesClientException e) {
      return "# cannot list: " + e.getMessage() + "\n";
    }
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata item : items) {
      String document = client.getKubernetesSerialization().asYaml(item);
      yaml.append(document.startsWith("---") ? "" : "---\n").append(document);
      if (!document.endsWith("\n")) {
        yaml.append('\n');
      }
    }
    return yaml.toString();
  }

  /**
   * Copies the log of each container of the pod, init containers first, as {@code
   * <namespace>.<pod>.<container>.log}, and a restarted container's previous instance as {@code
   * ….previous.log}.
   */
  private static void copyLogs(SimCluster cluster, Pod pod, Path logs) throws IOException {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    List<Container> containers = new ArrayList<>(pod.getSpec().getInitContainers());
    containers.addAll(pod.getSpec().getContainers());
    for (Container container : containers) {
      String prefix = namespace + "." + name + "." + container.getName();
      for (boolean previous : new boolean[] {true, false}) {
        Path copy = logs.resolve(prefix + (previous ? ".previous.log" : ".log"));
        var file = cluster.logFile(namespace, name, container.getName(), previous);
        if (file.isPresent() && Files.exists(file.get())) {
          try {
            Files.copy(file.get(), copy);
          } catch (IOException e) {
            Files.writeString(copy, "# cannot copy " + file.get() + ": " + e + "\n");
          }
        }
      }
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
