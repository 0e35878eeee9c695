package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.GitRemote;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.KubeClients;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.control.PrometheusRuleFiles;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.gitops.InClusterGit;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An existing cluster, reached through a context of a kubeconfig: the {@code kubeconfig} backend.
 * Only the context's API server is contacted.
 *
 * <p>{@link #connect} checks before it creates anything: the kubeconfig and the context, that the
 * cluster answers (connecting within 5 s), that the context's user has every permission the run
 * needs ({@code SelfSubjectAccessReview}s), and that the run's namespaces do not exist yet. Then it
 * finds the components already installed ({@link #components()}) and creates the run's namespaces
 * ({@code sp-<runId>-<logical>}, labelled {@code app.kubernetes.io/managed-by=scaleproof} and
 * {@code scaleproof.io/run=<runId>}).
 *
 * <p>{@link #close()} deletes those namespaces and waits, within a bound, until they are gone —
 * unless the run was {@linkplain #markFailed() marked failed} and the options keep them. It never
 * throws: a cluster gone away is reported, see {@link #teardown()}. A JVM shutdown before then asks
 * for the deletion without waiting.
 *
 * <p>Larger than 300 lines because it is the whole Cluster interface for a real cluster, and its
 * parts (the checks before anything is created, the run's namespaces, the teardown that deletes
 * them) guard the same run namespaces under one lock.
 */
public final class KubeconfigCluster implements Cluster {
  static final int CONNECT_TIMEOUT_SECONDS = 5;
  private static final int CONNECT_TIMEOUT_MILLIS = CONNECT_TIMEOUT_SECONDS * 1000;
  private static final int DEFAULT_RETRIES = 10;
  private static final Duration SERVICE_READY = Duration.ofSeconds(60);
  private static final Duration NAMESPACES_GONE = Duration.ofMinutes(2);
  private static final Logger LOG = LoggerFactory.getLogger(KubeconfigCluster.class);

  private final KubeconfigOptions options;
  private final KubeconfigFile kubeconfigFile;
  private final Path kubeconfig;
  private final KubernetesClient client;
  private final RunNamespaces namespaces;
  private final ServiceAccess services;
  private final AtomicBoolean failed = new AtomicBoolean();
  private final Thread shutdownHook;
  private List<Component> components = List.of();
  private Teardown teardown;
  private GitRemote gitRemote;

  /**
   * The rule files of the run's PrometheusRules, for the pipeline's plain Prometheus: a cluster's
   * Prometheus Operator writes them only for a Prometheus it manages.
   */
  private final PrometheusRuleFiles ruleFiles;

  private KubeconfigCluster(
      KubeconfigOptions options,
      KubeconfigFile kubeconfigFile,
      Path kubeconfig,
      KubernetesClient client,
      RunNamespaces namespaces,
      ServiceAccess.LoopbackServices loopbackServices) {
    this.options = options;
    this.kubeconfigFile = kubeconfigFile;
    this.kubeconfig = kubeconfig;
    this.client = client;
    this.namespaces = namespaces;
    this.services = new ServiceAccess(client, SERVICE_READY, loopbackServices);
    this.ruleFiles = new PrometheusRuleFiles(client, namespaces.names());
    this.shutdownHook = new Thread(() -> finish(Duration.ZERO), "scaleproof-kubeconfig-shutdown");
  }

  /**
   * Checks the cluster and the user's permissions, then creates the run's namespaces.
   *
   * @throws InvalidInputException if the kubeconfig is missing or does not parse, the context is
   *     not in it, the cluster cannot be reached, a permission is missing or a namespace of the run
   *     exists already; nothing has been created then
   */
  public static KubeconfigCluster connect(KubeconfigOptions options) {
    return connect(options, AccessReviewer::selfSubjectAccessReview);
  }

  /** As {@link #connect(KubeconfigOptions)}, with the permissions asked of {@code reviewers}. */
  static KubeconfigCluster connect(
      KubeconfigOptions options, Function<KubernetesClient, AccessReviewer> reviewers) {
    return connect(options, reviewers, ServiceAccess.LoopbackServices.REACHED_DIRECTLY);
  }

  /**
   * As {@link #connect(KubeconfigOptions, Function)}, reaching Services with a loopback ClusterIP
   * as {@code loopbackServices} says: the embedded cluster's are port-forwarded to test that path.
   */
  static KubeconfigCluster connect(
      KubeconfigOptions options,
      Function<KubernetesClient, AccessReviewer> reviewers,
      ServiceAccess.LoopbackServices loopbackServices) {
    KubeconfigFile kubeconfigFile = KubeconfigFile.load(options.kubeconfig(), options.context());
    RunNamespaces namespaces = new RunNamespaces(options);
    try (KubernetesClient probe =
        KubeClients.api(kubeconfigFile.clientConfig(CONNECT_TIMEOUT_MILLIS, 0))) {
      Reachability.require(probe, kubeconfigFile);
      RbacCheck.require(
          kubeconfigFile, reviewers.apply(probe), RbacCheck.required(namespaces.names()));
      namespaces.requireAbsent(probe, kubeconfigFile);
    }
    Path copy = options.runDirectory().resolve("kubeconfig");
    kubeconfigFile.writeTo(copy);
    KubernetesClient client =
        KubeClients.api(kubeconfigFile.clientConfig(CONNECT_TIMEOUT_MILLIS, DEFAULT_RETRIES));
    KubeconfigCluster cluster =
        new KubeconfigCluster(options, kubeconfigFile, copy, client, namespaces, loopbackServices);
    // Cleanup is registered before anything is created on the cluster.
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.components = Components.detect(client);
      namespaces.create(client);
      cluster.ruleFiles.start();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * The run's namespace for a logical one of the options, e.g. {@code apps} → {@code
   * sp-<runId>-apps}.
   *
   * @throws IllegalArgumentException if {@code logical} is not one of the run's
   */
  public String namespace(String logical) {
    return options.namespace(logical);
  }

  /** The run's namespaces, in the order of the options' logical namespaces. */
  public List<String> runNamespaces() {
    return namespaces.names();
  }

  /** Each logical namespace of the options stands for the run's namespace of that name. */
  @Override
  public NamespaceMapping namespaces() {
    Map<String, String> names = new LinkedHashMap<>();
    options.namespaces().forEach(logical -> names.put(logical, options.namespace(logical)));
    return NamespaceMapping.forRun(options.runId(), names);
  }

  /**
   * Where the cluster's Argo CD reads the run's pipeline from, as the options say: the repository
   * on this machine, or a Git server started in the run's {@code observability} namespace.
   */
  @Override
  public synchronized GitRemote gitRemote() {
    if (gitRemote == null) {
      gitRemote =
          options.git() == KubeconfigOptions.GitServing.LOCAL ? GitRemote.local() : inClusterGit();
    }
    return gitRemote;
  }

  /** The components found installed on the cluster when it was connected. */
  public List<Component> components() {
    return components;
  }

  /** The kubeconfig context the run uses. */
  public String context() {
    return kubeconfigFile.context();
  }

  public String runId() {
    return options.runId();
  }

  /**
   * Marks the run failed: with {@code keepNamespacesOnFailure}, {@link #close()} keeps the run's
   * namespaces as evidence.
   */
  public void markFailed() {
    failed.set(true);
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public List<HasMetadata> apply(Path manifests) {
    return apply(Manifests.load(manifests));
  }

  @Override
  public List<HasMetadata> apply(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> ClientSideApply.apply(client, o)).toList();
  }

  @Override
  public URI serviceUrl(String namespace, String name, int port) {
    return services.url(namespace, name, port);
  }

  /** How this run reaches Services, for tests of the port-forward path. */
  ServiceAccess serviceAccess() {
    return services;
  }

  @Override
  public String logs(String namespace, String pod) {
    try {
      Pod live = client.pods().inNamespace(namespace).withName(pod).get();
      if (live == null || live.getSpec().getContainers().isEmpty()) {
        return "";
      }
      Container first = live.getSpec().getContainers().get(0);
      String log =
          client.pods().inNamespace(namespace).withName(pod).inContainer(first.getName()).getLog();
      return log == null ? "" : log;
    } catch (KubernetesClientException e) {
      // A container not started yet has no log: the API answers 400 (waiting) or 404.
      if (e.getCode() == 400 || e.getCode() == 404) {
        return "";
      }
      throw e;
    }
  }

  /**
   * The run's copy of the kubeconfig, with only the context used: {@code kubectl --kubeconfig}
   * reaches the same cluster as the same user. It holds the context's credentials.
   */
  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public Path runDirectory() {
    return options.runDirectory();
  }

  /**
   * What closing did with the run's namespaces; closes the run first if it is not closed yet. Never
   * throws.
   */
  public Teardown teardown() {
    close();
    return teardown;
  }

  /**
   * Deletes the run's namespaces and waits until they are gone, or keeps them (failed run with
   * {@code keepNamespacesOnFailure}); closes the port-forwards and the client. Logs what it did.
   */
  @Override
  public void close() {
    Teardown done = finish(NAMESPACES_GONE);
    if (done != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running or has run.
      }
      String summary = "scaleproof run " + options.runId() + " on context " + context() + ": ";
      if (done.problems().isEmpty()) {
        LOG.info("{}{}", summary, done.summary());
      } else {
        LOG.warn("{}{}", summary, done.summary());
      }
    }
  }

  /**
   * The run's namespace that holds its in-cluster Git server ({@link
   * KubeconfigOptions#gitNamespace}).
   */
  public String gitNamespace() {
    return namespace(options.gitNamespace());
  }

  /** {@code git daemon} in the image the options give (the pinned Argo CD image has git and sh). */
  private GitRemote inClusterGit() {
    if (options.gitServerImage() == null) {
      throw new IllegalStateException(
          "the in-cluster Git server needs an image with git and sh: give"
              + " KubeconfigOptions.withGitServerImage (the pinned Argo CD image), or --git local");
    }
    return InClusterGit.start(this, gitNamespace(), options.gitServerImage());
  }

  /** The teardown, once; {@code null} to a second caller. */
  private synchronized Teardown finish(Duration wait) {
    if (teardown != null) {
      return null;
    }
    if (gitRemote != null) {
      gitRemote.close();
    }
    ruleFiles.close();
    services.close();
    if (failed.get() && options.keepNamespacesOnFailure()) {
      teardown = namespaces.keep();
    } else {
      // No retries: a cluster that went away is reported at once, not after the client's backoff.
      try (KubernetesClient cleanup =
          KubeClients.api(kubeconfigFile.clientConfig(CONNECT_TIMEOUT_MILLIS, 0))) {
        // The run's Application first: left alone, it would sync the namespaces back.
        String application = null;
        try {
          RunApplications.delete(cleanup, options.runId());
        } catch (RuntimeException e) {
          application =
              "could not delete the run's Argo CD Application ("
                  + Reachability.describe(e)
                  + "); delete it: kubectl delete applications.argoproj.io -n "
                  + GitOps.NAMESPACE
                  + " -l "
                  + RunNamespaces.RUN
                  + "="
                  + options.runId();
        }
        teardown = namespaces.delete(cleanup, wait);
        if (application != null) {
          teardown = teardown.withProblem(application);
        }
      } catch (RuntimeException e) {
        teardown =
            new Teardown(
                List.of(),
                List.of(),
                List.of(
                    "could not clean up ("
                        + Reachability.describe(e)
                        + "); delete the run's namespaces: kubectl delete namespace -l "
                        + RunNamespaces.RUN
                        + "="
                        + options.runId()));
      }
    }
    client.close();
    return teardown;
  }
}
