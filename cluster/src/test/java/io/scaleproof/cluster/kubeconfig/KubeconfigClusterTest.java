package io.scaleproof.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.scaleproof.cluster.InvalidInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user gets wrong before a run on an existing cluster, each refused before anything is
 * created, with a message that names the file, the context and what to do.
 */
class KubeconfigClusterTest {
  @TempDir Path dir;

  @Test
  @DisplayName("a missing kubeconfig file is named, and nothing is created")
  void missingKubeconfigIsNamed() {
    Path missing = dir.resolve("nowhere").resolve("config");
    KubeconfigOptions options = options(missing, null);

    assertThatThrownBy(() -> KubeconfigCluster.connect(options))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("$KUBECONFIG");
    assertThat(options.runDirectory()).doesNotExist();
  }

  @Test
  @DisplayName("a kubeconfig that does not parse is named")
  void unparsableKubeconfigIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("broken"), "clusters: [ {name: a\n");

    assertThatThrownBy(() -> KubeconfigCluster.connect(options(file, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not parse as a kubeconfig");
  }

  @Test
  @DisplayName("a context the kubeconfig lacks is named, with the contexts it has")
  void missingContextListsThoseThere() throws IOException {
    Path file = kubeconfig("http://127.0.0.1:1", "kind-dev", "prod-eu");
    KubeconfigOptions options = options(file, "staging");

    assertThatThrownBy(() -> KubeconfigCluster.connect(options))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("no context named 'staging'")
        .hasMessageContaining("kind-dev, prod-eu");
    assertThat(options.runDirectory()).doesNotExist();
  }

  @Test
  @DisplayName("an unreachable cluster is named with its server and context within seconds")
  void unreachableClusterIsReportedQuickly() throws IOException {
    String server = "http://127.0.0.1:" + portWhereNothingListens();
    Path file = kubeconfig(server, "kind-dev");
    KubeconfigOptions options = options(file, null);

    InvalidInputException error =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidInputException.class, () -> KubeconfigCluster.connect(options)));

    assertThat(error.getMessage())
        .contains("context 'kind-dev' (server " + server)
        .contains("cannot be reached")
        .contains("Connection refused")
        .contains("Check that the cluster is up and that context 'kind-dev' is the one you mean");
    assertThat(options.runDirectory()).doesNotExist();
  }

  @Test
  @DisplayName(
      "each permission denied is named with verb, resource and namespace, and how to grant")
  void missingPermissionsAreNamed() throws IOException {
    KubeconfigFile kubeconfig = KubeconfigFile.load(kubeconfig("http://127.0.0.1:1", "ci"), null);
    List<Permission> needed = RbacCheck.required(List.of("sp-1-apps", "sp-1-observability"));
    Permission denied = Permission.in("sp-1-apps", "get", "", "pods").onSubresource("log");
    assertThat(needed).contains(denied);

    assertThatThrownBy(() -> RbacCheck.require(kubeconfig, p -> !p.equals(denied), needed))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("context 'ci' (user ci)")
        .hasMessageContaining("denies 1 permission(s)")
        .hasMessageContaining("get pods/log in namespace sp-1-apps")
        .hasMessageContaining("Grant them to the user of context 'ci'")
        .hasMessageContaining("kubectl auth can-i get pods --subresource=log -n sp-1-apps")
        .hasMessageNotContaining("observability");
  }

  @Test
  @DisplayName("every permission the run needs is asked, cluster-wide ones once")
  void requiredPermissionsCoverTheRun() {
    List<String> asked =
        RbacCheck.required(List.of("sp-1-apps")).stream().map(Permission::toString).toList();

    assertThat(asked)
        .contains(
            "create namespaces (cluster-wide)",
            "delete namespaces (cluster-wide)",
            "list customresourcedefinitions.apiextensions.k8s.io (cluster-wide)",
            "create deployments.apps in namespace sp-1-apps",
            "create services in namespace sp-1-apps",
            "create configmaps in namespace sp-1-apps",
            "get pods/log in namespace sp-1-apps")
        .doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("the run's copy holds the chosen context alone, its file references absolute")
  void copyHoldsTheChosenContextAlone() throws IOException {
    Path file = kubeconfig("https://10.0.0.1:6443", "kind-dev", "prod-eu");
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "    server: https://10.0.0.1:6443\n",
                "    server: https://10.0.0.1:6443\n    certificate-authority: certs/ca.crt\n"));

    String copy = KubeconfigFile.load(file, "prod-eu").yaml();

    assertThat(copy)
        .contains("current-context: \"prod-eu\"")
        .doesNotContain("kind-dev")
        .contains(dir.resolve("certs").resolve("ca.crt").toString());
  }

  @Test
  @DisplayName("run namespaces are sp-<runId>-<logical>; run ids are DNS labels")
  void namespacesFollowTheRunId() {
    KubeconfigOptions options = options(dir.resolve("config"), null).withRunId("nightly-7");

    assertThat(options.namespace("apps")).isEqualTo("sp-nightly-7-apps");
    assertThatThrownBy(() -> options.namespace("kube-system"))
        .hasMessageContaining("[apps, observability]");
    assertThatThrownBy(() -> options.withRunId("Nightly_7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runId: 'Nightly_7' is not a DNS label");
    assertThat(KubeconfigOptions.defaults().runId()).matches("[0-9]{10}[0-9a-z]{2}");
  }

  @Test
  @DisplayName("a project's namespaces replace the shipped ones; the Git server takes the last")
  void projectNamespaces() {
    KubeconfigOptions shipped = options(dir.resolve("config"), null).withRunId("r1");
    assertThat(shipped.gitNamespace()).isEqualTo("observability");

    KubeconfigOptions project = shipped.withNamespaces(List.of("shop", "telemetry"));

    assertThat(project.namespace("shop")).isEqualTo("sp-r1-shop");
    assertThat(project.gitNamespace()).isEqualTo("telemetry");
    assertThatThrownBy(() -> project.namespace("apps")).hasMessageContaining("[shop, telemetry]");
  }

  @Test
  @DisplayName("the default kubeconfig is the first of $KUBECONFIG, else ~/.kube/config")
  void defaultKubeconfigFollowsKubectl() {
    Path home = Path.of("/home/u");

    assertThat(KubeconfigOptions.defaultKubeconfig(null, home))
        .isEqualTo(home.resolve(".kube/config"));
    assertThat(
            KubeconfigOptions.defaultKubeconfig(
                "/etc/a.yaml" + java.io.File.pathSeparator + "/etc/b.yaml", home))
        .isEqualTo(Path.of("/etc/a.yaml"));
  }

  private KubeconfigOptions options(Path kubeconfig, String context) {
    return KubeconfigOptions.defaults()
        .withKubeconfig(kubeconfig)
        .withContext(context)
        .withRunDirectory(dir.resolve("run"))
        .withRunId("t1");
  }

  /** A kubeconfig with one cluster at {@code server} and one context and user per name. */
  private Path kubeconfig(String server, String... contexts) throws IOException {
    StringBuilder yaml =
        new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: ")
            .append(contexts[0])
            .append("\nclusters:\n");
    for (String name : contexts) {
      yaml.append("- name: ").append(name).append("\n  cluster:\n    server: ").append(server);
      yaml.append("\n");
    }
    yaml.append("contexts:\n");
    for (String name : contexts) {
      yaml.append("- name: ")
          .append(name)
          .append("\n  context:\n    cluster: ")
          .append(name)
          .append("\n    user: ")
          .append(name)
          .append("\n");
    }
    yaml.append("users:\n");
    for (String name : contexts) {
      yaml.append("- name: ").append(name).append("\n  user:\n    token: t-").append(name);
      yaml.append("\n");
    }
    return Files.writeString(dir.resolve("config"), yaml);
  }

  private static int portWhereNothingListens() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
