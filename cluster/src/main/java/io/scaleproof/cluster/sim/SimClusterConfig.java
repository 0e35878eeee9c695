package io.scaleproof.cluster.sim;

import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * How an embedded cluster is made.
 *
 * @param runDirectory where the run writes its kubeconfig and pod logs; kept after the run as
 *     evidence
 * @param runtimeTable the image → local command table (see {@code cluster/runtimes.yaml})
 * @param crashBackoffInitial the kubelet's first restart back-off (Kubernetes: 10 s)
 * @param crashBackoffMax the kubelet's longest restart back-off (Kubernetes: 5 min)
 * @param closeGrace the longest a pod is given to stop when the cluster closes
 * @param hpaSyncPeriod the HPA controller's sync period (Kubernetes: 15 s)
 * @param gitPollInterval how often Argo CD refreshes each Application from Git (Argo CD's {@code
 *     timeout.reconciliation}: 120 s)
 * @param projectRuntimeTable a project's own image → command table, whose entries win over {@code
 *     runtimeTable}'s for the same image; null for none
 */
public record SimClusterConfig(
    Path runDirectory,
    Path runtimeTable,
    Duration crashBackoffInitial,
    Duration crashBackoffMax,
    Duration closeGrace,
    Duration hpaSyncPeriod,
    Duration gitPollInterval,
    Path projectRuntimeTable) {

  public SimClusterConfig {
    Objects.requireNonNull(runDirectory, "runDirectory: give the directory for the run's files");
    Objects.requireNonNull(runtimeTable, "runtimeTable: give the path of cluster/runtimes.yaml");
    requirePositive(crashBackoffInitial, "crashBackoffInitial");
    requirePositive(crashBackoffMax, "crashBackoffMax");
    if (crashBackoffMax.compareTo(crashBackoffInitial) < 0) {
      throw new IllegalArgumentException(
          "crashBackoffMax ("
              + crashBackoffMax
              + ") must be at least crashBackoffInitial ("
              + crashBackoffInitial
              + ")");
    }
    requirePositive(closeGrace, "closeGrace");
    requirePositive(hpaSyncPeriod, "hpaSyncPeriod");
    requirePositive(gitPollInterval, "gitPollInterval");
  }

  private static void requirePositive(Duration value, String field) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be a positive duration, was " + value);
    }
  }

  /**
   * Kubernetes' own timings, a fresh run directory under {@code target/scaleproof-runs} of the
   * working directory, and the runtime table of the scaleproof checkout that contains it.
   */
  public static SimClusterConfig defaults() {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    Path runs = Path.of("target", "scaleproof-runs").toAbsolutePath();
    return new SimClusterConfig(
        runs.resolve("run-" + stamp + "-" + ProcessHandle.current().pid()),
        findRuntimeTable(),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(15),
        Duration.ofSeconds(120),
        null);
  }

  public SimClusterConfig withRunDirectory(Path runDirectory) {
    return new SimClusterConfig(
        runDirectory,
        runtimeTable,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        hpaSyncPeriod,
        gitPollInterval,
        projectRuntimeTable);
  }

  public SimClusterConfig withRuntimeTable(Path runtimeTable) {
    return new SimClusterConfig(
        runDirectory,
        runtimeTable,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        hpaSyncPeriod,
        gitPollInterval,
        projectRuntimeTable);
  }

  /** A project's own runtime table, over the shipped one: its entries win for their images. */
  public SimClusterConfig withProjectRuntimeTable(Path projectRuntimeTable) {
    return new SimClusterConfig(
        runDirectory,
        runtimeTable,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        hpaSyncPeriod,
        gitPollInterval,
        projectRuntimeTable);
  }

  /** The runtime table the kubelet reads: the project's over the shipped one. */
  public RuntimeTable loadRuntimeTable() {
    RuntimeTable shipped = RuntimeTable.load(runtimeTable);
    return projectRuntimeTable == null
        ? shipped
        : RuntimeTable.load(projectRuntimeTable).over(shipped);
  }

  /** Compressed back-off for tests that watch a crash loop. */
  public SimClusterConfig withCrashBackoff(Duration initial, Duration max) {
    return new SimClusterConfig(
        runDirectory,
        runtimeTable,
        initial,
        max,
        closeGrace,
        hpaSyncPeriod,
        gitPollInterval,
        projectRuntimeTable);
  }

  public SimClusterConfig withCloseGrace(Duration closeGrace) {
    return new SimClusterConfig(
        runDirectory,
        runtimeTable,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        hpaSyncPeriod,
        gitPollInterval,
        projectRuntimeTable);
  }

  /** A compressed HPA sync period, for test runs that cannot wait 15 s a step. */
  public SimClusterConfig withHpaSyncPeriod(Duration hpaSyncPeriod) {
    return new SimClusterConfig(
        runDirectory,
        runtimeTable,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        hpaSyncPeriod,
        gitPollInterval,
        projectRuntimeTable);
  }

  /** Argo CD's refresh from Git; tests use seconds. */
  public SimClusterConfig withGitPollInterval(Duration gitPollInterval) {
    return new SimClusterConfig(
        runDirectory,
        runtimeTable,
        crashBackoffInitial,
        crashBackoffMax,
        closeGrace,
        hpaSyncPeriod,
        gitPollInterval,
        projectRuntimeTable);
  }

  /**
   * {@code -Dscaleproof.home}, else the nearest directory above the working directory that holds
   * {@code cluster/runtimes.yaml}.
   */
  static Path findRuntimeTable() {
    return ProjectFiles.find("cluster/runtimes.yaml");
  }
}
