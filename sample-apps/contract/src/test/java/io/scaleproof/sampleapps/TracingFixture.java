package io.scaleproof.sampleapps;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.scaleproof.cluster.sim.SimCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the span proofs install before the apps: the apps' namespace, an Instrumentation for it, and
 * a collector Service whose only endpoint is a test {@link OtlpReceiver}.
 */
final class TracingFixture {
  static final Path SAMPLE_APPS = Path.of("..").toAbsolutePath().normalize();

  private TracingFixture() {}

  static void install(SimCluster cluster, int receiverPort) {
    installCollectorEndpoint(cluster, receiverPort);
    cluster.apply(SAMPLE_APPS.resolve("namespace.yaml"));
    cluster.apply(List.of(instrumentation()));
  }

  /**
   * A selector-less collector Service whose endpoint is the receiver, as a real collector's would
   * be.
   */
  static void installCollectorEndpoint(SimCluster cluster, int receiverPort) {
    cluster.apply(
        List.of(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("observability")
                .endMetadata()
                .build(),
            new ServiceBuilder()
                .withNewMetadata()
                .withName("otel-collector")
                .withNamespace("observability")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withName("otlp-http")
                .withPort(4318)
                .endPort()
                .endSpec()
                .build(),
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("otel-collector-receiver")
                .withNamespace("observability")
                .addToLabels("kubernetes.io/service-name", "otel-collector")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses("127.0.0.1")
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .addNewPort()
                .withName("otlp-http")
                .withPort(receiverPort)
                .withProtocol("TCP")
                .endPort()
                .build()));
  }

  static GenericKubernetesResource instrumentation() {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("opentelemetry.io/v1alpha1")
        .withKind("Instrumentation")
        .withNewMetadata()
        .withName("tracing")
        .withNamespace("apps")
        .endMetadata()
        .addToAdditionalProperties(
            "spec",
            Map.of(
                "exporter",
                    Map.of(
                        "endpoint", "http://otel-collector.observability.svc.cluster.local:4318"),
                "propagators", List.of("tracecontext", "baggage"),
                "env",
                    List.of(
                        Map.of("name", "OTEL_BSP_SCHEDULE_DELAY", "value", "200"),
                        Map.of("name", "OTEL_METRICS_EXPORTER", "value", "none"),
                        Map.of("name", "OTEL_LOGS_EXPORTER", "value", "none"))))
        .build();
  }
}
