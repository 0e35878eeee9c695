package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pod volumes on the embedded cluster: shared emptyDir, ConfigMap files, seen at mount paths. */
class PodVolumesIT {
  @RegisterExtension
  final EmbeddedCluster embedded = EmbeddedCluster.perTest(SimClusterConfig.defaults());

  @Test
  @DisplayName(
      "an init container's emptyDir file and a ConfigMap file reach the app at their mount paths,"
          + " and mount paths named inside a ConfigMap file are mapped too")
  void volumesAreSharedThroughMountPaths(SimCluster cluster) {
    cluster.apply(
        List.of(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("greeting")
                .withNamespace("default")
                .endMetadata()
                .addToData("message", "hello from a ConfigMap")
                // A config file naming a mount path, as a collector or Prometheus config does.
                .addToData("paths.yaml", "made: \"/work/made-by-init.txt\"\n")
                .build()));
    String read =
        "made = open('/etc/app/paths.yaml').read().split('\"')[1]\n"
            + "print(open(made).read(), open('/etc/app/message').read(), flush=True)";
    cluster.apply(
        List.of(
            new PodBuilder()
                .withNewMetadata()
                .withName("volumes")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewInitContainer()
                .withName("prepare")
                .withImage("scaleproof/echo-server:1.0.0")
                .withCommand(
                    "python3", "-c", "open('/work/made-by-init.txt','w').write('made by init')")
                .addNewVolumeMount()
                .withName("work")
                .withMountPath("/work")
                .endVolumeMount()
                .endInitContainer()
                .addNewContainer()
                .withName("app")
                .withImage("scaleproof/echo-server:1.0.0")
                .withCommand("python3", "-c", read)
                .addNewVolumeMount()
                .withName("work")
                .withMountPath("/work")
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("config")
                .withMountPath("/etc/app")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("work")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .addNewVolume()
                .withName("absent-but-optional")
                .withNewConfigMap()
                .withName("not-there")
                .withOptional(true)
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName("greeting")
                .endConfigMap()
                .endVolume()
                .endSpec()
                .build()));

    await("pod 'volumes' Succeeded")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var pod = cluster.client().pods().inNamespace("default").withName("volumes").get();
              assertThat(pod.getStatus()).isNotNull();
              assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
            });
    assertThat(cluster.logs("default", "volumes")).contains("made by init hello from a ConfigMap");
  }
}
