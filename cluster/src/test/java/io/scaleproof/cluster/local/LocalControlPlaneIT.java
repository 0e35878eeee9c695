package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.provision.Tools;
import io.scaleproof.cluster.sim.network.AddressBlock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real control plane, started from the programs of {@code cluster/tools/local.yaml} (built on
 * first use, about five minutes cold): it serves, its controllers act, and nothing of it outlives
 * close, whether it started or not.
 */
@Tag("local")
class LocalControlPlaneIT {
  private static final List<Integer> PORTS = List.of(2379, 2380, 6443, 10257, 10259);

  @TempDir Path directory;
  private AddressBlock block;

  @BeforeEach
  void claim() {
    block =
        AddressBlock.claim(
            Path.of(System.getProperty("java.io.tmpdir"), "scaleproof-address-blocks"));
  }

  @AfterEach
  void release() {
    block.close();
  }

  private LocalControlPlane.Settings settings(Tools tools) {
    return new LocalControlPlane.Settings(
        directory,
        block.nodeIp(),
        block.servicePrefix() + "0/24",
        block.servicePrefix() + "1",
        Duration.ofSeconds(15),
        tools);
  }

  @Test
  @DisplayName(
      "the API server serves, the real Deployment controller makes a ReplicaSet and pods, and close stops every program")
  void startsServesAndStops() {
    List<Long> pids;
    try (LocalControlPlane plane =
        LocalControlPlane.start(
            settings(Tools.load(ProjectFiles.find("cluster/tools/local.yaml"))))) {
      pids = plane.pids();
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(read(plane.kubeconfig())))
              .build()) {
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.37.2");
        client.apps().deployments().inNamespace("default").resource(deployment()).create();
        await(
                "until the Deployment's two pods exist (the real deployment and replicaset controllers)")
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(
                            client
                                .pods()
                                .inNamespace("default")
                                .withLabel("app", "web")
                                .list()
                                .getItems())
                        .hasSize(2));
        assertThat(
                client
                    .services()
                    .inNamespace("default")
                    .withName("kubernetes")
                    .get()
                    .getSpec()
                    .getClusterIP())
            .as("the first address of the run's Service range")
            .isEqualTo(block.servicePrefix() + "1");
      }
      assertThat(plane.exited()).isEmpty();
    }
    assertThat(pids)
        .allSatisfy(
            pid ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("pid %d", pid)
                    .isEmpty());
    assertNothingListens();
  }

  @Test
  @DisplayName(
      "a program that exits at start: its name, its log's last lines, and nothing left running")
  void brokenProgram() throws IOException {
    Path fake = Files.createDirectories(directory.resolve("fake-etcd"));
    Path etcd = fake.resolve("etcd");
    Files.writeString(
        etcd, "#!/bin/sh\necho 'etcdmain: listen tcp: address already in use' >&2\nexit 1\n");
    Files.setPosixFilePermissions(etcd, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("SCALEPROOF_TOOL_ETCD", fake.toString());
    Tools tools =
        Tools.load(
            ProjectFiles.find("cluster/tools/local.yaml"),
            io.scaleproof.cluster.provision.Cache.root(),
            env);

    assertThatThrownBy(() -> LocalControlPlane.start(settings(tools)))
        .isInstanceOf(ComponentFailedException.class)
        .hasMessageStartingWith("etcd exited with code 1")
        .hasMessageContaining("address already in use")
        .hasMessageContaining("To fix:");
    assertNothingListens();
  }

  private void assertNothingListens() {
    for (int port : PORTS) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(block.nodeIp(), port), 500);
        throw new AssertionError("something still listens on " + block.nodeIp() + ":" + port);
      } catch (IOException expected) {
        // refused: nothing listens
      }
    }
  }

  private static Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("web:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
