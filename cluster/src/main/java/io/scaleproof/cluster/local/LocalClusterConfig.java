package io.scaleproof.cluster.local;

import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a local cluster is started with.
 *
 * @param runDirectory where its files go: kubeconfig, pki, the programs' logs, etcd's data, pods
 * @param runtimes how the node runs each image as a local process (the embedded cluster's table)
 * @param hpaSyncPeriod the real HPA controller's sync period
 * @param crashBackoffInitial the node's first crash-loop back-off
 * @param crashBackoffMax the node's longest crash-loop back-off
 * @param closeGrace the longest a pod is given to stop when the cluster closes
 */
public record LocalClusterConfig(
    Path runDirectory,
    RuntimeTable runtimes,
    Duration hpaSyncPeriod,
    Duration crashBackoffInitial,
    Duration crashBackoffMax,
    Duration closeGrace) {

  /** Kubernetes' own defaults (15 s HPA sync, 10 s to 5 min back-off), 10 s to stop a pod. */
  public static LocalClusterConfig of(Path runDirectory, RuntimeTable runtimes) {
    return new LocalClusterConfig(
        runDirectory,
        runtimes,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10));
  }

  public LocalClusterConfig withHpaSyncPeriod(Duration period) {
    return new LocalClusterConfig(
        runDirectory, runtimes, period, crashBackoffInitial, crashBackoffMax, closeGrace);
  }
}
