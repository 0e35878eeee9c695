package io.scaleproof.sampleapps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.opentelemetry.proto.trace.v1.Span;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
      TracingFixture.install(cluster, receiver.port());
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
