package io.scaleproof.scenarios.run;

import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.k3s.K3sCluster;
import io.scaleproof.cluster.k3s.K3sComponents;
import io.scaleproof.cluster.k3s.K3sOptions;
import io.scaleproof.cluster.kubeconfig.Component;
import io.scaleproof.cluster.kubeconfig.KubeconfigCluster;
import io.scaleproof.cluster.kubeconfig.KubeconfigOptions;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Timers;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cluster a scenario runs on: the one parameter of a run that changes with the place. The
 * scenario, the pipeline and the expectations are the same on every backend.
 */
public interface Backend {

  /** {@code sim}, {@code kubeconfig} or {@code k3s}. */
  String name();

  /**
   * Starts the cluster, or connects to it, for one session; closing it releases everything the
   * session started there.
   *
   * @param timers the control loops' periods, where the backend sets them (the embedded cluster)
   * @param directory where the cluster's files go (kubeconfig, logs)
   */
  Cluster open(Timers timers, Path directory, Progress progress);

  /** What the run's report says about the cluster: where it ran and what it found there. */
  default String describe(Cluster cluster) {
    return name();
  }

  /** The run failed: a backend that keeps evidence on failure keeps it. */
  default void failed(Cluster cluster) {}

  /**
   * This backend, made ready for {@code subject}'s pipeline: checked for what it cannot run, before
   * anything starts.
   *
   * @throws InvalidInputException naming the file and the field of what the backend cannot serve
   */
  default Backend forProject(ProjectPipeline subject) {
    return this;
  }

  /**
   * The backend a suite runs on, from system properties: {@code -Dscaleproof.backend=sim} (the
   * default), {@code k3s} or {@code kubeconfig}, with {@code -Dscaleproof.kubeconfig=FILE}, {@code
   * -Dscaleproof.context=NAME}, {@code -Dscaleproof.keepNamespacesOnFailure=true} and {@code
   * -Dscaleproof.git=local} (for an Argo CD sharing this machine's file system).
   *
   * @throws IllegalArgumentException for a backend that is not one
   */
  static Backend fromSystemProperties() {
    String name = System.getProperty("scaleproof.backend", "sim");
    switch (name) {
      case "sim":
        return sim();
      case "kubeconfig":
        KubeconfigOptions options =
            KubeconfigOptions.defaults()
                .withKeepNamespacesOnFailure(
                    Boolean.getBoolean("scaleproof.keepNamespacesOnFailure"))
                .withContext(System.getProperty("scaleproof.context"));
        String kubeconfig = System.getProperty("scaleproof.kubeconfig");
        if (kubeconfig != null) {
          options = options.withKubeconfig(Path.of(kubeconfig).toAbsolutePath());
        }
        if ("local".equals(System.getProperty("scaleproof.git"))) {
          options = options.withGit(KubeconfigOptions.GitServing.LOCAL);
        }
        return kubeconfig(options);
      case "local":
        return local();
      case "k3s":
        return k3s(
            K3sOptions.defaults()
                .withKeepOnFailure(Boolean.getBoolean("scaleproof.keepNamespacesOnFailure")));
      default:
        throw new IllegalArgumentException(
            "-Dscaleproof.backend="
                + name
                + " is not a backend; give sim, local, kubeconfig or k3s");
    }
  }

  /** The embedded cluster, with the scenario's timers (HPA sync period, Git poll interval). */
  static Backend sim() {
    return sim(SimClusterConfig.defaults());
  }

  /**
   * The embedded cluster made from {@code config}; the scenario's timers and the run's directory
   * are set on it when it opens. For a project, its own runtime table lies over the shipped one.
   */
  private static Backend sim(SimClusterConfig config) {
    return new Backend() {
      @Override
      public String name() {
        return "sim";
      }

      @Override
      public Cluster open(Timers timers, Path directory, Progress progress) {
        progress.phase("starting the embedded cluster");
        return SimCluster.start(
            config
                .withRunDirectory(directory)
                .withHpaSyncPeriod(timers.hpaSyncPeriod())
                .withGitPollInterval(timers.gitPollInterval()));
      }

      @Override
      public Backend forProject(ProjectPipeline subject) {
        subject.requireKeda(
            "its external metrics are served through a real API server's aggregation layer, and"
                + " the embedded cluster has none",
            "Run it with --backend local, where the real Adapter serves them");
        SimClusterConfig project =
            config.withProjectRuntimeTable(subject.project().runtimes().orElse(null));
        EmbeddedClusterFit.check(subject, project.loadRuntimeTable());
        return sim(project);
      }
    };
  }

  /**
   * The local backend: a real Kubernetes control plane and real KEDA (or the Prometheus Adapter) as
   * local processes on loopback ({@link LocalBackend}).
   */
  static Backend local() {
    return new LocalBackend(SimClusterConfig.defaults(), Optional.empty());
  }

  /**
   * An existing cluster through a kubeconfig context, in namespaces of the run's own. The cluster
   * must run the components the pipeline needs (KEDA, the OpenTelemetry Operator, Argo CD, the
   * Prometheus operator's types); they are found and reused, never installed. The cluster's own
   * timers apply, not the scenario's.
   */
  static Backend kubeconfig(KubeconfigOptions options) {
    // The in-cluster Git server runs the pinned Argo CD image, which a cluster with Argo CD has.
    return new KubeconfigBackend(
        options.gitServerImage() != null
            ? options
            : options.withGitServerImage(K3sComponents.declared().argoCdImage()));
  }

  /**
   * A k3s cluster in Docker, started for the run: the components of {@code
   * cluster/k3s/components.yaml} installed at their pinned versions, the sample apps' images built
   * and loaded, then the pipeline installed as on any cluster.
   *
   * @throws io.scaleproof.cluster.BackendUnavailableException from {@link #open} when there is no
   *     Docker; nothing is started then
   */
  static Backend k3s(K3sOptions options) {
    return new Backend() {
      @Override
      public String name() {
        return "k3s";
      }

      @Override
      public Cluster open(Timers timers, Path directory, Progress progress) {
        progress.phase("starting k3s (" + options.plan().k3sImage() + ") in Docker");
        return K3sCluster.start(options.withRunDirectory(directory).withProgress(progress::phase));
      }

      /** No Docker stops the run here, before the tools the pipeline is checked with are built. */
      @Override
      public Backend forProject(ProjectPipeline subject) {
        K3sCluster.requireDocker();
        return this;
      }

      @Override
      public String describe(Cluster cluster) {
        return "k3s (" + options.plan().k3sImage() + "; namespaces " + cluster.namespaces() + ")";
      }

      @Override
      public void failed(Cluster cluster) {
        ((K3sCluster) cluster).markFailed();
      }
    };
  }

  /** The kubeconfig backend. */
  final class KubeconfigBackend implements Backend {
    /**
     * What the pipeline cannot run without, as {@link Component} names it: the Prometheus operator
     * for its {@code PrometheusRule} type.
     */
    static final List<String> REQUIRED =
        List.of("KEDA", "OpenTelemetry Operator", "Argo CD", "Prometheus operator");

    private final KubeconfigOptions options;

    private KubeconfigBackend(KubeconfigOptions options) {
      this.options = options;
    }

    @Override
    public String name() {
      return "kubeconfig";
    }

    @Override
    public Cluster open(Timers timers, Path directory, Progress progress) {
      progress.phase(
          "connecting to context "
              + (options.context() == null ? "(current)" : options.context())
              + " of "
              + options.kubeconfig());
      KubeconfigCluster cluster = KubeconfigCluster.connect(options.withRunDirectory(directory));
      List<String> found = cluster.components().stream().map(Component::name).toList();
      List<String> missing = REQUIRED.stream().filter(name -> !found.contains(name)).toList();
      if (!missing.isEmpty()) {
        cluster.close();
        throw new InvalidInputException(
            options.kubeconfig(),
            "context '" + cluster.context() + "'",
            "the cluster has no " + String.join(", no ", missing) + ", which the pipeline needs",
            "Install them (cluster/k3s/components.yaml pins the versions scaleproof is tested"
                + " with), or run on --backend sim; the run's namespaces were deleted");
      }
      progress.phase("namespaces of the run: " + cluster.namespaces());
      cluster.components().forEach(c -> progress.phase("reusing " + c.describe()));
      progress.phase(
          "the cluster's own timers apply (HPA sync period, Argo CD's Git polling), not the"
              + " scenario's");
      return cluster;
    }

    /** The run gets a namespace of its own for each of the project's pipeline's. */
    @Override
    public Backend forProject(ProjectPipeline subject) {
      return new KubeconfigBackend(options.withNamespaces(subject.runNamespaces()));
    }

    @Override
    public String describe(Cluster cluster) {
      KubeconfigCluster existing = (KubeconfigCluster) cluster;
      return "kubeconfig (context "
          + existing.context()
          + "; namespaces "
          + existing.namespaces()
          + "; reused "
          + existing.components().stream()
              .map(Component::describe)
              .collect(Collectors.joining("; "))
          + ")";
    }

    @Override
    public void failed(Cluster cluster) {
      ((KubeconfigCluster) cluster).markFailed();
    }
  }
}
