package io.scaleproof.cluster.pipeline;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Why a Deployment is not ready, in one line for an install's error: how many of its replicas are
 * ready, and each of its pods' phase with the containers that wait (and why) or are not ready.
 */
final class DeploymentDiagnosis {
  private DeploymentDiagnosis() {}

  /** What keeps the Deployment {@code namespace/name} from being ready. */
  static String describe(KubernetesClient client, String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      return "Deployment " + namespace + "/" + name + " does not exist";
    }
    Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
    List<Pod> pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
    String podStates =
        pods.stream()
            .map(DeploymentDiagnosis::describePod)
            .collect(Collectors.joining(", ", "[", "]"));
    Integer ready =
        deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
    return "Deployment "
        + namespace
        + "/"
        + name
        + " has "
        + (ready == null ? 0 : ready)
        + "/"
        + Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1)
        + " ready, pods "
        + podStates;
  }

  /** The pod's name and phase, with each container that waits (reason, message) or is not ready. */
  static String describePod(Pod pod) {
    StringBuilder text = new StringBuilder(pod.getMetadata().getName());
    if (pod.getStatus() == null) {
      return text.append(" (no status)").toString();
    }
    text.append(" ").append(pod.getStatus().getPhase());
    pod.getStatus()
        .getContainerStatuses()
        .forEach(
            status -> {
              if (status.getState() != null && status.getState().getWaiting() != null) {
                String message = status.getState().getWaiting().getMessage();
                text.append(" ")
                    .append(status.getName())
                    .append(" waiting ")
                    .append(status.getState().getWaiting().getReason())
                    .append(message == null ? "" : ": " + message);
              } else if (!Boolean.TRUE.equals(status.getReady())) {
                text.append(" ").append(status.getName()).append(" not ready");
              }
            });
    return text.toString();
  }
}
