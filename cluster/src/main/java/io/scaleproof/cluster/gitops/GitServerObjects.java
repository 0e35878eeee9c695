package io.scaleproof.cluster.gitops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;

/**
 * The Deployment and Service of the in-cluster Git server: {@code git daemon} serving one bare
 * repository, {@value #REPOSITORY}, read-write and unauthenticated, on port {@value #PORT}. Only
 * pods of the cluster reach it (a ClusterIP Service: Argo CD's repo-server reads it by DNS); this
 * machine pushes through a port-forward.
 *
 * <p>The container runs the pinned Argo CD image: it has {@code git} and {@code sh}, and a cluster
 * that runs Argo CD has pulled it already, so an offline cluster needs no other image. The
 * repository lives in an {@code emptyDir}: a restarted pod starts empty, and the next push fills it
 * again.
 */
final class GitServerObjects {
  static final String NAME = "scaleproof-git";
  static final int PORT = 9418;
  static final String PORT_NAME = "git";
  static final String REPOSITORY = "pipeline.git";

  static final Map<String, String> LABELS =
      Map.of("app.kubernetes.io/name", NAME, "app.kubernetes.io/managed-by", "scaleproof");
  private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", NAME);

  /**
   * Creates the bare repository, lets {@code git daemon} accept pushes to it, and serves {@code
   * /git} on every interface of the pod (the pod's own network; the Service selects it).
   */
  static final String SCRIPT =
      "git init --bare /git/"
          + REPOSITORY
          + " && git -C /git/"
          + REPOSITORY
          + " config daemon.receivepack true"
          + " && exec git daemon --reuseaddr --base-path=/git --export-all --enable=receive-pack"
          + " --listen=0.0.0.0 --port="
          + PORT
          + " /git";

  private GitServerObjects() {}

  /** The Deployment, then the Service, in {@code namespace}, running {@code image}. */
  static List<HasMetadata> of(String namespace, String image) {
    return List.of(deployment(namespace, image), service(namespace));
  }

  static Deployment deployment(String namespace, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(SELECTOR)
        .endSelector()
        // One pod at a time: two would serve two different empty repositories.
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("git")
        .withImage(image)
        .withCommand("sh", "-c", SCRIPT)
        .addNewPort()
        .withName(PORT_NAME)
        .withContainerPort(PORT)
        .withProtocol("TCP")
        .endPort()
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString(PORT_NAME))
        .endTcpSocket()
        .withPeriodSeconds(2)
        .endReadinessProbe()
        .addNewVolumeMount()
        .withName("git")
        .withMountPath("/git")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("git")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static Service service(String namespace) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withSelector(SELECTOR)
        .addNewPort()
        .withName(PORT_NAME)
        .withPort(PORT)
        .withTargetPort(new IntOrString(PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /** The URL Argo CD's repo-server, in the cluster, reads the repository by. */
  static String clusterUrl(String namespace) {
    return "git://" + NAME + "." + namespace + ".svc.cluster.local/" + REPOSITORY;
  }
}
