package io.scaleproof.cluster.kubeconfig;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.NamespaceMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The namespaces of one run: named from the run id, labelled as scaleproof's and the run's, created
 * after the checks and deleted when the run closes. Only namespaces this object created, and that
 * still carry the run's label, are ever deleted.
 */
final class RunNamespaces {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "scaleproof";
  public static final String RUN = NamespaceMapping.RUN_LABEL;

  private final String runId;
  private final List<String> names;
  private final List<String> created = new CopyOnWriteArrayList<>();

  RunNamespaces(KubeconfigOptions options) {
    this.runId = options.runId();
    this.names = options.namespaces().stream().map(options::namespace).toList();
  }

  List<String> names() {
    return names;
  }

  Map<String, String> labels() {
    return Map.of(MANAGED_BY, MANAGER, RUN, runId);
  }

  /**
   * @throws InvalidInputException naming the namespaces that already exist
   */
  void requireAbsent(KubernetesClient client, KubeconfigFile kubeconfig) {
    List<String> existing =
        names.stream().filter(n -> client.namespaces().withName(n).get() != null).toList();
    if (!existing.isEmpty()) {
      throw new InvalidInputException(
          kubeconfig.source(),
          "context '" + kubeconfig.context() + "'",
          "namespace(s) " + String.join(", ", existing) + " of run '" + runId + "' already exist",
          "Give another run id, or delete the earlier run's: kubectl delete namespace -l "
              + RUN
              + "="
              + runId);
    }
  }

  /** Creates every namespace; each is remembered for deletion as soon as it exists. */
  void create(KubernetesClient client) {
    for (String name : names) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withLabels(labels())
                  .endMetadata()
                  .build())
          .create();
      created.add(name);
    }
  }

  /** Keeps the namespaces created, deleting none. */
  Teardown keep() {
    return new Teardown(List.of(), created, List.of());
  }

  /**
   * Deletes the namespaces created and waits, within {@code timeout}, until they are gone; a zero
   * timeout only asks for the deletion. Never throws: what could not be done is reported in the
   * result.
   */
  Teardown delete(KubernetesClient client, Duration timeout) {
    List<String> deleting = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : created) {
      try {
        Namespace live = client.namespaces().withName(name).get();
        if (live == null) {
          continue;
        }
        Map<String, String> labels = live.getMetadata().getLabels();
        if (labels == null || !runId.equals(labels.get(RUN))) {
          problems.add("namespace " + name + " no longer carries " + RUN + "=" + runId + "; left");
          continue;
        }
        client.namespaces().withName(name).delete();
        deleting.add(name);
      } catch (KubernetesClientException e) {
        problems.add(
            "could not delete namespace "
                + name
                + " ("
                + Reachability.describe(e)
                + "); delete it when the cluster is back: kubectl delete namespace "
                + name);
      }
    }
    List<String> remaining = new ArrayList<>(deleting);
    if (!deleting.isEmpty() && !timeout.isZero()) {
      try {
        await("namespaces " + deleting + " gone")
            .atMost(timeout)
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(
                () -> {
                  remaining.removeIf(n -> client.namespaces().withName(n).get() == null);
                  return remaining.isEmpty();
                });
      } catch (ConditionTimeoutException e) {
        problems.add(
            "namespace(s) "
                + String.join(", ", remaining)
                + " still terminating after "
                + timeout.toSeconds()
                + " s; kubectl get namespace "
                + String.join(" ", remaining)
                + " -o yaml shows what holds them");
      }
    }
    // Not waited for (the JVM is shutting down): the deletions were accepted, which is all that can
    // be known.
    List<String> gone =
        timeout.isZero()
            ? deleting
            : deleting.stream().filter(n -> !remaining.contains(n)).toList();
    return new Teardown(gone, List.of(), problems);
  }
}
