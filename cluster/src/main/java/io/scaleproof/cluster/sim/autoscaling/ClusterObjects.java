package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;

/**
 * The cluster objects KEDA and the HPA controller read by name — a ScaledObject, its target
 * Deployment and that Deployment's pods, the generated HPA — and the one write both make, scaling
 * the target. Each read is a fresh GET (null when absent), as the controllers' clients read.
 */
final class ClusterObjects {
  private final KubernetesClient client;

  ClusterObjects(KubernetesClient client) {
    this.client = client;
  }

  /** The ScaledObject by name, to read, or to write its status. */
  Resource<GenericKubernetesResource> scaledObjectResource(String namespace, String name) {
    return client
        .genericKubernetesResources(KedaController.SCALED_OBJECTS)
        .inNamespace(namespace)
        .withName(name);
  }

  GenericKubernetesResource scaledObject(String namespace, String name) {
    return scaledObjectResource(namespace, name).get();
  }

  GenericKubernetesResource scaledObject(ScaledObjectSpec spec) {
    return scaledObject(spec.namespace(), spec.name());
  }

  Deployment deployment(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** The ScaledObject's scale target. */
  Deployment deployment(ScaledObjectSpec spec) {
    return deployment(spec.namespace(), spec.targetName());
  }

  /** An HPA by name, to read, write or delete. */
  Resource<HorizontalPodAutoscaler> hpaResource(String namespace, String name) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName(name);
  }

  /** The HPA KEDA generated for the ScaledObject. */
  HorizontalPodAutoscaler hpa(ScaledObjectSpec spec) {
    return hpaResource(spec.namespace(), spec.hpaName()).get();
  }

  /** The pods the Deployment's selector matches, those being deleted left out. */
  List<Pod> pods(Deployment deployment) {
    return client
        .pods()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withLabels(deployment.getSpec().getSelector().getMatchLabels())
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /** How many of {@code pods} are Running and Ready. */
  static int ready(List<Pod> pods) {
    return (int) pods.stream().filter(ClusterObjects::ready).count();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  void scale(String namespace, String target, int replicas) {
    client.apps().deployments().inNamespace(namespace).withName(target).scale(replicas);
  }

  /** Scales the ScaledObject's target. */
  void scale(ScaledObjectSpec spec, int replicas) {
    scale(spec.namespace(), spec.targetName(), replicas);
  }
}
