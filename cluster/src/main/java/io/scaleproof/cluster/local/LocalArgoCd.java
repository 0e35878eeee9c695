package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.Namespaces;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.provision.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real Argo CD on the local control plane: its CRDs and the application controller's RBAC from the
 * release's manifests (cached with the binary), the settings a fresh install has (argocd-cm,
 * argocd-secret, the {@code default} AppProject), and three local processes on the run's address:
 * the in-memory Redis, the repo server (rendering the run's {@code file://} Git repository with
 * kustomize) and the application controller, acting as the {@code argocd-application-controller}
 * service account. The Application the run creates is synced by that controller.
 *
 * <p>The controller reaches the cluster the way Argo CD's own core mode does on a workstation: the
 * {@code in-cluster} destination {@code https://kubernetes.default.svc} resolves to its kubeconfig
 * ({@code ARGOCD_FAKE_IN_CLUSTER}).
 */
final class LocalArgoCd extends LocalComponent {
  private static final String ACCOUNT = "argocd-application-controller";
  private static final int REDIS_PORT = 6379;
  private static final int REPO_SERVER_PORT = 8181;
  private static final int REPO_SERVER_METRICS_PORT = 8184;
  private static final int CONTROLLER_METRICS_PORT = 8182;
  private static final int COMMIT_SERVER_PORT = 8186;
  // A hang guard: each program is ready in about a second warm.
  private static final Duration READY = Duration.ofSeconds(60);

  private LocalArgoCd(Path runDirectory) {
    super(runDirectory);
  }

  /**
   * Installs and starts Argo CD; returns when the controller serves its health endpoint.
   *
   * @param gitPollInterval how often the controller compares the Application with Git (Argo CD's
   *     {@code timeout.reconciliation})
   * @throws ComponentFailedException when a program exits or never becomes ready (everything
   *     started here is stopped first)
   */
  static LocalArgoCd start(
      LocalControlPlane plane,
      KubernetesClient client,
      Path directory,
      String address,
      Tools tools,
      Duration gitPollInterval) {
    return LocalComponent.installed(
        new LocalArgoCd(directory),
        c -> {
          c.install(
              plane,
              client,
              directory.resolve("argocd"),
              address,
              tools.directory("argo-cd"),
              tools.directory("kustomize"),
              gitPollInterval);
        });
  }

  /** The repo server runs the system's git, as its image carries one. */
  private static Path git() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path git = Path.of(dir.isEmpty() ? "." : dir, "git");
      if (Files.isExecutable(git)) {
        return git;
      }
    }
    throw new ComponentFailedException(
        "argocd-repo-server",
        "needs git on the PATH to read the run's repository, and there is none",
        "",
        "install git (Debian: apt-get install git) and run again");
  }

  private void install(
      LocalControlPlane plane,
      KubernetesClient client,
      Path directory,
      String address,
      Path release,
      Path kustomize,
      Duration gitPollInterval) {
    Path git = git();
    Namespaces.ensure(client, GitOps.NAMESPACE);
    List<HasMetadata> definitions =
        new ArrayList<>(Manifests.load(release.resolve("manifests/manifests/crds")));
    definitions.addAll(
        Manifests.load(release.resolve("manifests/manifests/cluster-rbac/application-controller")));
    ServerSideApply.applyAndEstablish(client, definitions);
    ServerSideApply.applyAndEstablish(client, settings());

    Path temp = directory.resolve("tmp");
    try {
      Files.createDirectories(temp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path binary = release.resolve("cmd");
    String redis = address + ":" + REDIS_PORT;
    LocalProcess redisServer =
        programs.launch("argocd-redis", release.resolve("redis"), List.of(redis), Map.of());
    LocalPrograms.awaitReady(redisServer, READY, () -> LocalPrograms.listens(address, REDIS_PORT));

    long seconds = Math.max(1, gitPollInterval.toSeconds());
    Map<String, String> repoEnv = new HashMap<>();
    repoEnv.put("ARGOCD_BINARY_NAME", "argocd-repo-server");
    // What its image has on the PATH: kustomize, Argo CD's git-verify-wrapper.sh (copied beside
    // the binary by the build) and git.
    repoEnv.put("PATH", kustomize + ":" + release + ":" + git.getParent());
    repoEnv.put("TMPDIR", temp.toString());
    repoEnv.put("ARGOCD_GPG_ENABLED", "false");
    LocalProcess repoServer =
        programs.launch(
            "argocd-repo-server",
            binary,
            List.of(
                "--address=" + address,
                "--port=" + REPO_SERVER_PORT,
                "--metrics-address=" + address,
                "--metrics-port=" + REPO_SERVER_METRICS_PORT,
                "--redis=" + redis,
                // A commit is seen at the next comparison, not when a cached ls-remote expires.
                "--revision-cache-expiration=" + seconds + "s",
                "--disable-tls",
                "--client-ca-path=",
                "--logformat=text"),
            repoEnv);
    HealthProbe probe = new HealthProbe(plane.pki().caCertificate());
    LocalPrograms.awaitReady(
        repoServer,
        READY,
        () ->
            probe.ok("http://" + address + ":" + REPO_SERVER_METRICS_PORT + "/healthz", "ok")
                && LocalPrograms.listens(address, REPO_SERVER_PORT));

    Path kubeconfig =
        plane.kubeconfigForServiceAccount(client, "argocd", GitOps.NAMESPACE, ACCOUNT);
    Map<String, String> controllerEnv = new HashMap<>();
    controllerEnv.put("ARGOCD_BINARY_NAME", "argocd-application-controller");
    controllerEnv.put("KUBECONFIG", kubeconfig.toString());
    controllerEnv.put("ARGOCD_FAKE_IN_CLUSTER", "true");
    controllerEnv.put("TMPDIR", temp.toString());
    // Read by scaleproof's build of the controller (cluster/tools/argo-cd/prepare.json).
    controllerEnv.put("ARGOCD_APPLICATION_CONTROLLER_METRICS_HOST", address);
    LocalProcess controller =
        programs.launch(
            "argocd-application-controller",
            binary,
            List.of(
                "--kubeconfig=" + kubeconfig,
                "--namespace=" + GitOps.NAMESPACE,
                "--repo-server=" + address + ":" + REPO_SERVER_PORT,
                "--repo-server-plaintext",
                "--commit-server=" + address + ":" + COMMIT_SERVER_PORT,
                "--redis=" + redis,
                "--metrics-port=" + CONTROLLER_METRICS_PORT,
                "--app-resync=" + seconds,
                "--app-resync-jitter=0",
                "--status-processors=5",
                "--operation-processors=5",
                "--logformat=text"),
            controllerEnv);
    LocalPrograms.awaitReady(
        controller,
        READY,
        () -> probe.ok("http://" + address + ":" + CONTROLLER_METRICS_PORT + "/healthz", "ok"));
  }

  /** What a fresh install has before any Application: its settings and the default project. */
  private static List<HasMetadata> settings() {
    Map<String, String> partOf = Map.of("app.kubernetes.io/part-of", "argocd");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    GenericKubernetesResource project = new GenericKubernetesResource();
    project.setApiVersion("argoproj.io/v1alpha1");
    project.setKind("AppProject");
    project.setMetadata(
        new ObjectMetaBuilder().withName("default").withNamespace(GitOps.NAMESPACE).build());
    project.setAdditionalProperty(
        "spec",
        Map.of(
            "sourceRepos", List.of("*"),
            "destinations", List.of(Map.of("server", "*", "namespace", "*")),
            "clusterResourceWhitelist", List.of(Map.of("group", "*", "kind", "*"))));
    return List.of(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("argocd-cm")
            .withNamespace(GitOps.NAMESPACE)
            .withLabels(partOf)
            .endMetadata()
            .build(),
        new SecretBuilder()
            .withNewMetadata()
            .withName("argocd-secret")
            .withNamespace(GitOps.NAMESPACE)
            .withLabels(partOf)
            .endMetadata()
            .addToData("server.secretkey", Base64.getEncoder().encodeToString(key))
            .build(),
        project);
  }
}
