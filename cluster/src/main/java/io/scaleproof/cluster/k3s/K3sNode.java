package io.scaleproof.cluster.k3s;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The k3s server in its Docker container, the cluster's one node (Testcontainers' {@link
 * K3sContainer}: privileged, Traefik disabled). Its ports are published on 127.0.0.1 only, so the
 * API server is reachable from this machine and from nowhere else; the kubeconfig names it there.
 */
final class K3sNode implements AutoCloseable {
  static final String LOOPBACK = "127.0.0.1";

  /** Pulling nothing, k3s is up in well under a minute; a busy CI machine gets some slack. */
  private static final Duration STARTUP = Duration.ofMinutes(3);

  private static final String CONTAINERD = "/run/k3s/containerd/containerd.sock";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final String image;
  private final K3sContainer container;

  private K3sNode(String image, K3sContainer container) {
    this.image = image;
    this.container = container;
  }

  /** A node of {@code image} (a {@code rancher/k3s} tag, or a compatible image), not started. */
  static K3sNode of(String image) {
    K3sContainer container =
        new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
    container.withCreateContainerCmdModifier(K3sNode::publishOnLoopback);
    container.withStartupTimeout(STARTUP);
    return new K3sNode(image, container);
  }

  /**
   * Rebinds every published port of the container to {@value #LOOPBACK}, keeping its host port (a
   * random one unless fixed): Docker would publish on every interface otherwise. Runs after
   * Testcontainers has set the bindings of the exposed ports.
   */
  static void publishOnLoopback(CreateContainerCmd command) {
    Ports published = command.getHostConfig().getPortBindings();
    Ports loopback = new Ports();
    if (published != null) {
      for (Map.Entry<ExposedPort, Ports.Binding[]> entry : published.getBindings().entrySet()) {
        Ports.Binding[] bindings = entry.getValue();
        if (bindings == null || bindings.length == 0) {
          loopback.bind(entry.getKey(), Ports.Binding.bindIp(LOOPBACK));
          continue;
        }
        for (Ports.Binding binding : bindings) {
          loopback.bind(entry.getKey(), new Ports.Binding(LOOPBACK, binding.getHostPortSpec()));
        }
      }
    }
    command.getHostConfig().withPortBindings(loopback);
  }

  /** Starts the container and waits until k3s reports its node controller synced. */
  void start() {
    container.start();
  }

  /** The Docker container's id, for {@code docker logs} and the like. */
  String containerId() {
    return container.getContainerId();
  }

  /**
   * Writes the cluster's admin kubeconfig to {@code file}, readable by its owner only where the
   * file system allows: it holds the cluster's admin credentials.
   */
  Path writeKubeconfig(Path file) {
    String yaml =
        onLoopback(
            container.getKubeConfigYaml(), container.getMappedPort(K3sContainer.KUBE_SECURE_PORT));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml);
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the k3s kubeconfig to " + file, e);
    }
    return file;
  }

  /**
   * The kubeconfig with every cluster's server at {@code https://127.0.0.1:<port>}: the address the
   * port is published on, which k3s's certificate names, whatever host name Testcontainers gave.
   */
  static String onLoopback(String kubeconfig, int port) {
    Config config = SERIALIZATION.unmarshal(kubeconfig, Config.class);
    for (NamedCluster cluster : config.getClusters()) {
      cluster.getCluster().setServer("https://" + LOOPBACK + ":" + port);
    }
    return SERIALIZATION.asYaml(config);
  }

  /**
   * Imports the image archive {@code tar} (as {@code docker save} writes it) into k3s's containerd,
   * where the kubelet finds {@code image} without pulling it.
   *
   * @throws IllegalStateException naming the image and what {@code ctr} said, if the import fails
   */
  void importImage(String image, Path tar) {
    String inside = "/tmp/" + tar.getFileName();
    container.copyFileToContainer(MountableFile.forHostPath(tar), inside);
    try {
      ExecResult imported =
          exec("ctr", "--address", CONTAINERD, "-n", "k8s.io", "images", "import", inside);
      if (imported.getExitCode() != 0) {
        throw new IllegalStateException(
            "cannot import image "
                + image
                + " into k3s: ctr images import exited "
                + imported.getExitCode()
                + ": "
                + (imported.getStderr() + imported.getStdout()).strip());
      }
    } finally {
      exec("rm", "-f", inside);
    }
  }

  /** What {@code crictl images} lists in the node: the images the kubelet can run unpulled. */
  String images() {
    ExecResult listed = exec("crictl", "images");
    if (listed.getExitCode() != 0) {
      throw new IllegalStateException(
          "crictl images exited " + listed.getExitCode() + ": " + listed.getStderr().strip());
    }
    return listed.getStdout();
  }

  private ExecResult exec(String... command) {
    try {
      return container.execInContainer(command);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run " + String.join(" ", command) + " in the k3s container", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted running " + String.join(" ", command) + " in the k3s container", e);
    }
  }

  /** Stops and removes the container, and with it the whole cluster. */
  @Override
  public void close() {
    container.stop();
  }

  @Override
  public String toString() {
    return "k3s " + image + (container.getContainerId() == null ? "" : " " + containerId());
  }
}
