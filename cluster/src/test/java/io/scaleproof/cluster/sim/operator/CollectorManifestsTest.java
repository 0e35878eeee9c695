package io.scaleproof.cluster.sim.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.ProjectFiles;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CollectorManifestsTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** The CR of the operator's e2e test tests/e2e/managed-reconcile (00-install.yaml). */
  private static final String SIMPLEST =
      """
      apiVersion: opentelemetry.io/v1beta1
      kind: OpenTelemetryCollector
      metadata:
        name: simplest
        namespace: e2e
        uid: 3b2f6c1e-0000-4000-8000-000000000001
      spec:
        config:
          receivers:
            otlp:
              protocols:
                grpc: {}
                http: {}
          exporters:
            debug: {}
          service:
            pipelines:
              traces:
                receivers: [otlp]
                exporters: [debug]
      """;

  @Test
  @DisplayName("the operator's managed-reconcile e2e case: Services, ports and service account")
  void upstreamManagedReconcileCase() {
    List<HasMetadata> objects = CollectorManifests.of(collector(SIMPLEST));

    Deployment deployment = only(objects, Deployment.class, "simplest-collector");
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("simplest-collector");
    // As 00-assert.yaml states them, for the Service and its headless twin.
    for (String name : List.of("simplest-collector", "simplest-collector-headless")) {
      assertThat(only(objects, Service.class, name).getSpec().getPorts())
          .extracting(
              ServicePort::getAppProtocol,
              ServicePort::getName,
              ServicePort::getPort,
              ServicePort::getProtocol,
              p -> p.getTargetPort().getIntVal())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("grpc", "otlp-grpc", 4317, "TCP", 4317),
              org.assertj.core.groups.Tuple.tuple("http", "otlp-http", 4318, "TCP", 4318));
    }
    assertThat(only(objects, Service.class, "simplest-collector-headless").getSpec().getClusterIP())
        .isEqualTo("None");
  }

  @Test
  @DisplayName("no health_check extension, no probes; a disabled one gives none either")
  void probesOnlyFromAnEnabledHealthCheck() {
    List<HasMetadata> objects = CollectorManifests.of(collector(SIMPLEST));
    var container =
        only(objects, Deployment.class, "simplest-collector")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getReadinessProbe()).isNull();
    assertThat(
            CollectorManifests.healthProbe(
                collector(
                    SIMPLEST.replace(
                        "    exporters:\n",
                        "    extensions:\n      health_check: {}\n    exporters:\n")),
                null))
        .isEmpty();
  }

  @Test
  @DisplayName("the webhook's defaults: receivers on 0.0.0.0 at their ports, a metrics reader")
  void webhookDefaultsAreApplied() {
    String config = CollectorManifests.configYaml(collector(SIMPLEST));

    assertThat(config)
        .contains("endpoint: 0.0.0.0:4317")
        .contains("endpoint: 0.0.0.0:4318")
        .contains("host: 0.0.0.0")
        .contains("port: 8888");
  }

  @Test
  @DisplayName("the declared collector: selector, labels, args, config map and every port")
  void declaredCollector() {
    GenericKubernetesResource declared =
        (GenericKubernetesResource)
            Manifests.load(ProjectFiles.find("cluster/gitops/observability/collector.yaml")).get(0);
    declared.getMetadata().setUid("3b2f6c1e-0000-4000-8000-000000000002");
    List<HasMetadata> objects = CollectorManifests.of(declared);

    ConfigMap config =
        objects.stream()
            .filter(ConfigMap.class::isInstance)
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(config.getMetadata().getName()).matches("otel-collector-[0-9a-f]{8}");
    assertThat(config.getData()).containsKey("collector.yaml");

    Deployment deployment = only(objects, Deployment.class, "otel-collector");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/managed-by", "opentelemetry-operator")
        .containsEntry("app.kubernetes.io/instance", "observability.otel")
        .containsEntry("app.kubernetes.io/part-of", "opentelemetry")
        .containsEntry("app.kubernetes.io/component", "opentelemetry-collector")
        .hasSize(4);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getName()).isEqualTo("otc-container");
    assertThat(container.getArgs()).first().isEqualTo("--config=/conf/collector.yaml");
    assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("POD_NAME"));
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/version", "0.159.0");
    assertThat(
            deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .get(0)
                .getConfigMap()
                .getName())
        .isEqualTo(config.getMetadata().getName());

    // The health_check extension becomes the probes, with the CR's timings.
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(13133);
    assertThat(container.getReadinessProbe().getPeriodSeconds()).isEqualTo(2);
    assertThat(container.getStartupProbe().getPeriodSeconds()).isEqualTo(1);
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(13133);
    assertThat(container.getLivenessProbe().getPeriodSeconds()).isNull();

    assertThat(only(objects, Service.class, "otel-collector").getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("otlp-grpc", 4317),
            org.assertj.core.groups.Tuple.tuple("otlp-http", 4318),
            org.assertj.core.groups.Tuple.tuple("prometheus", 8889));
    assertThat(only(objects, Service.class, "otel-collector-monitoring").getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("monitoring", 8888));
  }

  @Test
  @DisplayName("a changed config gets a new config map name, so pods restart with it")
  void configChangeRenamesTheConfigMap() {
    String first = configMapName(CollectorManifests.of(collector(SIMPLEST)));
    String second =
        configMapName(
            CollectorManifests.of(
                collector(SIMPLEST.replace("debug: {}", "debug: {verbosity: detailed}"))));
    assertThat(first).isNotEqualTo(second);
  }

  private static String configMapName(List<HasMetadata> objects) {
    return objects.stream()
        .filter(ConfigMap.class::isInstance)
        .findFirst()
        .orElseThrow()
        .getMetadata()
        .getName();
  }

  private static GenericKubernetesResource collector(String yaml) {
    return YAML.unmarshal(yaml, GenericKubernetesResource.class);
  }

  private static <T extends HasMetadata> T only(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }
}
