package io.scaleproof.cluster.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;

/** Pods the embedded cluster's tests start, written once. */
final class TestPods {
  static final String ECHO_SERVER = "scaleproof/echo-server:1.0.0";

  private TestPods() {}

  /**
   * A one-container pod in {@code default} that binds where the kubelet says (its IP and name from
   * the downward API), is ready once port 8080 accepts, and stops within 2 s.
   *
   * @param command the container's command; empty runs the image's entrypoint
   */
  static Pod pod(String name, String image, List<String> command) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(2L)
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .withCommand(command)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .addNewEnv()
        .withName("POD_IP")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("status.podIP")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("POD_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withNewPort(8080)
        .endTcpSocket()
        .withPeriodSeconds(1)
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .build();
  }
}
