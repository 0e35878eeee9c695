package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.control.Controller;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.sim.controller.RollingUpdate.ReplicaSetState;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns Deployments into ReplicaSets as the Deployment controller does: one ReplicaSet per pod
 * template, named {@code <deployment>-<pod-template-hash>}; a template change rolls pods with
 * RollingUpdate (maxSurge / maxUnavailable, default 25% each) or Recreate; a change of replicas
 * alone scales the current ReplicaSet; old ReplicaSets kept up to {@code revisionHistoryLimit};
 * status and the Available / Progressing conditions written as upstream writes them.
 *
 * <p>Not reproduced: proportional scaling of a scale event in the middle of a rollout (the rollout
 * math takes it in its stride instead), {@code spec.paused}, and the progress deadline.
 */
public final class DeploymentController extends Controller {
  static final String HASH_LABEL = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  private static final String COMPONENT = "deployment-controller";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final DeploymentStatusWriter status;

  public DeploymentController(KubernetesClient client, EventRecorder events, Clock clock) {
    super("deployment-controller");
    this.client = client;
    this.events = events;
    this.status = new DeploymentStatusWriter(client, clock);
  }

  @Override
  public void start() {
    watch(client.apps().deployments().inAnyNamespace(), d -> Stream.of(key(d)));
    watch(
        client.apps().replicaSets().inAnyNamespace(), rs -> Owners.controllerKey(rs, "Deployment"));
  }

  @Override
  protected void reconcile(String key) {
    Deployment d =
        client.apps().deployments().inNamespace(namespaceOf(key)).withName(nameOf(key)).get();
    if (d == null || d.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(namespaceOf(key)).list().getItems().stream()
            .filter(rs -> Owners.isControlledBy(rs, d))
            .sorted(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp()))
            .toList();
    String hash = PodTemplateHash.of(d.getSpec().getTemplate(), collisionCount(d));
    Optional<ReplicaSet> existing =
        owned.stream()
            .filter(rs -> hash.equals(rs.getMetadata().getLabels().get(HASH_LABEL)))
            .findFirst();
    List<ReplicaSet> old =
        owned.stream().filter(rs -> existing.map(n -> n != rs).orElse(true)).toList();
    boolean created = existing.isEmpty();
    ReplicaSet newRs = existing.orElseGet(() -> createNewReplicaSet(d, hash, old));
    if (DeploymentSpec.isRecreate(d)) {
      rolloutRecreate(d, newRs, old);
    } else {
      rolloutRolling(d, newRs, old);
    }
    cleanupHistory(d, old);
    status.sync(d, newRs, old, created);
  }

  private void rolloutRolling(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
    int desired = DeploymentSpec.replicas(d);
    int newSpec = DeploymentSpec.replicas(newRs);
    if (old.stream().allMatch(rs -> DeploymentSpec.replicas(rs) == 0)) {
      // A scaling event with a single active ReplicaSet: scaled straight to the target.
      scale(d, newRs, desired);
      return;
    }
    int allSpec = newSpec + old.stream().mapToInt(DeploymentSpec::replicas).sum();
    int newTarget =
        RollingUpdate.reconcileNewReplicaSet(
            desired, DeploymentSpec.fenceposts(d).maxSurge(), allSpec, newSpec);
    if (newTarget != newSpec) {
      scale(d, newRs, newTarget);
      return;
    }
    List<ReplicaSetState> shrunk =
        RollingUpdate.scaleDownOld(
            old.stream().map(this::state).toList(),
            state(newRs),
            desired,
            DeploymentSpec.maxUnavailable(d));
    Map<String, ReplicaSet> byName = new HashMap<>();
    old.forEach(rs -> byName.put(rs.getMetadata().getName(), rs));
    for (ReplicaSetState target : shrunk) {
      ReplicaSet rs = byName.get(target.name());
      if (DeploymentSpec.replicas(rs) != target.specReplicas()) {
        scale(d, rs, target.specReplicas());
      }
    }
  }

  private void rolloutRecreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
    boolean oldScaledDown = true;
    for (ReplicaSet rs : old) {
      if (DeploymentSpec.replicas(rs) > 0) {
        scale(d, rs, 0);
        oldScaledDown = false;
      }
      Integer running = rs.getStatus() == null ? null : rs.getStatus().getReplicas();
      if (running != null && running > 0) {
        oldScaledDown = false;
      }
    }
    if (oldScaledDown) {
      scale(d, newRs, DeploymentSpec.replicas(d));
    }
  }

  private ReplicaSet createNewReplicaSet(Deployment d, String hash, List<ReplicaSet> old) {
    int desired = DeploymentSpec.replicas(d);
    int allOld = old.stream().mapToInt(DeploymentSpec::replicas).sum();
    // Recreate starts the new ReplicaSet empty and grows it once the old pods are gone.
    int initial =
        DeploymentSpec.isRecreate(d)
            ? 0
            : RollingUpdate.newReplicaSetReplicas(
                desired, DeploymentSpec.fenceposts(d).maxSurge(), allOld, 0);
    int revision = old.stream().mapToInt(DeploymentController::revision).max().orElse(0) + 1;
    Map<String, String> labels = new HashMap<>(d.getSpec().getTemplate().getMetadata().getLabels());
    labels.put(HASH_LABEL, hash);
    ReplicaSet rs =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName(d.getMetadata().getName() + "-" + hash)
            .withNamespace(d.getMetadata().getNamespace())
            .withLabels(labels)
            .addToAnnotations(REVISION, String.valueOf(revision))
            .addToAnnotations(DESIRED_REPLICAS, String.valueOf(desired))
            .addToAnnotations(
                MAX_REPLICAS, String.valueOf(desired + DeploymentSpec.fenceposts(d).maxSurge()))
            .withOwnerReferences(Owners.controllerRef(d))
            .endMetadata()
            .withNewSpec()
            .withReplicas(initial)
            .withMinReadySeconds(d.getSpec().getMinReadySeconds())
            .withNewSelector()
            .withMatchLabels(withHash(d.getSpec().getSelector().getMatchLabels(), hash))
            .withMatchExpressions(d.getSpec().getSelector().getMatchExpressions())
            .endSelector()
            .withNewTemplate()
            .withNewMetadataLike(d.getSpec().getTemplate().getMetadata())
            .withLabels(labels)
            .endMetadata()
            .withSpec(d.getSpec().getTemplate().getSpec())
            .endTemplate()
            .endSpec()
            .build();
    ReplicaSet created = client.apps().replicaSets().resource(rs).create();
    client
        .apps()
        .deployments()
        .resource(d)
        .edit(
            current -> {
              current.getMetadata().getAnnotations().put(REVISION, String.valueOf(revision));
              return current;
            });
    if (initial > 0) {
      events.normal(
          d,
          COMPONENT,
          "ScalingReplicaSet",
          "Scaled up replica set " + rs.getMetadata().getName() + " from 0 to " + initial);
    }
    return created;
  }

  private void scale(Deployment d, ReplicaSet rs, int replicas) {
    int from = DeploymentSpec.replicas(rs);
    String desired = String.valueOf(DeploymentSpec.replicas(d));
    boolean annotationsCurrent =
        desired.equals(rs.getMetadata().getAnnotations().get(DESIRED_REPLICAS));
    if (from == replicas && annotationsCurrent) {
      return;
    }
    client
        .apps()
        .replicaSets()
        .resource(rs)
        .edit(
            current -> {
              current.getSpec().setReplicas(replicas);
              current.getMetadata().getAnnotations().put(DESIRED_REPLICAS, desired);
              current
                  .getMetadata()
                  .getAnnotations()
                  .put(
                      MAX_REPLICAS,
                      String.valueOf(
                          DeploymentSpec.replicas(d) + DeploymentSpec.fenceposts(d).maxSurge()));
              return current;
            });
    rs.getSpec().setReplicas(replicas);
    if (from != replicas) {
      events.normal(
          d,
          COMPONENT,
          "ScalingReplicaSet",
          "Scaled "
              + (replicas > from ? "up" : "down")
              + " replica set "
              + rs.getMetadata().getName()
              + " from "
              + from
              + " to "
              + replicas);
    }
  }

  /** Deletes old, empty ReplicaSets beyond {@code revisionHistoryLimit}, oldest first. */
  private void cleanupHistory(Deployment d, List<ReplicaSet> old) {
    int limit =
        d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
    List<ReplicaSet> empty =
        old.stream()
            .filter(rs -> DeploymentSpec.replicas(rs) == 0)
            .filter(rs -> rs.getStatus() == null || zero(rs.getStatus().getReplicas()))
            .toList();
    for (int i = 0; i < empty.size() - limit; i++) {
      client.apps().replicaSets().resource(empty.get(i)).delete();
    }
  }

  private ReplicaSetState state(ReplicaSet rs) {
    Instant created = Instant.parse(rs.getMetadata().getCreationTimestamp());
    Integer available = rs.getStatus() == null ? null : rs.getStatus().getAvailableReplicas();
    return new ReplicaSetState(
        rs.getMetadata().getName(),
        created.toEpochMilli(),
        DeploymentSpec.replicas(rs),
        available == null ? 0 : available);
  }

  private static Map<String, String> withHash(Map<String, String> labels, String hash) {
    Map<String, String> selector = new HashMap<>(labels);
    selector.put(HASH_LABEL, hash);
    return selector;
  }

  private static Integer collisionCount(Deployment d) {
    return d.getStatus() == null ? null : d.getStatus().getCollisionCount();
  }

  private static int revision(ReplicaSet rs) {
    String value = rs.getMetadata().getAnnotations().get(REVISION);
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static boolean zero(Integer value) {
    return value == null || value == 0;
  }
}
