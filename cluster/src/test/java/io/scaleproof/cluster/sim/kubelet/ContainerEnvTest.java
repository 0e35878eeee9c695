package io.scaleproof.cluster.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContainerEnvTest {
  private final ContainerEnv env = new ContainerEnv(null);

  @Test
  @DisplayName(
      "downward API fields, $(VAR) references to earlier vars, service links, image env underneath")
  void buildsTheContainerEnvironment() throws ContainerConfigException {
    Container container =
        new ContainerBuilder()
            .withName("app")
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("NS")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("NODE_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.hostIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("NODE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("spec.nodeName")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("TEAM")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['team']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("LISTEN")
            .withValue("$(POD_IP):8080")
            .endEnv()
            .addNewEnv()
            .withName("LATER")
            .withValue("$(DEFINED_AFTER)")
            .endEnv()
            .addNewEnv()
            .withName("DEFINED_AFTER")
            .withValue("x")
            .endEnv()
            .addNewEnv()
            .withName("ESCAPED")
            .withValue("$$(POD_IP)")
            .endEnv()
            .addNewEnv()
            .withName("MODE")
            .withValue("container")
            .endEnv()
            .build();
    RuntimeImage image =
        new RuntimeImage(
            "app",
            List.of("app"),
            List.of(),
            null,
            Map.of("MODE", "image", "IMAGE_ONLY", "kept"),
            Map.of());

    Map<String, String> resolved =
        env.resolve(pod(container), container, image, List.of(collector()));

    assertThat(resolved)
        .containsEntry("POD_NAME", "web-7d9c5-abcde")
        .containsEntry("NS", "shop")
        .containsEntry("POD_IP", "127.150.2.5")
        .containsEntry("NODE_IP", "127.150.2.1")
        .containsEntry("NODE", "scaleproof-sim")
        .containsEntry("TEAM", "checkout")
        .containsEntry("LISTEN", "127.150.2.5:8080")
        .containsEntry("LATER", "$(DEFINED_AFTER)")
        .containsEntry("ESCAPED", "$(POD_IP)")
        .containsEntry("MODE", "container")
        .containsEntry("IMAGE_ONLY", "kept")
        .containsEntry("HOSTNAME", "web-7d9c5-abcde")
        .containsEntry("OTEL_COLLECTOR_SERVICE_HOST", "127.150.3.7")
        .containsEntry("OTEL_COLLECTOR_SERVICE_PORT", "4318")
        .containsEntry("OTEL_COLLECTOR_SERVICE_PORT_OTLP_HTTP", "4318");
  }

  @Test
  @DisplayName("enableServiceLinks: false leaves the service variables out")
  void serviceLinksCanBeDisabled() throws ContainerConfigException {
    Container container = new ContainerBuilder().withName("app").build();
    Pod pod =
        new PodBuilder(pod(container)).editSpec().withEnableServiceLinks(false).endSpec().build();

    Map<String, String> resolved =
        env.resolve(
            pod,
            container,
            new RuntimeImage("app", List.of("app"), List.of(), null, Map.of(), Map.of()),
            List.of(collector()));

    assertThat(resolved).doesNotContainKey("OTEL_COLLECTOR_SERVICE_HOST");
  }

  private static Pod pod(Container container) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-7d9c5-abcde")
        .withNamespace("shop")
        .addToLabels("team", "checkout")
        .withUid("uid-1")
        .endMetadata()
        .withNewSpec()
        .withNodeName("scaleproof-sim")
        .withContainers(container)
        .endSpec()
        .withNewStatus()
        .withPodIP("127.150.2.5")
        .withHostIP("127.150.2.1")
        .endStatus()
        .build();
  }

  private static Service collector() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("otel-collector")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withClusterIP("127.150.3.7")
        .addNewPort()
        .withName("otlp-http")
        .withPort(4318)
        .endPort()
        .addNewPort()
        .withName("otlp-grpc")
        .withPort(4317)
        .endPort()
        .endSpec()
        .build();
  }
}
