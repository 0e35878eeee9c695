package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.sim.controller.Pods;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A template change rolls the pods as a Deployment promises: never more than replicas + maxSurge
 * pods, never fewer than replicas − maxUnavailable ready, every pod replaced, the old ReplicaSet
 * kept at zero as history.
 */
class DeploymentRolloutIT {
  private static final int REPLICAS = 3;

  @RegisterExtension
  final EmbeddedCluster embedded = EmbeddedCluster.perTest(SimClusterConfig.defaults());

  private SimCluster cluster;
  private SharedIndexInformer<Pod> watcher;
  private final AtomicInteger maxPods = new AtomicInteger();
  private final AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);

  @BeforeEach
  void clusterOfTheTest(SimCluster started) {
    cluster = started;
  }

  @AfterEach
  void stopWatching() {
    if (watcher != null) {
      watcher.stop();
    }
  }

  @Test
  @DisplayName(
      "maxSurge 1, maxUnavailable 0: at most 4 pods and always 3 ready while 3 replicas roll")
  void rollingUpdateRespectsSurgeAndUnavailability() {
    deployEcho(
        new DeploymentStrategyBuilder()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withMaxSurge(new IntOrString(1))
            .withMaxUnavailable(new IntOrString(0))
            .endRollingUpdate()
            .build());
    List<String> before = podNames();
    watchPods();

    changeTemplate();

    awaitRolledOut();
    assertThat(maxPods.get()).as("most active echo pods at once").isLessThanOrEqualTo(REPLICAS + 1);
    assertThat(minReady.get())
        .as("fewest ready echo pods at once")
        .isGreaterThanOrEqualTo(REPLICAS);
    // The last old pod may still be terminating (its grace period) when the rollout completes.
    await("every old echo pod gone")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(podNames()).doesNotContainAnyElementsOf(before));
  }

  @Test
  @DisplayName("Recreate: every old pod is gone before a new one starts")
  void recreateStopsOldPodsFirst() {
    deployEcho(new DeploymentStrategyBuilder().withType("Recreate").build());
    watchPods();

    changeTemplate();

    awaitRolledOut();
    assertThat(maxPods.get()).as("most active echo pods at once").isLessThanOrEqualTo(REPLICAS);
    assertThat(minReady.get()).as("fewest ready echo pods at once").isZero();
  }

  private void deployEcho(io.fabric8.kubernetes.api.model.apps.DeploymentStrategy strategy) {
    Deployment echo = (Deployment) Manifests.load(Path.of("demo", "echo.yaml")).get(0);
    echo.getSpec().setReplicas(REPLICAS);
    echo.getSpec().setStrategy(strategy);
    cluster.apply(List.of(echo));
    cluster.apply(Manifests.load(Path.of("demo", "echo.yaml")).subList(1, 2));
    await("echo with " + REPLICAS + " ready replicas")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(deployment().getStatus())
                    .extracting("readyReplicas")
                    .isEqualTo(REPLICAS));
  }

  private void changeTemplate() {
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("echo")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getEnv()
                  .add(new EnvVar("GREETING", "v2", null));
              return d;
            });
  }

  private void awaitRolledOut() {
    await("echo rolled out to revision 2")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Deployment d = deployment();
              assertThat(d.getStatus()).as("status of Deployment echo").isNotNull();
              assertThat(d.getMetadata().getAnnotations())
                  .containsEntry("deployment.kubernetes.io/revision", "2");
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(REPLICAS);
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(REPLICAS);
              assertThat(d.getStatus().getReplicas()).isEqualTo(REPLICAS);
              assertThat(d.getStatus().getConditions())
                  .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable"));
              assertThat(
                      cluster
                          .client()
                          .apps()
                          .replicaSets()
                          .inNamespace("default")
                          .list()
                          .getItems())
                  .hasSize(2)
                  .anySatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
            });
  }

  /**
   * Records, at every pod event, how many echo pods are active and how many are ready. Terminating
   * pods are left out, as the Deployment controller leaves them out of maxSurge (Kubernetes'
   * default; KEP-3973 makes counting them an option).
   */
  private void watchPods() {
    // Assigned before it starts, so that the first events already find it.
    watcher = cluster.client().pods().inNamespace("default").runnableInformer(0);
    watcher.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            record();
          }

          @Override
          public void onUpdate(Pod oldPod, Pod newPod) {
            record();
          }

          @Override
          public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            record();
          }
        });
    watcher.run();
  }

  private void record() {
    List<Pod> active =
        watcher.getStore().list().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .toList();
    maxPods.accumulateAndGet(active.size(), Math::max);
    int ready = (int) active.stream().filter(Pods::isReady).count();
    minReady.accumulateAndGet(ready, Math::min);
  }

  private Deployment deployment() {
    return cluster.client().apps().deployments().inNamespace("default").withName("echo").get();
  }

  private List<String> podNames() {
    return cluster.client().pods().inNamespace("default").list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .toList();
  }
}
