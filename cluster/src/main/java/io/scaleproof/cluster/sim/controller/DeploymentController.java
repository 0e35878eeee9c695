package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.sim.controller.RollingUpdate.ReplicaSetState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  private static final IntOrString DEFAULT_SURGE = new IntOrString("25%");

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  public DeploymentController(KubernetesClient client, EventRecorder events, Clock clock) {
    super("deployment-controller");
    this.client = client;
    this.events = events;
    this.clock = clock;
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
    if (isRecreate(d)) {
      rolloutRecreate(d, newRs, old);
    } else {
      rolloutRolling(d, newRs, old);
    }
    cleanupHistory(d, old);
    syncStatus(d, newRs, old, created);
  }

  private void rolloutRolling(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
    int desired = replicas(d);
    int newSpec = specReplicas(newRs);
    boolean oldActive = old.stream().anyMatch(rs -> specReplicas(rs) > 0);
    if (!oldActive || newSpec > desired) {
      // A scaling event with one active ReplicaSet, or a new ReplicaSet above the target.
      scale(d, newRs, desired);
      return;
    }
    RollingUpdate.Fenceposts fenceposts = fenceposts(d);
    int allSpec = newSpec + old.stream().mapToInt(DeploymentController::specReplicas).sum();
    int grown =
        RollingUpdate.newReplicaSetReplicas(desired, fenceposts.maxSurge(), allSpec, newSpec);
    if (grown != newSpec) {
      scale(d, newRs, grown);
      return;
    }
    List<ReplicaSetState> shrunk =
        RollingUpdate.scaleDownOld(
            old.stream().map(this::state).toList(),
            state(newRs),
            desired,
            RollingUpdate.maxUnavailable(surge(d), unavailable(d), desired));
    Map<String, ReplicaSet> byName = new HashMap<>();
    old.forEach(rs -> byName.put(rs.getMetadata().getName(), rs));
    for (ReplicaSetState target : shrunk) {
      ReplicaSet rs = byName.get(target.name());
      if (specReplicas(rs) != target.specReplicas()) {
        scale(d, rs, target.specReplicas());
      }
    }
  }

  private void rolloutRecreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
    boolean oldScaledDown = true;
    for (ReplicaSet rs : old) {
      if (specReplicas(rs) > 0) {
        scale(d, rs, 0);
        oldScaledDown = false;
      }
      Integer running = rs.getStatus() == null ? null : rs.getStatus().getReplicas();
      if (running != null && running > 0) {
        oldScaledDown = false;
      }
    }
    if (oldScaledDown) {
      scale(d, newRs, replicas(d));
    }
  }

  private ReplicaSet createNewReplicaSet(Deployment d, String hash, List<ReplicaSet> old) {
    int desired = replicas(d);
    int allOld = old.stream().mapToInt(DeploymentController::specReplicas).sum();
    // Recreate starts the new ReplicaSet empty and grows it once the old pods are gone.
    int initial =
        isRecreate(d)
            ? 0
            : RollingUpdate.newReplicaSetReplicas(desired, fenceposts(d).maxSurge(), allOld, 0);
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
            .addToAnnotations(MAX_REPLICAS, String.valueOf(desired + fenceposts(d).maxSurge()))
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
    int from = specReplicas(rs);
    String desired = String.valueOf(replicas(d));
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
                  .put(MAX_REPLICAS, String.valueOf(replicas(d) + fenceposts(d).maxSurge()));
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
            .filter(rs -> specReplicas(rs) == 0)
            .filter(rs -> rs.getStatus() == null || zero(rs.getStatus().getReplicas()))
            .toList();
    for (int i = 0; i < empty.size() - limit; i++) {
      client.apps().replicaSets().resource(empty.get(i)).delete();
    }
  }

  private void syncStatus(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, boolean created) {
    List<ReplicaSet> all = new ArrayList<>(old);
    all.add(newRs);
    int desired = replicas(d);
    int available =
        sum(all, rs -> rs.getStatus() == null ? null : rs.getStatus().getAvailableReplicas());
    int totalSpec = all.stream().mapToInt(DeploymentController::specReplicas).sum();
    int updated = newRs.getStatus() == null ? 0 : orZero(newRs.getStatus().getReplicas());
    int replicas = sum(all, rs -> rs.getStatus() == null ? null : rs.getStatus().getReplicas());
    int ready = sum(all, rs -> rs.getStatus() == null ? null : rs.getStatus().getReadyReplicas());
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    List<DeploymentCondition> conditions =
        new ArrayList<>(d.getStatus() == null ? List.of() : d.getStatus().getConditions());
    int maxUnavailable = RollingUpdate.maxUnavailable(surge(d), unavailable(d), desired);
    if (isRecreate(d)) {
      maxUnavailable = desired;
    }
    if (available >= desired - maxUnavailable) {
      setCondition(
          conditions,
          "Available",
          "True",
          "MinimumReplicasAvailable",
          "Deployment has minimum availability.",
          now);
    } else {
      setCondition(
          conditions,
          "Available",
          "False",
          "MinimumReplicasUnavailable",
          "Deployment does not have minimum availability.",
          now);
    }
    String rsName = newRs.getMetadata().getName();
    boolean complete =
        updated == desired
            && replicas == desired
            && available == desired
            && old.stream().allMatch(rs -> specReplicas(rs) == 0);
    if (complete) {
      setCondition(
          conditions,
          "Progressing",
          "True",
          "NewReplicaSetAvailable",
          "ReplicaSet \"" + rsName + "\" has successfully progressed.",
          now);
    } else if (created) {
      setCondition(
          conditions,
          "Progressing",
          "True",
          "NewReplicaSetCreated",
          "Created new replica set \"" + rsName + "\"",
          now);
    } else {
      setCondition(
          conditions,
          "Progressing",
          "True",
          "ReplicaSetUpdated",
          "ReplicaSet \"" + rsName + "\" is progressing.",
          now);
    }
    DeploymentStatus status =
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(ready)
            .withAvailableReplicas(available)
            .withUnavailableReplicas(Math.max(0, totalSpec - available))
            .withCollisionCount(d.getStatus() == null ? null : d.getStatus().getCollisionCount())
            .withConditions(conditions)
            .build();
    if (!Objects.equals(status, d.getStatus())) {
      Deployment latest =
          client
              .apps()
              .deployments()
              .inNamespace(d.getMetadata().getNamespace())
              .withName(d.getMetadata().getName())
              .get();
      if (latest != null) {
        latest.setStatus(status);
        client.apps().deployments().resource(latest).updateStatus();
      }
    }
  }

  /**
   * SetDeploymentCondition: a condition whose status and reason are unchanged is left alone; a new
   * status moves lastTransitionTime, a new reason or message only lastUpdateTime.
   */
  private static void setCondition(
      List<DeploymentCondition> conditions,
      String type,
      String status,
      String reason,
      String message,
      String now) {
    Optional<DeploymentCondition> current =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    if (current.isPresent()
        && status.equals(current.get().getStatus())
        && reason.equals(current.get().getReason())) {
      return;
    }
    String transition =
        current
            .filter(c -> status.equals(c.getStatus()))
            .map(DeploymentCondition::getLastTransitionTime)
            .orElse(now);
    current.ifPresent(conditions::remove);
    conditions.add(
        new DeploymentConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withLastUpdateTime(now)
            .withLastTransitionTime(transition)
            .build());
  }

  private ReplicaSetState state(ReplicaSet rs) {
    Instant created = Instant.parse(rs.getMetadata().getCreationTimestamp());
    int available = rs.getStatus() == null ? 0 : orZero(rs.getStatus().getAvailableReplicas());
    return new ReplicaSetState(
        rs.getMetadata().getName(), created.toEpochMilli(), specReplicas(rs), available);
  }

  private static Map<String, String> withHash(Map<String, String> labels, String hash) {
    Map<String, String> selector = new HashMap<>(labels);
    selector.put(HASH_LABEL, hash);
    return selector;
  }

  private static boolean isRecreate(Deployment d) {
    return d.getSpec().getStrategy() != null
        && "Recreate".equals(d.getSpec().getStrategy().getType());
  }

  private RollingUpdate.Fenceposts fenceposts(Deployment d) {
    return RollingUpdate.resolveFenceposts(surge(d), unavailable(d), replicas(d));
  }

  private static IntOrString surge(Deployment d) {
    var strategy = d.getSpec().getStrategy();
    if (strategy == null
        || strategy.getRollingUpdate() == null
        || strategy.getRollingUpdate().getMaxSurge() == null) {
      return DEFAULT_SURGE;
    }
    return strategy.getRollingUpdate().getMaxSurge();
  }

  private static IntOrString unavailable(Deployment d) {
    var strategy = d.getSpec().getStrategy();
    if (strategy == null
        || strategy.getRollingUpdate() == null
        || strategy.getRollingUpdate().getMaxUnavailable() == null) {
      return DEFAULT_SURGE;
    }
    return strategy.getRollingUpdate().getMaxUnavailable();
  }

  private static Integer collisionCount(Deployment d) {
    return d.getStatus() == null ? null : d.getStatus().getCollisionCount();
  }

  static int replicas(Deployment d) {
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  static int specReplicas(ReplicaSet rs) {
    return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
  }

  private static int revision(ReplicaSet rs) {
    String value = rs.getMetadata().getAnnotations().get(REVISION);
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static int sum(
      List<ReplicaSet> sets, java.util.function.Function<ReplicaSet, Integer> f) {
    return sets.stream().map(f).mapToInt(DeploymentController::orZero).sum();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static boolean zero(Integer value) {
    return value == null || value == 0;
  }
}
