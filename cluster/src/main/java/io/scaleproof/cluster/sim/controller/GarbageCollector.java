package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.control.Controller;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Background cascading deletion, as the garbage collector does it: once an owner is gone, its
 * dependents (ReplicaSets of a Deployment, Pods of a ReplicaSet) are deleted. Runs per namespace
 * whenever an owner is deleted or a dependent appears, so that a dependent created in a race with
 * its owner's deletion is collected too.
 */
public final class GarbageCollector extends Controller {
  private final KubernetesClient client;

  public GarbageCollector(KubernetesClient client) {
    super("garbage-collector");
    this.client = client;
  }

  @Override
  public void start() {
    watch(
        client.apps().deployments().inAnyNamespace(),
        d -> Stream.of(d.getMetadata().getNamespace()));
    watch(
        client.apps().replicaSets().inAnyNamespace(),
        rs -> Stream.of(rs.getMetadata().getNamespace()));
    watch(client.pods().inAnyNamespace(), pod -> Stream.of(pod.getMetadata().getNamespace()));
  }

  @Override
  public void enqueue(String key) {
    // Keys are namespaces here: one sweep covers every owner in it.
    super.enqueue(key.contains("/") ? namespaceOf(key) : key);
  }

  @Override
  protected void reconcile(String namespace) {
    Set<String> deployments =
        uids(client.apps().deployments().inNamespace(namespace).list().getItems().stream());
    var replicaSets = client.apps().replicaSets().inNamespace(namespace).list().getItems();
    replicaSets.stream()
        .filter(rs -> orphaned(rs, "Deployment", deployments))
        .forEach(rs -> client.apps().replicaSets().resource(rs).delete());
    Set<String> liveReplicaSets =
        uids(replicaSets.stream().filter(rs -> !orphaned(rs, "Deployment", deployments)));
    client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .filter(pod -> orphaned(pod, "ReplicaSet", liveReplicaSets))
        .forEach(pod -> client.pods().resource(pod).delete());
  }

  private static boolean orphaned(HasMetadata object, String ownerKind, Set<String> liveOwners) {
    for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
      if (ownerKind.equals(ref.getKind()) && !liveOwners.contains(ref.getUid())) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> uids(Stream<? extends HasMetadata> objects) {
    return objects.map(o -> o.getMetadata().getUid()).collect(Collectors.toSet());
  }
}
