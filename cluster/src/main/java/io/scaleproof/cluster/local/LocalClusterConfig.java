package io.scaleproof.cluster.local;

import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a local cluster is started with.
 *
 * @param runDirectory where its files go: kubeconfig, pki, the programs' logs, etcd's data, pods
 * @param runtimes how the node runs each image as a local process (the embedded cluster's table)
 * @param hpaSyncPeriod the real HPA controller's sync period
 * @param crashBackoffInitial the node's first crash-loop back-off
 * @param crashBackoffMax the node's longest crash-loop back-off
 * @param closeGrace the longest a pod is given to stop when the cluster closes
 * @param gitPollInterval how often Argo CD's controller looks for a new commit
 * @param prometheusAdapter when present, the Prometheus Adapter serves the external metrics API in
 *     KEDA's place (KEDA is not installed)
 */
public record LocalClusterConfig(
    Path runDirectory,
    RuntimeTable runtimes,
    Duration hpaSyncPeriod,
    Duration crashBackoffInitial,
    Duration crashBackoffMax,
    Duration closeGrace,
    Duration gitPollInterval,
    Optional<PrometheusAdapterSettings> prometheusAdapter) {

  /**
   * Kubernetes' own defaults (15 s HPA sync, 10 s to 5 min back-off), 10 s to stop a pod, Argo CD's
   * 120 s Git poll.
   */
  public static LocalClusterConfig of(Path runDirectory, RuntimeTable runtimes) {
    return new LocalClusterConfig(
        runDirectory,
        runtimes,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(120),
        Optional.empty());
  }

  public LocalClusterConfig withHpaSyncPeriod(Duration period) {
    return new LocalClusterConfig(
        runDirectory,
        runtimes,
        period,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        gitPollInterval,
        prometheusAdapter);
  }

  public LocalClusterConfig withGitPollInterval(Duration interval) {
    return new LocalClusterConfig(
        runDirectory,
        runtimes,
        hpaSyncPeriod,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        interval,
        prometheusAdapter);
  }

  public LocalClusterConfig withRunDirectory(Path directory) {
    return new LocalClusterConfig(
        directory,
        runtimes,
        hpaSyncPeriod,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        gitPollInterval,
        prometheusAdapter);
  }

  /** The Prometheus Adapter in KEDA's place. */
  public LocalClusterConfig withPrometheusAdapter(PrometheusAdapterSettings adapter) {
    return new LocalClusterConfig(
        runDirectory,
        runtimes,
        hpaSyncPeriod,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        gitPollInterval,
        Optional.of(adapter));
  }
}
