package io.scaleproof.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.fabric8.kubernetes.client.Config;
import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.WorkloadReadiness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The k3s backend for real: k3s in Docker with the project's plan ({@link
 * K3sInstallPlan#declared()}) — every component installed and rolled out, the sample apps' images
 * built and in the node, the in-cluster Git server taking a push, and nothing left after close.
 * Needs a Docker engine and the internet (images, release manifests), and the Java sample app's
 * jar, a test dependency of this module (so {@code -pl cluster -am} builds it). Takes several
 * minutes; runs under {@code ./mvnw verify -Pnightly}.
 */
@Tag("nightly")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class K3sClusterIT {
  private static final String JAVA_APP_JAR = "sample-apps/java/target/sample-app-java.jar";

  @TempDir static Path temp;
  private static K3sInstallPlan plan;
  private static K3sCluster cluster;
  private static String containerId;

  @BeforeAll
  static void startK3sWithTheProjectsPlan() {
    // Each test assumes Docker (below), so that a run without it reports every test skipped, with
    // the reason; an assumption here would hide them from the report.
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return;
    }
    assertThat(ProjectFiles.find(JAVA_APP_JAR))
        .as(
            "the Java sample app's jar, which its Dockerfile copies; build it with ./mvnw -B"
                + " package -pl cluster -am -DskipTests")
        .isRegularFile();
    plan = K3sInstallPlan.declared();
    cluster =
        K3sCluster.start(
            K3sOptions.defaults()
                .withRunDirectory(temp.resolve("run"))
                .withRunId("k3s-it")
                .withPlan(plan)
                .withProgress(line -> System.err.println("K3sClusterIT: " + line)));
    containerId = cluster.containerId();
  }

  @BeforeEach
  void requireDocker() {
    Assumptions.assumeTrue(
        cluster != null,
        "no Docker: the k3s backend needs a Docker engine; this test is skipped, not passed");
  }

  @AfterAll
  static void closeIt() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("the API server is published on 127.0.0.1 only, and the kubeconfig names it there")
  void apiServerIsOnLoopbackOnly() throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
    assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:");

    Map<ExposedPort, Ports.Binding[]> published =
        docker()
            .inspectContainerCmd(containerId)
            .exec()
            .getHostConfig()
            .getPortBindings()
            .getBindings();
    assertThat(published).isNotEmpty();
    published.forEach(
        (port, bindings) ->
            assertThat(bindings)
                .as("host bindings of %s", port)
                .allSatisfy(binding -> assertThat(binding.getHostIp()).isEqualTo("127.0.0.1")));
  }

  @Test
  @Order(2)
  @DisplayName("every component's awaited workload has rolled out")
  void everyComponentIsReady() {
    for (K3sComponent component : plan.components()) {
      for (K3sComponent.Workload workload : component.awaits()) {
        assertThat(
                WorkloadReadiness.notReady(
                    cluster.client(), component.namespace(), workload.kind(), workload.name()))
            .as(
                "%s: %s %s/%s",
                component.name(), workload.kind(), component.namespace(), workload.name())
            .isEmpty();
      }
    }
  }

  @Test
  @Order(3)
  @DisplayName("the sample apps' images are in the node, as crictl lists them")
  void sampleAppImagesAreInTheNode() {
    List<String> listed = cluster.nodeImages().lines().toList();

    assertThat(plan.builds()).isNotEmpty();
    for (ImageBuild build : plan.builds()) {
      int colon = build.image().lastIndexOf(':');
      String repository = build.image().substring(0, colon);
      String tag = build.image().substring(colon + 1);
      assertThat(listed)
          .as("crictl images lists %s", build.image())
          .anySatisfy(
              line -> {
                String[] columns = line.trim().split("\\s+");
                assertThat(columns[0]).endsWith("/" + repository);
                assertThat(columns[1]).isEqualTo(tag);
              });
    }
  }

  @Test
  @Order(4)
  @DisplayName("the in-cluster Git server takes the run's repository and names it by cluster DNS")
  void inClusterGitTakesAPush() {
    try (GitRepository repository = GitRepository.create(temp.resolve("repository"))) {
      repository.commit("seed", Map.of("README.md", "k3s\n"));

      String url = cluster.gitRemote().publish(repository);

      assertThat(url)
          .isEqualTo(
              "git://scaleproof-git."
                  + cluster.namespace("observability")
                  + ".svc.cluster.local/pipeline.git");
    }
  }

  @Test
  @Order(5)
  @DisplayName("after close, the k3s container is gone")
  void closeRemovesTheContainer() {
    cluster.close();

    assertThat(
            docker()
                .listContainersCmd()
                .withShowAll(true)
                .withIdFilter(List.of(containerId))
                .exec())
        .as("containers with id %s", containerId)
        .isEmpty();
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }
}
