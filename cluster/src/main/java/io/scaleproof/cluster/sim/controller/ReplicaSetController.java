package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.control.Controller;
import io.scaleproof.cluster.control.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Keeps the number of a ReplicaSet's pods equal to {@code spec.replicas}, as the ReplicaSet
 * controller does: pods named {@code <rs>-<5 random>}, labelled from the template and owned by the
 * ReplicaSet; surplus pods chosen by upstream's ranking (unscheduled, pending, not ready, most
 * restarted, newest first); status counted from active (not terminating) pods.
 */
public final class ReplicaSetController extends Controller {
  private static final String COMPONENT = "replicaset-controller";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  public ReplicaSetController(KubernetesClient client, EventRecorder events, Clock clock) {
    super("replicaset-controller");
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void start() {
    watch(client.apps().replicaSets().inAnyNamespace(), rs -> Stream.of(key(rs)));
    watch(client.pods().inAnyNamespace(), pod -> Owners.controllerKey(pod, "ReplicaSet"));
  }

  @Override
  protected void reconcile(String key) {
    ReplicaSet rs =
        client.apps().replicaSets().inNamespace(namespaceOf(key)).withName(nameOf(key)).get();
    if (rs == null || rs.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    List<Pod> active =
        client.pods().inNamespace(namespaceOf(key)).list().getItems().stream()
            .filter(pod -> Owners.isControlledBy(pod, rs))
            .filter(Pods::isActive)
            .toList();
    int desired = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    int diff = active.size() - desired;
    if (diff < 0) {
      for (int i = 0; i < -diff; i++) {
        createPod(rs);
      }
    } else if (diff > 0) {
      active.stream().sorted(DELETION_ORDER).limit(diff).forEach(pod -> deletePod(rs, pod));
    }
    updateStatus(rs, active);
  }

  private void createPod(ReplicaSet rs) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(Names.generate(rs.getMetadata().getName() + "-"))
            .withGenerateName(rs.getMetadata().getName() + "-")
            .withNamespace(rs.getMetadata().getNamespace())
            .withLabels(rs.getSpec().getTemplate().getMetadata().getLabels())
            .withAnnotations(rs.getSpec().getTemplate().getMetadata().getAnnotations())
            .withOwnerReferences(Owners.controllerRef(rs))
            .endMetadata()
            .withSpec(rs.getSpec().getTemplate().getSpec())
            .build();
    Pod created = client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(pod).create();
    events.normal(
        rs, COMPONENT, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
  }

  private void deletePod(ReplicaSet rs, Pod pod) {
    client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(pod).delete();
    events.normal(rs, COMPONENT, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
  }

  private void updateStatus(ReplicaSet rs, List<Pod> active) {
    int minReadySeconds =
        rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    Instant now = clock.instant();
    Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata().getLabels();
    int ready = 0;
    int available = 0;
    int fullyLabeled = 0;
    for (Pod pod : active) {
      if (pod.getMetadata().getLabels().entrySet().containsAll(templateLabels.entrySet())) {
        fullyLabeled++;
      }
      Instant readySince = Pods.readySince(pod);
      if (readySince != null) {
        ready++;
        Instant availableAt = readySince.plusSeconds(minReadySeconds);
        if (!availableAt.isAfter(now)) {
          available++;
        } else {
          enqueueAfter(key(rs), Duration.between(now, availableAt).plusMillis(50));
        }
      }
    }
    ReplicaSetStatus status =
        new ReplicaSetStatusBuilder()
            .withReplicas(active.size())
            .withFullyLabeledReplicas(fullyLabeled)
            .withReadyReplicas(ready)
            .withAvailableReplicas(available)
            .withObservedGeneration(rs.getMetadata().getGeneration())
            .build();
    if (!Objects.equals(status, rs.getStatus())) {
      rs.setStatus(status);
      client.apps().replicaSets().resource(rs).updateStatus();
    }
  }

  /** controller_utils ActivePods: the first pods in this order are the first to go. */
  static final Comparator<Pod> DELETION_ORDER =
      Comparator.<Pod, Boolean>comparing(pod -> pod.getSpec().getNodeName() != null)
          .thenComparing(
              pod -> phaseRank(pod.getStatus() == null ? null : pod.getStatus().getPhase()))
          .thenComparing(pod -> Pods.readySince(pod) != null)
          .thenComparing(Comparator.comparing(Pods::restartCount).reversed())
          .thenComparing(
              Comparator.comparing(
                      (Pod pod) -> String.valueOf(pod.getMetadata().getCreationTimestamp()))
                  .reversed());

  private static int phaseRank(String phase) {
    if (phase == null || phase.equals("Pending")) {
      return 0;
    }
    return phase.equals("Unknown") ? 1 : 2;
  }
}
