package io.scaleproof.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.KubeClients;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.sim.EmbeddedCluster;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kubeconfig backend against "an existing cluster": the embedded cluster's API server, reached
 * only through the kubeconfig it writes. One journey (checks, namespaces, a Deployment and Service
 * served over HTTP, logs, components found, namespaces deleted), then the ways a run ends
 * otherwise: kept for a failed run, refused for a missing permission, and a cluster gone away
 * before close.
 */
@Tag("pr")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeconfigClusterIT {
  private static final Path ECHO = Path.of("demo", "echo.yaml");
  private static final Duration READY = Duration.ofSeconds(30);

  @RegisterExtension
  static final EmbeddedCluster EMBEDDED =
      EmbeddedCluster.perClass(SimClusterConfig.defaults().withCloseGrace(Duration.ofSeconds(5)));

  private static SimCluster sim;
  private static KubeconfigCluster cluster;

  @BeforeAll
  static void connectToTheEmbeddedCluster(SimCluster started) {
    sim = started;
    cluster = KubeconfigCluster.connect(options(sim, "journey", false));
  }

  @AfterAll
  static void closeTheRun() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName(
      "after the checks pass, the run's namespaces exist with scaleproof's and the run's labels")
  void runNamespacesAreCreatedAndLabelled() {
    assertThat(cluster.runNamespaces())
        .containsExactly("sp-journey-apps", "sp-journey-observability");
    assertThat(cluster.namespace("apps")).isEqualTo("sp-journey-apps");
    for (String name : cluster.runNamespaces()) {
      Namespace namespace = sim.client().namespaces().withName(name).get();
      assertThat(namespace).as("namespace %s on the embedded cluster", name).isNotNull();
      assertThat(namespace.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "scaleproof")
          .containsEntry("scaleproof.io/run", "journey");
    }
  }

  @Test
  @Order(1)
  @DisplayName("the run's kubeconfig holds the one context used and reaches the same cluster")
  void runKubeconfigReachesTheCluster() throws IOException {
    assertThat(cluster.kubeconfig()).isEqualTo(cluster.runDirectory().resolve("kubeconfig"));
    assertThat(cluster.context()).isEqualTo("scaleproof-sim");

    try (KubernetesClient kubectl =
        KubeClients.api(Config.fromKubeconfig(cluster.kubeconfig().toFile()))) {
      assertThat(kubectl.namespaces().withName(cluster.namespace("apps")).get()).isNotNull();
    }
    assertThat(Files.readString(cluster.kubeconfig()))
        .contains("current-context: \"scaleproof-sim\"", sim.apiServerUrl().toString());
  }

  @Test
  @Order(2)
  @DisplayName("a Deployment and Service applied into the run's namespace answer HTTP 200 and log")
  void deploymentInRunNamespaceServesHttp() throws Exception {
    String apps = cluster.namespace("apps");
    List<HasMetadata> echo = Manifests.load(ECHO);
    echo.forEach(object -> object.getMetadata().setNamespace(apps));

    cluster.apply(echo);
    awaitReady(apps, "echo", 2);
    URI url = cluster.serviceUrl(apps, "echo", 8080);

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url.resolve("/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s/", url).isEqualTo(200);
    assertThat(url.getHost()).as("the ClusterIP, reached directly").isEqualTo(clusterIp(apps));
    Pod pod = sim.client().pods().inNamespace(apps).list().getItems().get(0);
    assertThat(cluster.logs(apps, pod.getMetadata().getName()))
        .contains("echo-server " + pod.getMetadata().getName() + " listening on");
    assertThat(cluster.logs(apps, "no-such-pod")).isEmpty();
  }

  @Test
  @Order(2)
  @DisplayName("a Service without the port asked for fails at once, naming the ports it has")
  void unknownServicePortFailsFast() {
    assertThatThrownBy(() -> cluster.serviceUrl(cluster.namespace("apps"), "echo", 9999))
        .hasMessageContaining("has no port 9999; it has [8080]");
  }

  @Test
  @Order(2)
  @DisplayName("the components the embedded cluster serves are found by API discovery")
  void componentsAreDetected() {
    assertThat(cluster.components())
        .extracting(Component::name)
        .containsExactly("KEDA", "OpenTelemetry Operator", "Argo CD", "Prometheus operator");
    assertThat(cluster.components())
        .allSatisfy(
            component -> {
              assertThat(component.detectedBy()).startsWith("API discovery: ");
              // The emulations run inside the embedded cluster's process, not as Deployments.
              assertThat(component.workloads()).isEmpty();
            });
    assertThat(cluster.components().get(1).detectedBy())
        .isEqualTo(
            "API discovery: opentelemetry.io/v1beta1 opentelemetrycollectors, "
                + "API discovery: opentelemetry.io/v1alpha1 instrumentations");
  }

  @Test
  @Order(3)
  @DisplayName("close deletes the run's namespaces and reports them deleted")
  void closeDeletesRunNamespaces() {
    List<String> namespaces = cluster.runNamespaces();

    cluster.close();

    Teardown teardown = cluster.teardown();
    assertThat(teardown.deleted()).containsExactlyElementsOf(namespaces);
    assertThat(teardown.kept()).isEmpty();
    assertThat(teardown.problems()).isEmpty();
    assertThat(namespaces)
        .allSatisfy(name -> assertThat(sim.client().namespaces().withName(name).get()).isNull());
    // What they held goes too, as the namespace controller deletes it: the echo pods' processes.
    String apps = namespaces.get(0);
    await("the deleted namespace " + apps + " emptied")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(sim.client().apps().deployments().inNamespace(apps).list().getItems())
                  .isEmpty();
              assertThat(sim.client().pods().inNamespace(apps).list().getItems()).isEmpty();
              assertThat(sim.client().services().inNamespace(apps).list().getItems()).isEmpty();
            });
  }

  @Test
  @Order(4)
  @DisplayName("a failed run with keepNamespacesOnFailure keeps its namespaces and says which")
  void failedRunKeepsNamespaces() {
    KubeconfigCluster failed = KubeconfigCluster.connect(options(sim, "kept", true));
    try {
      failed.markFailed();
    } finally {
      failed.close();
    }

    Teardown teardown = failed.teardown();
    assertThat(teardown.kept()).containsExactly("sp-kept-apps", "sp-kept-observability");
    assertThat(teardown.deleted()).isEmpty();
    assertThat(teardown.summary())
        .contains("kept namespaces sp-kept-apps, sp-kept-observability of the failed run");
    assertThat(runNamespaces("kept")).hasSize(2);
    sim.client().namespaces().withLabel("scaleproof.io/run", "kept").delete();
  }

  @Test
  @Order(4)
  @DisplayName("a permission denied stops the run before anything is created, naming it")
  void deniedPermissionCreatesNothing() {
    KubeconfigOptions options = options(sim, "denied", false);
    Permission denied = Permission.in("sp-denied-apps", "create", "apps", "deployments");

    assertThatThrownBy(
            () ->
                KubeconfigCluster.connect(
                    options, client -> permission -> !permission.equals(denied)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("context 'scaleproof-sim'")
        .hasMessageContaining("create deployments.apps in namespace sp-denied-apps")
        .hasMessageContaining("Grant them");

    assertThat(runNamespaces("denied")).isEmpty();
    assertThat(options.runDirectory().resolve("kubeconfig")).doesNotExist();
  }

  @Test
  @Order(4)
  @DisplayName("the embedded cluster allows every permission the run needs, as AlwaysAllow does")
  void embeddedClusterAllowsTheRun() {
    List<Permission> needed = RbacCheck.required(List.of("sp-any-apps"));

    AccessReviewer reviewer = AccessReviewer.selfSubjectAccessReview(sim.client());

    assertThat(needed).allSatisfy(p -> assertThat(reviewer.allowed(p)).as("%s", p).isTrue());
  }

  @Test
  @Order(5)
  @DisplayName("close on a cluster that went away does not throw; it reports what to delete")
  void closeAfterTheClusterWentAway() {
    SimCluster gone =
        SimCluster.start(
            SimClusterConfig.defaults()
                .withRunDirectory(
                    sim.runDirectory().resolveSibling(sim.runDirectory().getFileName() + "-gone")));
    KubeconfigCluster orphan;
    try {
      orphan = KubeconfigCluster.connect(options(gone, "orphan", false));
    } finally {
      gone.close();
    }

    // A guard against a hang, not a speed target: each request to the cluster gone away fails
    // within the connect timeout, and close gives up on each after its retries. The time it took is
    // printed as a figure.
    long start = System.nanoTime();
    assertTimeoutPreemptively(
        Duration.ofMinutes(2), orphan::close, "close hung on a cluster that went away");
    System.out.printf(
        "close on a cluster gone away took %d ms%n",
        Duration.ofNanos(System.nanoTime() - start).toMillis());

    assertThat(orphan.teardown().deleted()).isEmpty();
    assertThat(orphan.teardown().problems())
        .filteredOn(problem -> problem.contains("namespace sp-orphan-"))
        .hasSize(2)
        .allSatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("could not delete namespace sp-orphan-")
                    .contains("kubectl delete namespace sp-orphan-"));
    assertThat(orphan.teardown().problems())
        .as("the run's Argo CD Application, which lives outside its namespaces")
        .hasSize(3)
        .anyMatch(
            problem ->
                problem.startsWith("could not delete the run's Argo CD Application")
                    && problem.contains("-l scaleproof.io/run=orphan"));
  }

  private static KubeconfigOptions options(SimCluster on, String runId, boolean keep) {
    return KubeconfigOptions.defaults()
        .withKubeconfig(on.kubeconfig())
        .withRunDirectory(on.runDirectory().resolve("kubeconfig-run-" + runId))
        .withRunId(runId)
        .withKeepNamespacesOnFailure(keep);
  }

  private static List<Namespace> runNamespaces(String runId) {
    return sim.client().namespaces().withLabel("scaleproof.io/run", runId).list().getItems();
  }

  private static String clusterIp(String namespace) {
    return sim.client()
        .services()
        .inNamespace(namespace)
        .withName("echo")
        .get()
        .getSpec()
        .getClusterIP();
  }

  private static void awaitReady(String namespace, String name, int replicas) {
    await("Deployment " + namespace + "/" + name + " with " + replicas + " ready replicas")
        .atMost(READY)
        .untilAsserted(
            () -> {
              Deployment d =
                  cluster.client().apps().deployments().inNamespace(namespace).withName(name).get();
              assertThat(d.getStatus()).as("status of %s", name).isNotNull();
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(replicas);
            });
  }
}
