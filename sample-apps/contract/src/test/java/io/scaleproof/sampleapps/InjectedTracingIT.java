package io.scaleproof.sampleapps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.opentelemetry.proto.trace.v1.Span;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Zero-code tracing on the embedded cluster: the sample app's manifests ask for injection, the API
 * server's webhook injects the agent as the operator does, the kubelet runs it, and the spans reach
 * an OTLP receiver through the collector's Service — with the resource attributes the pipeline's
 * span metrics and rules rely on.
 */
class InjectedTracingIT {
  private static final Path SAMPLE_APPS = Path.of("..").toAbsolutePath().normalize();

  @ParameterizedTest(
      name = "{0}: the injected agent sends SERVER spans for /work with the pod's k8s attributes")
  @ValueSource(strings = {"java", "node", "python"})
  void appIsTracedWithoutCodeChanges(String language) throws Exception {
    String app = language + "-app";
    try (OtlpReceiver receiver = OtlpReceiver.start();
        SimCluster cluster = SimCluster.start(SimClusterConfig.defaults())) {
      installCollectorEndpoint(cluster, receiver.port());
      cluster.apply(SAMPLE_APPS.resolve("namespace.yaml"));
      cluster.apply(List.of(instrumentation()));
      cluster.apply(SAMPLE_APPS.resolve(language).resolve("k8s"));

      await(app + " ready with its agent")
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  pods(cluster, app).stream()
                      .anyMatch(io.scaleproof.cluster.sim.controller.Pods::isReady));
      Pod pod = pods(cluster, app).get(0);
      assertThat(pod.getSpec().getInitContainers())
          .extracting(c -> c.getName())
          .containsExactly(
              "opentelemetry-auto-instrumentation-"
                  + (language.equals("node") ? "nodejs" : language));
      URI work = cluster.serviceUrl("apps", app, 8080).resolve("/work");
      for (int i = 0; i < 20; i++) {
        get(work);
      }

      await("SERVER spans of " + app + " at the receiver")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(receiver.spans())
                      .anySatisfy(
                          span -> {
                            assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
                            assertThat(span.resource())
                                .containsEntry("service.name", app)
                                .containsEntry("k8s.namespace.name", "apps")
                                .containsEntry("k8s.pod.name", pod.getMetadata().getName())
                                .containsEntry("k8s.deployment.name", app);
                            assertThat(span.attributes()).containsEntry("http.route", "/work");
                          }));
    }
  }

  /**
   * A selector-less collector Service whose endpoint is the receiver, as a real collector's would
   * be.
   */
  private static void installCollectorEndpoint(SimCluster cluster, int receiverPort) {
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

  @org.junit.jupiter.api.AfterEach
  void nothingOutlivesTheCluster() {
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
        .as("processes still running after the cluster closed")
        .isEmpty();
  }

  private static io.fabric8.kubernetes.api.model.GenericKubernetesResource instrumentation() {
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

  private static List<Pod> pods(SimCluster cluster, String app) {
    return cluster
        .client()
        .pods()
        .inNamespace("apps")
        .withLabel("app.kubernetes.io/name", app)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static void get(URI url) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setRequestProperty("Connection", "close");
    try (InputStream in = connection.getInputStream()) {
      in.readAllBytes();
    }
  }
}
