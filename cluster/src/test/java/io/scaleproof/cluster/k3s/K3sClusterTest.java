package io.scaleproof.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.BackendUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The k3s backend where there is no Docker, and its options; what needs Docker is {@link
 * K3sClusterIT}.
 */
class K3sClusterTest {
  @TempDir Path temp;

  @Test
  @DisplayName("without Docker, start says so and what to do, and has written nothing")
  void startWithoutDockerSaysSoAndWritesNothing() {
    Assumptions.assumeFalse(
        DockerClientFactory.instance().isDockerAvailable(),
        "Docker is available: this case checks the error without it");
    Path runDirectory = temp.resolve("run");
    List<String> progress = new ArrayList<>();
    K3sOptions options =
        K3sOptions.defaults().withRunDirectory(runDirectory).withProgress(progress::add);

    assertThatThrownBy(() -> K3sCluster.start(options))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageStartingWith("no Docker: the k3s backend runs k3s in a Docker container")
        .hasMessageContaining("Start Docker or set DOCKER_HOST")
        .hasMessageContaining("--backend sim or --backend kubeconfig");
    assertThat(runDirectory.resolve("kubeconfig")).doesNotExist();
    assertThat(runDirectory).doesNotExist();
    assertThat(progress).isEmpty();
  }

  @Test
  @DisplayName("the reason names DOCKER_HOST when set, else whether the default socket exists")
  void reasonNamesWhatWasLookedAt() throws IOException {
    Path missing = temp.resolve("docker.sock");
    Path present = Files.createFile(temp.resolve("present.sock"));

    assertThat(DockerEnvironment.reason("tcp://10.0.0.5:2375", missing))
        .isEqualTo("DOCKER_HOST=tcp://10.0.0.5:2375 did not answer as a Docker engine");
    assertThat(DockerEnvironment.reason(null, missing))
        .isEqualTo("DOCKER_HOST is not set and " + missing + " does not exist");
    assertThat(DockerEnvironment.reason(" ", present))
        .isEqualTo("DOCKER_HOST is not set and " + present + " did not answer as a Docker engine");
    assertThat(DockerEnvironment.unavailable("DOCKER_HOST is not set"))
        .isEqualTo(
            "no Docker: the k3s backend runs k3s in a Docker container, and Testcontainers found"
                + " no Docker environment (DOCKER_HOST is not set). Start Docker or set"
                + " DOCKER_HOST, or run on --backend sim or --backend kubeconfig");
  }

  @Test
  @DisplayName("options refuse a run id that cannot name a namespace, and a missing plan, by field")
  void optionsRefuseWhatCannotWork() {
    K3sOptions options = K3sOptions.defaults().withRunDirectory(temp.resolve("run"));

    assertThatThrownBy(() -> options.withRunId("Run_1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("runId: 'Run_1' is not a DNS label");
    assertThatThrownBy(() -> options.withPlan(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("plan:");
    assertThat(options.withRunId("nightly-7").kubeconfig(temp.resolve("kubeconfig")))
        .satisfies(
            kubeconfig -> {
              assertThat(kubeconfig.kubeconfig()).isEqualTo(temp.resolve("kubeconfig"));
              assertThat(kubeconfig.context()).isNull();
              assertThat(kubeconfig.runDirectory()).isEqualTo(temp.resolve("run"));
              assertThat(kubeconfig.namespace("apps")).isEqualTo("sp-nightly-7-apps");
            });
  }
}
