package io.scaleproof.cluster.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The health Argo CD gives a live object, against gitops-engine's own cases ({@code
 * pkg/health/health_test.go}, gitops-engine v0.7.1-0.20251006172252-b89b0871b414): each object here
 * carries the fields of the upstream testdata file it names that the check reads.
 */
class ResourceHealthTest {
  /** TestDeploymentHealth: deployment-progressing, -suspended, -degraded; and a finished one. */
  @Test
  void deployment() {
    assertThat(health(deployment(false, "ReplicaSetUpdated", 2, 1, 1))).isEqualTo("Progressing");
    assertThat(health(deployment(true, "ReplicaSetUpdated", 2, 1, 1))).isEqualTo("Suspended");
    assertThat(health(deployment(false, "ProgressDeadlineExceeded", 2, 1, 1)))
        .isEqualTo("Degraded");
    assertThat(health(deployment(false, "NewReplicaSetAvailable", 1, 1, 1))).isEqualTo("Healthy");
  }

  /** TestServiceHealth: a ClusterIP Service is healthy; a LoadBalancer waits for its ingress. */
  @Test
  void service() {
    assertThat(health(object("v1", "Service", Map.of("type", "ClusterIP"), Map.of())))
        .isEqualTo("Healthy");
    assertThat(health(object("v1", "Service", Map.of("type", "LoadBalancer"), Map.of())))
        .isEqualTo("Progressing");
    assertThat(
            health(
                object(
                    "v1",
                    "Service",
                    Map.of("type", "LoadBalancer"),
                    Map.of("loadBalancer", Map.of("ingress", List.of(Map.of("ip", "10.0.0.1")))))))
        .isEqualTo("Healthy");
  }

  /** TestPod: every testdata/pod-*.yaml case. */
  @Test
  void pod() {
    assertThat(health(pod("Always", "Pending", waiting("PodInitializing"), false, null)))
        .as("pod-pending")
        .isEqualTo("Progressing");
    assertThat(health(pod("Always", "Running", running(), false, null)))
        .as("pod-running-not-ready")
        .isEqualTo("Progressing");
    assertThat(health(pod("Always", "Running", waiting("CrashLoopBackOff"), false, null)))
        .as("pod-crashloop")
        .isEqualTo("Degraded");
    assertThat(health(pod("Always", "Pending", waiting("ImagePullBackOff"), false, null)))
        .as("pod-imagepullbackoff")
        .isEqualTo("Degraded");
    assertThat(health(pod("Always", "Running", terminated(1), false, terminated(1))))
        .as("pod-error")
        .isEqualTo("Degraded");
    assertThat(health(pod("Always", "Running", running(), true, null)))
        .as("pod-running-restart-always")
        .isEqualTo("Healthy");
    assertThat(health(pod("Never", "Running", running(), true, null)))
        .as("pod-running-restart-never")
        .isEqualTo("Progressing");
    assertThat(health(pod("OnFailure", "Running", running(), true, null)))
        .as("pod-running-restart-onfailure")
        .isEqualTo("Progressing");
    assertThat(health(pod("Never", "Failed", terminated(1), false, null)))
        .as("pod-failed")
        .isEqualTo("Degraded");
    assertThat(ResourceHealth.pod(pod("Never", "Failed", terminated(1), false, null)).message())
        .isEqualTo("container \"main\" failed with exit code 1");
    assertThat(health(pod("Never", "Succeeded", terminated(0), false, null)))
        .as("pod-succeeded")
        .isEqualTo("Healthy");
    Map<String, Object> deleting =
        pod("Always", "Pending", waiting("PodInitializing"), false, null);
    ((Map<String, Object>) deleting.get("metadata"))
        .put("deletionTimestamp", "2018-12-03T10:16:04Z");
    assertThat(health(deleting)).as("pod-deletion").isEqualTo("Progressing");
  }

  private static String health(Map<String, Object> live) {
    return ResourceHealth.of(live).orElseThrow().status();
  }

  private static Map<String, Object> deployment(
      boolean paused, String progressing, int replicas, int updated, int available) {
    Map<String, Object> spec = new LinkedHashMap<>(Map.of("replicas", 1));
    if (paused) {
      spec.put("paused", true);
    }
    Map<String, Object> status =
        Map.of(
            "observedGeneration", 4,
            "replicas", replicas,
            "updatedReplicas", updated,
            "availableReplicas", available,
            "readyReplicas", available,
            "conditions",
                List.of(
                    Map.of("type", "Available", "reason", "MinimumReplicasAvailable"),
                    Map.of("type", "Progressing", "reason", progressing)));
    Map<String, Object> deployment = object("apps/v1", "Deployment", spec, status);
    ((Map<String, Object>) deployment.get("metadata")).put("generation", 4);
    return deployment;
  }

  private static Map<String, Object> pod(
      String restartPolicy,
      String phase,
      Map<String, Object> state,
      boolean ready,
      Map<String, Object> lastState) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "main");
    container.put("ready", ready);
    container.put("state", state);
    if (lastState != null) {
      container.put("lastState", lastState);
    }
    Map<String, Object> status =
        Map.of(
            "phase",
            phase,
            "containerStatuses",
            List.of(container),
            "conditions",
            List.of(Map.of("type", "Ready", "status", ready ? "True" : "False")));
    return object("v1", "Pod", Map.of("restartPolicy", restartPolicy), status);
  }

  private static Map<String, Object> waiting(String reason) {
    return Map.of("waiting", Map.of("reason", reason));
  }

  private static Map<String, Object> running() {
    return Map.of("running", Map.of("startedAt", "2018-12-02T09:19:56Z"));
  }

  private static Map<String, Object> terminated(int exitCode) {
    return Map.of(
        "terminated",
        Map.of("exitCode", exitCode, "reason", exitCode == 0 ? "Completed" : "Error"));
  }

  private static Map<String, Object> object(
      String apiVersion, String kind, Map<String, Object> spec, Map<String, Object> status) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", new LinkedHashMap<>(Map.of("name", "x", "namespace", "default")));
    object.put("spec", spec);
    object.put("status", status);
    return object;
  }
}
