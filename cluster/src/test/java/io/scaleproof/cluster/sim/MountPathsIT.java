package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.scaleproof.cluster.provision.Cache;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An emptyDir may be mounted at any path, including one that this machine's own paths start with:
 * the checkout (the runtime table's {@code ${table.dir}}, the run's directory), the cache of
 * provisioned environments. Only the container's view is mapped to the volume; the host paths that
 * scaleproof puts into a process stay as they are. The mount paths are taken from where this test
 * runs, so the test fails wherever the checkout is if host paths are mapped again.
 */
class MountPathsIT {
  private static final String IMAGE = "scaleproof/sample-app-python:0.1.0";

  @RegisterExtension
  static final EmbeddedCluster EMBEDDED = EmbeddedCluster.perClass(SimClusterConfig.defaults());

  private static SimCluster cluster;

  @BeforeAll
  static void provisionTheImage(SimCluster started) {
    // The sample app's Python environment is provisioned once here, not inside a pod's wait.
    RuntimeTable.load(SimClusterConfig.findRuntimeTable()).lookup(IMAGE).orElseThrow();
    cluster = started;
  }

  /**
   * Every leading directory of the checkout, the run directory and the cache (for /work/main:
   * /work, /work/main, …), and the mount paths real manifests use.
   */
  static Stream<String> mountPaths() {
    Set<String> paths = new LinkedHashSet<>();
    for (Path hostPath :
        List.of(
            SimClusterConfig.findRuntimeTable().getParent(),
            Path.of("target").toAbsolutePath(),
            Cache.root().toAbsolutePath())) {
      for (int i = 1; i <= hostPath.getNameCount(); i++) {
        paths.add("/" + hostPath.subpath(0, i));
      }
    }
    paths.addAll(List.of("/tmp", "/data", "/app", "/work", "/home", "/srv", "/opt"));
    return paths.stream();
  }

  @ParameterizedTest(name = "emptyDir at {0}")
  @MethodSource("mountPaths")
  @DisplayName(
      "a pod with an emptyDir mounted where this machine's own paths start runs its image and sees"
          + " its volume")
  void podRunsAndSeesItsVolume(String mountPath) throws IOException {
    String name = "mount" + mountPath.replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
    String file = mountPath + "/made-by-init.txt";
    cluster.apply(
        List.of(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewInitContainer()
                .withName("prepare")
                .withImage(IMAGE)
                .withCommand("python3", "-c", "open('" + file + "','w').write('made by init')")
                .addNewVolumeMount()
                .withName("shared")
                .withMountPath(mountPath)
                .endVolumeMount()
                .endInitContainer()
                // The image's own entrypoint: a provisioned interpreter (the cache) running a
                // script of the checkout (${table.dir}), in the run's directory.
                .addNewContainer()
                .withName("app")
                .withImage(IMAGE)
                .addNewEnv()
                .withName("APP_HOST")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("status.podIP")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("APP_PORT")
                .withValue("8080")
                .endEnv()
                .addNewVolumeMount()
                .withName("shared")
                .withMountPath(mountPath)
                .endVolumeMount()
                .endContainer()
                .addNewContainer()
                .withName("reader")
                .withImage(IMAGE)
                .withCommand("python3", "-c", "import os; print(open(os.environ['MADE']).read())")
                .addNewEnv()
                .withName("MADE")
                .withValue(file)
                .endEnv()
                .addNewVolumeMount()
                .withName("shared")
                .withMountPath(mountPath)
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("shared")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build()));

    await("pod " + name + ": the app serving and the reader done")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Pod pod = cluster.client().pods().inNamespace("default").withName(name).get();
              assertThat(pod.getStatus()).as("status of %s", name).isNotNull();
              assertThat(pod.getStatus().getContainerStatuses())
                  .as("container statuses of %s", name)
                  .anySatisfy(
                      reader -> {
                        assertThat(reader.getName()).isEqualTo("reader");
                        assertThat(reader.getState().getTerminated()).isNotNull();
                        assertThat(reader.getState().getTerminated().getExitCode()).isZero();
                      })
                  .anySatisfy(app -> assertRunning(app, "app"));
              assertThat(log(name, "app")).contains("listening on");
            });
    assertThat(log(name, "reader")).contains("made by init");
  }

  private static void assertRunning(ContainerStatus status, String container) {
    assertThat(status.getName()).isEqualTo(container);
    assertThat(status.getState().getRunning()).as("%s running", container).isNotNull();
  }

  private static String log(String pod, String container) throws IOException {
    Path file = cluster.logFile("default", pod, container, false).orElse(null);
    return file == null || !Files.exists(file) ? "" : Files.readString(file);
  }
}
