package io.scaleproof.cluster.k3s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.BackendUnavailableException;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.GitRemote;
import io.scaleproof.cluster.KubeClients;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.gitops.InClusterGit;
import io.scaleproof.cluster.kubeconfig.KubeconfigCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code k3s} backend: a one-node k3s cluster in a Docker container on this machine
 * (Testcontainers), with the pinned platform installed, reached afterwards as any existing cluster
 * is ({@link KubeconfigCluster}: the run's namespaces, port-forwards, teardown).
 *
 * <p>{@link #start} checks for Docker before it starts or writes anything. Then, in order: starts
 * k3s (its API published on 127.0.0.1 only) and writes its kubeconfig to the run directory; builds
 * the project's images ({@link K3sInstallPlan#builds()}) and imports them into k3s; installs every
 * component of the plan and waits until each is ready; connects the kubeconfig backend. A failure
 * anywhere stops the container before the exception leaves {@code start}.
 *
 * <p>{@link #close()} stops the in-cluster Git server, closes the kubeconfig backend (deleting the
 * run's namespaces) and stops and removes the container; each step runs even if the one before it
 * threw. With {@link K3sOptions#keepOnFailure()}, a run {@linkplain #markFailed() marked failed}
 * keeps its container and namespaces instead — until this JVM exits, when Testcontainers removes
 * the container: through its JVM shutdown hook, as the launcher and the build run it with {@code
 * TESTCONTAINERS_RYUK_DISABLED=true} (its reaper container, Ryuk, would publish a port on every
 * interface).
 */
public final class K3sCluster implements Cluster {
  private static final Logger LOG = LoggerFactory.getLogger(K3sCluster.class);

  private final K3sOptions options;
  private final K3sNode node;
  private final KubeconfigCluster cluster;
  private final AtomicBoolean failed = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private InClusterGit git;

  private K3sCluster(K3sOptions options, K3sNode node, KubeconfigCluster cluster) {
    this.options = options;
    this.node = node;
    this.cluster = cluster;
  }

  /**
   * Checks that this machine can run the k3s backend (Docker answers), before anything is provided
   * or started for a run.
   *
   * @throws BackendUnavailableException if there is no Docker, saying why
   */
  public static void requireDocker() {
    DockerEnvironment.require();
  }

  /**
   * Starts k3s, loads the project's images, installs the plan's components and connects to it.
   * Takes minutes: progress goes to {@link K3sOptions#progress()}.
   *
   * @throws BackendUnavailableException if there is no Docker; nothing was started or written
   * @throws IllegalStateException naming the step, the image or the component that failed; the
   *     container is stopped then
   */
  public static K3sCluster start(K3sOptions options) {
    DockerEnvironment.require();
    K3sInstallPlan plan = options.plan();
    K3sNode node = K3sNode.of(plan.k3sImage());
    try {
      options.progress().accept("k3s: starting " + plan.k3sImage());
      node.start();
      Path kubeconfig = node.writeKubeconfig(options.runDirectory().resolve("kubeconfig"));
      options.progress().accept("k3s: up (" + node + "), kubeconfig " + kubeconfig);
      loadImages(options, node);
      installComponents(options, kubeconfig);
      return new K3sCluster(
          options, node, KubeconfigCluster.connect(options.kubeconfig(kubeconfig)));
    } catch (RuntimeException | Error e) {
      try {
        node.close();
      } catch (RuntimeException stop) {
        e.addSuppressed(stop);
      }
      throw e;
    }
  }

  private static void loadImages(K3sOptions options, K3sNode node) {
    ImageLoader loader = new ImageLoader(node, options.runDirectory().resolve("images"));
    for (ImageBuild build : options.plan().builds()) {
      options.progress().accept("k3s: building " + build.image() + " from " + build.dockerfile());
      loader.load(build);
      options.progress().accept("k3s: " + build.image() + " imported");
    }
    deleteIfEmpty(options.runDirectory().resolve("images"));
  }

  private static void installComponents(K3sOptions options, Path kubeconfig) {
    Config config;
    try {
      config = Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the k3s kubeconfig " + kubeconfig, e);
    }
    try (KubernetesClient client = KubeClients.api(config)) {
      ComponentInstaller installer =
          new ComponentInstaller(
              client, options.runDirectory().resolve("manifests"), options.progress());
      for (K3sComponent component : options.plan().components()) {
        installer.install(component);
      }
    }
  }

  private static void deleteIfEmpty(Path directory) {
    try {
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // Not empty (an archive left behind) or not deletable: it stays in the run directory.
    }
  }

  /** The Docker container k3s runs in, for {@code docker logs} or {@code docker exec}. */
  public String containerId() {
    return node.containerId();
  }

  /**
   * What {@code crictl images} lists in the node: every image the kubelet has, imported ones too.
   */
  public String nodeImages() {
    return node.images();
  }

  /** The run's namespace for a logical one, e.g. {@code apps} → {@code sp-<runId>-apps}. */
  public String namespace(String logical) {
    return cluster.namespace(logical);
  }

  /** The kubeconfig backend this cluster is reached through. */
  public KubeconfigCluster kubeconfigCluster() {
    return cluster;
  }

  /**
   * Marks the run failed: with {@link K3sOptions#keepOnFailure()}, {@link #close()} keeps the
   * container and the run's namespaces as evidence.
   */
  public void markFailed() {
    failed.set(true);
    cluster.markFailed();
  }

  @Override
  public KubernetesClient client() {
    return cluster.client();
  }

  @Override
  public List<HasMetadata> apply(Path manifests) {
    return cluster.apply(manifests);
  }

  @Override
  public List<HasMetadata> apply(List<? extends HasMetadata> objects) {
    return cluster.apply(objects);
  }

  @Override
  public URI serviceUrl(String namespace, String name, int port) {
    return cluster.serviceUrl(namespace, name, port);
  }

  @Override
  public String logs(String namespace, String pod) {
    return cluster.logs(namespace, pod);
  }

  /** The cluster's admin kubeconfig in the run directory, naming the API at 127.0.0.1. */
  @Override
  public Path kubeconfig() {
    return cluster.kubeconfig();
  }

  @Override
  public Path runDirectory() {
    return cluster.runDirectory();
  }

  @Override
  public NamespaceMapping namespaces() {
    return cluster.namespaces();
  }

  /**
   * A Git server in the run's Git namespace ({@link KubeconfigCluster#gitNamespace}), running the
   * pinned Argo CD image, started when first asked for: Argo CD in the container cannot read this
   * machine's files.
   */
  @Override
  public synchronized GitRemote gitRemote() {
    if (git == null) {
      git = InClusterGit.start(this, cluster.gitNamespace(), options.plan().argoCdImage());
    }
    return git;
  }

  /**
   * Stops the Git server, closes the kubeconfig backend and stops the container, each even if the
   * one before threw; a kept container (failed run, {@code keepOnFailure}) is logged instead.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      synchronized (this) {
        if (git != null) {
          git.close();
        }
      }
    } finally {
      try {
        cluster.close();
      } finally {
        if (failed.get() && options.keepOnFailure()) {
          LOG.warn(
              "scaleproof run {} failed: k3s container {} kept until this JVM exits;"
                  + " kubectl --kubeconfig {}; remove it with docker rm -f {}",
              options.runId(),
              node.containerId(),
              cluster.kubeconfig(),
              node.containerId());
        } else {
          node.close();
        }
      }
    }
  }
}
