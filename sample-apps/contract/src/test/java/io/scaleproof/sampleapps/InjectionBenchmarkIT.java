package io.scaleproof.sampleapps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.opentelemetry.proto.trace.v1.Span;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.provision.Cache;
import io.scaleproof.cluster.provision.NpmPackages;
import io.scaleproof.cluster.provision.PipTarget;
import io.scaleproof.cluster.provision.PythonVenv;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import io.scaleproof.cluster.sim.controller.Pods;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What injection costs, per language, on the embedded cluster: how long a pod takes from apply to
 * serving and to Ready with the agent and without it, and the agent's overhead on {@code /work}
 * latency at low load (one request at a time, constant service time, so the difference is the
 * agent's). Asserts only what could be wrong — every request answered, spans from the instrumented
 * app and none from the plain one — and prints the times, which on a shared 2-core box are figures
 * to read, not pass/fail criteria.
 */
@Tag("benchmark")
class InjectionBenchmarkIT {
  private static final Path SAMPLE_APPS = TracingFixture.SAMPLE_APPS;
  private static final Path CLUSTER_DIR = SAMPLE_APPS.resolveSibling("cluster");
  private static final List<String> LANGUAGES = List.of("java", "node", "python");
  private static final int SERVICE_TIME_MS = 10;
  private static final int WARM_UP = 100;
  private static final int MEASURED = 300;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** One variant of one app: what it took to start and its latencies at low load. */
  private record Run(String app, long toServingMs, long toReadyMs, List<Double> latenciesMs) {
    double percentile(double p) {
      List<Double> sorted = latenciesMs.stream().sorted().toList();
      return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }
  }

  @Test
  @DisplayName("benchmark: start-to-Ready and /work overhead with the agent injected vs not")
  void measuresInjectionCost() throws Exception {
    provisionAhead();
    Map<String, Run[]> runs = new java.util.LinkedHashMap<>();
    try (OtlpReceiver receiver = OtlpReceiver.start();
        SimCluster cluster = SimCluster.start(SimClusterConfig.defaults())) {
      TracingFixture.install(cluster, receiver.port());
      for (String language : LANGUAGES) {
        Deployment instrumented = deployment(language);
        Deployment plain = deployment(language);
        rename(plain, language + "-app-plain");
        plain
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .replaceAll((key, value) -> "false");
        runs.put(language, new Run[] {run(cluster, instrumented), run(cluster, plain)});
      }

      await("SERVER spans for /work from every instrumented app")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                for (String language : LANGUAGES) {
                  assertThat(workSpans(receiver, language + "-app"))
                      .as(language + "-app spans for /work")
                      .isGreaterThanOrEqualTo(WARM_UP + MEASURED);
                }
              });
      for (String language : LANGUAGES) {
        assertThat(workSpans(receiver, language + "-app-plain"))
            .as("spans from the app whose annotation says false")
            .isZero();
      }
    }
    print(runs);
  }

  /** Installs the agents and app packages first, so that no figure includes a first install. */
  private static void provisionAhead() {
    Path cache = Cache.root();
    PythonVenv.ensure(SAMPLE_APPS.resolve("python/requirements.txt"), cache);
    NpmPackages.ensure(SAMPLE_APPS.resolve("node"), cache);
    PipTarget.ensure(CLUSTER_DIR.resolve("agents/python/requirements.txt"), cache);
    NpmPackages.ensure(CLUSTER_DIR.resolve("agents/nodejs"), cache);
  }

  private static Deployment deployment(String language) {
    Deployment deployment =
        Manifests.load(SAMPLE_APPS.resolve(language).resolve("k8s/deployment.yaml")).stream()
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    List<EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    env.removeIf(v -> v.getName().startsWith("APP_SERVICE_TIME"));
    env.add(new EnvVar("APP_SERVICE_TIME_MS", Integer.toString(SERVICE_TIME_MS), null));
    env.add(new EnvVar("APP_SERVICE_TIME_DIST", "constant", null));
    return deployment;
  }

  private static void rename(Deployment deployment, String name) {
    deployment.getMetadata().setName(name);
    deployment.getMetadata().getLabels().put("app.kubernetes.io/name", name);
    deployment.getSpec().getSelector().getMatchLabels().put("app.kubernetes.io/name", name);
    deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getLabels()
        .put("app.kubernetes.io/name", name);
  }

  private static Run run(SimCluster cluster, Deployment deployment) throws Exception {
    String app = deployment.getMetadata().getName();
    long applied = System.nanoTime();
    cluster.apply(List.of(deployment));

    String[] ip = new String[1];
    await(app + " serving /readyz")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .until(
            () -> {
              Pod pod = pods(cluster, app).get(0);
              ip[0] = pod.getStatus().getPodIP();
              return status(URI.create("http://" + ip[0] + ":8080/readyz")) == 200;
            });
    long toServing = millisSince(applied);
    await(app + " Ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> pods(cluster, app).stream().anyMatch(Pods::isReady));
    long toReady = millisSince(applied);

    URI work = URI.create("http://" + ip[0] + ":8080/work");
    for (int i = 0; i < WARM_UP; i++) {
      assertThat(status(work)).as(app + " /work").isEqualTo(200);
    }
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      int status = status(work);
      latencies.add((System.nanoTime() - start) / 1e6);
      assertThat(status).as(app + " /work").isEqualTo(200);
    }
    return new Run(app, toServing, toReady, latencies);
  }

  private static int status(URI uri) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static long workSpans(OtlpReceiver receiver, String app) {
    return receiver.spans().stream()
        .filter(span -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER)
        .filter(span -> app.equals(span.resource().get("k8s.deployment.name")))
        .filter(span -> "/work".equals(span.attributes().get("http.route")))
        .count();
  }

  private static List<Pod> pods(SimCluster cluster, String app) {
    return cluster
        .client()
        .pods()
        .inNamespace("apps")
        .withLabel("app.kubernetes.io/name", app)
        .list()
        .getItems();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void print(Map<String, Run[]> runs) {
    System.out.printf(
        "%nBENCHMARK operator injection (%d cores; /work: %d ms constant service time, one"
            + " request at a time, %d measured after %d warm-up)%n",
        Runtime.getRuntime().availableProcessors(), SERVICE_TIME_MS, MEASURED, WARM_UP);
    System.out.printf(
        "  %-8s %-13s %10s %10s %9s %9s %9s%n",
        "language", "agent", "to serving", "to Ready", "p50", "p95", "p99");
    runs.forEach(
        (language, pair) -> {
          line(language, "injected", pair[0]);
          line(language, "none", pair[1]);
          System.out.printf(
              "  %-8s %-13s %10s %10s %+7.2fms %+7.2fms %+7.2fms%n",
              language,
              "overhead",
              "",
              "",
              pair[0].percentile(0.50) - pair[1].percentile(0.50),
              pair[0].percentile(0.95) - pair[1].percentile(0.95),
              pair[0].percentile(0.99) - pair[1].percentile(0.99));
        });
  }

  private static void line(String language, String agent, Run run) {
    System.out.printf(
        "  %-8s %-13s %8dms %8dms %7.2fms %7.2fms %7.2fms%n",
        language,
        agent,
        run.toServingMs(),
        run.toReadyMs(),
        run.percentile(0.50),
        run.percentile(0.95),
        run.percentile(0.99));
  }
}
