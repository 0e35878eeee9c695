package io.scaleproof.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.LoopbackApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rule files, as the kubeconfig backend runs them on a shared cluster: for the run's namespaces
 * only (a fabric8 mock API server on 127.0.0.1 that stores what it is sent).
 */
class PrometheusRuleFilesTest {
  private LoopbackApiServer api;
  private KubernetesClient client;

  @BeforeEach
  void startTheApiServer() {
    api = LoopbackApiServer.storing();
    client = api.client();
  }

  @AfterEach
  void stopIt() {
    api.close();
  }

  @Test
  @DisplayName("scoped to the run's namespaces: their rules become rule files, no other's do")
  void writesTheRuleFilesOfTheRunsNamespacesOnly() {
    client
        .genericKubernetesResources(PrometheusRuleFiles.RULES)
        .resource(rule("sp-r-obs"))
        .create();
    client.genericKubernetesResources(PrometheusRuleFiles.RULES).resource(rule("team-a")).create();
    String configMap = PrometheusRuleFiles.configMapName("scaleproof");

    try (PrometheusRuleFiles files = new PrometheusRuleFiles(client, List.of("sp-r-obs"))) {
      files.start();

      ConfigMap written =
          await("the rule files of sp-r-obs")
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> client.configMaps().inNamespace("sp-r-obs").withName(configMap).get(),
                  map -> map != null);
      assertThat(written.getData()).hasSize(1);
      assertThat(written.getData().values().iterator().next())
          .contains("record: service_name:p95")
          .contains("groups:");
      // A second rule, queued after everything the first listing queued: once its file is
      // written, a key for team-a, had one been queued, has been worked off too.
      GenericKubernetesResource second = rule("sp-r-obs");
      second.getMetadata().setName("more-signals");
      second.getMetadata().setUid("uid-more");
      client.genericKubernetesResources(PrometheusRuleFiles.RULES).resource(second).create();
      await("the second rule's file in sp-r-obs")
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> client.configMaps().inNamespace("sp-r-obs").withName(configMap).get(),
              map -> map != null && map.getData().size() == 2);
      assertThat(client.configMaps().inNamespace("team-a").withName(configMap).get())
          .as("another namespace's rule files, written by a run that does not own it")
          .isNull();
    }
  }

  private static GenericKubernetesResource rule(String namespace) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("monitoring.coreos.com/v1")
        .withKind("PrometheusRule")
        .withNewMetadata()
        .withName("slo-signals")
        .withNamespace(namespace)
        .withUid("uid-" + namespace)
        .withLabels(Map.of(PrometheusRuleFiles.PROMETHEUS_LABEL, "scaleproof"))
        .endMetadata()
        .addToAdditionalProperties(
            "spec",
            Map.of(
                "groups",
                List.of(
                    Map.of(
                        "name",
                        "slo",
                        "rules",
                        List.of(Map.of("record", "service_name:p95", "expr", "vector(1)"))))))
        .build();
  }
}
