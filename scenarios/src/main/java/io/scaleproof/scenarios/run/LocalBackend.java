package io.scaleproof.scenarios.run;

import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.local.LocalCluster;
import io.scaleproof.cluster.local.LocalClusterConfig;
import io.scaleproof.cluster.local.PrometheusAdapterSettings;
import io.scaleproof.cluster.sim.SimClusterConfig;
import io.scaleproof.scenarios.spec.AdapterConfig;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Timers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real Kubernetes control plane and real KEDA as local processes on loopback, the node the
 * embedded cluster's; the programs are built from the Go module proxy on first use. The node runs
 * images by the same runtime table as the embedded cluster, so a project's own table lies over the
 * shipped one here too. A project whose HPAs scale on the Prometheus Adapter's external metrics
 * gets the real Adapter in KEDA's place, with the config its pipeline carries.
 *
 * @param config the node's runtime table
 * @param adapter the Adapter to run instead of KEDA, if the project needs one
 */
record LocalBackend(SimClusterConfig config, Optional<AdapterConfig> adapter) implements Backend {

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Cluster open(Timers timers, Path directory, Progress progress) {
    progress.phase(
        "starting the local control plane (etcd, kube-apiserver, kube-controller-manager,"
            + " kube-scheduler), "
            + (adapter.isPresent() ? "the Prometheus Adapter" : "KEDA")
            + ", the OpenTelemetry Operator and Argo CD");
    LocalClusterConfig local =
        LocalClusterConfig.of(directory, config.loadRuntimeTable())
            .withHpaSyncPeriod(timers.hpaSyncPeriod())
            .withGitPollInterval(timers.gitPollInterval());
    if (adapter.isPresent()) {
      local = local.withPrometheusAdapter(adapterSettings(adapter.get(), directory));
    }
    return LocalCluster.start(local);
  }

  @Override
  public Backend forProject(ProjectPipeline subject) {
    SimClusterConfig project =
        config.withProjectRuntimeTable(subject.project().runtimes().orElse(null));
    EmbeddedClusterFit.check(subject, project.loadRuntimeTable());
    return new LocalBackend(project, subject.prometheusAdapter());
  }

  /** The Adapter's config written where the run keeps its files, and how it runs. */
  private static PrometheusAdapterSettings adapterSettings(AdapterConfig adapter, Path directory) {
    Path file = directory.resolve("prometheus-adapter.yaml");
    try {
      Files.createDirectories(directory);
      Files.writeString(file, adapter.text());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new PrometheusAdapterSettings(
        file, adapter.adapter().prometheusUrl(), adapter.adapter().relistInterval());
  }
}
