package io.scaleproof.cluster.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.GitRepository;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-cluster Git server without a cluster: the objects it creates, and JGit pushing over {@code
 * git://} to the server's own script run by this machine's {@code git daemon} on 127.0.0.1 (a test
 * cluster stands in, its {@code serviceUrl} naming the daemon as a port-forward would).
 */
class InClusterGitIT {
  private static final String NAMESPACE = "sp-run1-observability";
  private static final String IMAGE = "quay.io/argoproj/argocd:v3.5.1";
  private static final Map<String, String> LABELS =
      Map.of(
          "app.kubernetes.io/name", "scaleproof-git",
          "app.kubernetes.io/managed-by", "scaleproof");

  @TempDir Path temp;
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stopWhatWasStarted() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  @Test
  @DisplayName("the Deployment runs git daemon from the Argo CD image on port 9418, probed by TCP")
  void deploymentRunsGitDaemonFromTheGivenImage() {
    Deployment deployment = GitServerObjects.deployment(NAMESPACE, IMAGE);

    assertThat(deployment.getMetadata().getName()).isEqualTo("scaleproof-git");
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(deployment.getMetadata().getLabels()).containsAllEntriesOf(LABELS);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(LABELS)
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(IMAGE);
    assertThat(container.getCommand())
        .containsExactly(
            "sh",
            "-c",
            "git init --bare /git/pipeline.git"
                + " && git -C /git/pipeline.git config daemon.receivepack true"
                + " && exec git daemon --reuseaddr --base-path=/git --export-all"
                + " --enable=receive-pack --listen=0.0.0.0 --port=9418 /git");
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("git");
              assertThat(port.getContainerPort()).isEqualTo(9418);
            });
    assertThat(container.getReadinessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("git");
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/git"));
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .singleElement()
        .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
  }

  @Test
  @DisplayName("the Service selects the server's pod and names port 9418 git")
  void serviceSelectsTheServerOnPortGit() {
    Service service = GitServerObjects.service(NAMESPACE);
    Deployment deployment = GitServerObjects.deployment(NAMESPACE, IMAGE);

    assertThat(service.getMetadata().getName()).isEqualTo("scaleproof-git");
    assertThat(service.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(LABELS);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(port.getName()).isEqualTo("git");
    assertThat(port.getPort()).isEqualTo(9418);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("git");
  }

  @Test
  @DisplayName("start applies the Deployment, then the Service, in the given namespace")
  void startAppliesTheServerInTheNamespace() {
    TestCluster cluster = new TestCluster(URI.create("http://127.0.0.1:1"));

    InClusterGit.start(cluster, NAMESPACE, IMAGE);

    assertThat(cluster.applied)
        .extracting(HasMetadata::getKind, o -> o.getMetadata().getNamespace())
        .containsExactly(tuple("Deployment", NAMESPACE), tuple("Service", NAMESPACE));
  }

  @Test
  @DisplayName("publish pushes main to the server and names the repository by its in-cluster DNS")
  void publishPushesMainAndReturnsTheClusterUrl() throws Exception {
    GitDaemon daemon = daemon();
    TestCluster cluster = new TestCluster(URI.create("http://127.0.0.1:" + daemon.port()));
    GitRepository repository = repository("repo", "a.yaml", "a: 1\n");
    InClusterGit git = InClusterGit.start(cluster, NAMESPACE, IMAGE);

    String url = git.publish(repository);

    assertThat(url)
        .isEqualTo("git://scaleproof-git." + NAMESPACE + ".svc.cluster.local/pipeline.git");
    assertThat(cluster.asked).containsExactly(NAMESPACE + "/scaleproof-git:9418");
    assertThat(daemon.main()).isEqualTo(repository.resolve("main").orElseThrow());

    // When the run commits again, push brings the new commit.
    String second = repository.commit("b", Map.of("b.yaml", "b: 2\n"));
    git.push(repository);

    assertThat(daemon.main()).isEqualTo(second);
  }

  @Test
  @DisplayName("a push is forced: another history replaces the server's branch")
  void pushReplacesAnotherHistory() throws Exception {
    GitDaemon daemon = daemon();
    InClusterGit.pushTo(repository("first", "a.yaml", "a: 1\n"), daemon.url(), NAMESPACE);
    GitRepository unrelated = repository("unrelated", "other.yaml", "x: 1\n");

    String pushed = InClusterGit.pushTo(unrelated, daemon.url(), NAMESPACE);

    assertThat(pushed).isEqualTo(unrelated.resolve("main").orElseThrow());
    assertThat(daemon.main()).isEqualTo(pushed);
  }

  @Test
  @DisplayName("a push nothing answers fails naming the Service, the URL and what JGit said")
  void pushToNothingNamesTheServiceAndJGitsMessage() throws Exception {
    GitDaemon daemon = daemon();
    String url = daemon.url();
    daemon.close();
    GitRepository repository = repository("repo", "a.yaml", "a: 1\n");

    assertThatThrownBy(() -> InClusterGit.pushTo(repository, url, NAMESPACE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Service " + NAMESPACE + "/scaleproof-git")
        .hasMessageContaining(url)
        .hasMessageContaining("kubectl logs -n " + NAMESPACE + " deployment/scaleproof-git")
        .cause()
        .hasMessageContaining(url);
  }

  @Test
  @DisplayName("a push to a repository the server does not have fails with the server's answer")
  void pushToAMissingRepositoryFails() throws Exception {
    GitDaemon daemon = daemon();
    String missing = daemon.url().replace("pipeline.git", "missing.git");
    GitRepository repository = repository("repo", "a.yaml", "a: 1\n");

    assertThatThrownBy(() -> InClusterGit.pushTo(repository, missing, NAMESPACE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Service " + NAMESPACE + "/scaleproof-git")
        .hasMessageContaining("missing.git");
  }

  @Test
  @DisplayName("the push URL is the port-forward's loopback address and port")
  void localUrlIsThePortForwardsAddress() {
    assertThat(InClusterGit.localUrl(URI.create("http://127.0.0.1:40123")))
        .isEqualTo("git://127.0.0.1:40123/pipeline.git");
    assertThat(InClusterGit.localUrl(URI.create("http://[::1]:40123")))
        .isEqualTo("git://[::1]:40123/pipeline.git");
  }

  @Test
  @DisplayName("close never throws, even when the cluster is gone")
  void closeNeverThrowsWhenTheClusterIsGone() {
    InClusterGit git =
        InClusterGit.start(new TestCluster(URI.create("http://127.0.0.1:1")), NAMESPACE, IMAGE);

    assertThatCode(git::close).doesNotThrowAnyException();
  }

  private GitDaemon daemon() throws IOException {
    String reason = GitDaemon.unavailableReason();
    Assumptions.assumeTrue(
        reason == null, () -> "skipped, not passed: no git daemon to push to: " + reason);
    GitDaemon daemon = GitDaemon.start(temp.resolve("served"));
    started.add(daemon);
    return daemon;
  }

  private GitRepository repository(String name, String file, String content) {
    GitRepository repository = GitRepository.create(temp.resolve(name));
    started.add(repository);
    repository.commit("seed " + name, Map.of(file, content));
    return repository;
  }

  /**
   * A cluster with no API server: it records what is applied and which Services are asked for, and
   * reaches every Service at one URL, as a port-forward would.
   */
  private static final class TestCluster implements Cluster {
    final List<HasMetadata> applied = new ArrayList<>();
    final List<String> asked = new ArrayList<>();
    private final URI serviceUrl;

    TestCluster(URI serviceUrl) {
      this.serviceUrl = serviceUrl;
    }

    @Override
    public KubernetesClient client() {
      throw new IllegalStateException("this test cluster has no API server");
    }

    @Override
    public List<HasMetadata> apply(Path manifests) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<HasMetadata> apply(List<? extends HasMetadata> objects) {
      applied.addAll(objects);
      return List.copyOf(objects);
    }

    @Override
    public URI serviceUrl(String namespace, String name, int port) {
      asked.add(namespace + "/" + name + ":" + port);
      return serviceUrl;
    }

    @Override
    public String logs(String namespace, String pod) {
      return "";
    }

    @Override
    public Path kubeconfig() {
      return Path.of("kubeconfig");
    }

    @Override
    public void close() {}
  }
}
