package io.scaleproof.cluster.kubeconfig;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * How a run connects to an existing cluster.
 *
 * @param kubeconfig the kubeconfig file to read
 * @param context the context of that file to use; {@code null} for its {@code current-context}
 * @param runDirectory where the run writes its files (its own copy of the kubeconfig among them)
 * @param runId names the run's namespaces ({@code sp-<runId>-<logical>}) and labels them; a DNS
 *     label, unique among the runs that share the cluster
 * @param keepNamespacesOnFailure keep the run's namespaces, as evidence, when the run was marked
 *     failed
 * @param namespaces the logical namespaces the run gets one namespace each for, e.g. {@code apps}
 * @param git where the cluster's Argo CD reads the run's pipeline repository from
 * @param gitServerImage the image the in-cluster Git server runs (an image with {@code git} and
 *     {@code sh}, such as Argo CD's: a cluster that runs Argo CD has it already); needed for {@link
 *     GitServing#IN_CLUSTER}, null until given
 */
public record KubeconfigOptions(
    Path kubeconfig,
    String context,
    Path runDirectory,
    String runId,
    boolean keepNamespacesOnFailure,
    List<String> namespaces,
    GitServing git,
    String gitServerImage) {

  /** Where the cluster's Argo CD reads the run's pipeline repository from. */
  public enum GitServing {
    /**
     * From a Git server the run starts in its Git namespace ({@link #gitNamespace}) and pushes to
     * through a port-forward: for any cluster.
     */
    IN_CLUSTER,
    /**
     * From the repository on this machine, by its {@code file://} URL: only for an Argo CD that
     * shares this machine's file system, as the embedded cluster's does.
     */
    LOCAL
  }

  /**
   * The namespaces scaleproof's own pipeline declares in {@code cluster/gitops/namespaces.yaml}; a
   * project's are given with {@link #withNamespaces}.
   */
  public static final List<String> PIPELINE_NAMESPACES = List.of("apps", "observability");

  private static final String PREFIX = "sp-";
  private static final int MAX_NAMESPACE_LENGTH = 63;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  public KubeconfigOptions {
    Objects.requireNonNull(
        kubeconfig, "kubeconfig: give the kubeconfig file, e.g. ~/.kube/config or $KUBECONFIG");
    Objects.requireNonNull(runDirectory, "runDirectory: give the directory for the run's files");
    if (context != null && context.isBlank()) {
      throw new IllegalArgumentException(
          "context: give a context name, or null for the kubeconfig's current-context");
    }
    Objects.requireNonNull(git, "git: give where Argo CD reads the repository from");
    Objects.requireNonNull(runId, "runId: give a run id, e.g. from KubeconfigOptions.defaults()");
    requireLabel("runId", runId);
    Objects.requireNonNull(namespaces, "namespaces: give the run's logical namespaces");
    namespaces = List.copyOf(namespaces);
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException(
          "namespaces: give at least one logical namespace, e.g. " + PIPELINE_NAMESPACES);
    }
    for (String logical : namespaces) {
      requireLabel("namespaces", logical);
      String name = PREFIX + runId + "-" + logical;
      if (name.length() > MAX_NAMESPACE_LENGTH) {
        throw new IllegalArgumentException(
            "runId: namespace "
                + name
                + " would be longer than "
                + MAX_NAMESPACE_LENGTH
                + " characters; give a shorter run id");
      }
    }
  }

  private static void requireLabel(String field, String value) {
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + ": '"
              + value
              + "' is not a DNS label; use lowercase letters, digits and '-', starting and"
              + " ending with a letter or digit");
    }
  }

  /**
   * The kubeconfig kubectl would read ({@code $KUBECONFIG}, else {@code ~/.kube/config}), its
   * current context, a fresh run directory under {@code target/scaleproof-runs} of the working
   * directory, a new run id, namespaces deleted after every run, and the pipeline's namespaces.
   */
  public static KubeconfigOptions defaults() {
    LocalDateTime now = LocalDateTime.now();
    String stamp = now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    Path runs = Path.of("target", "scaleproof-runs").toAbsolutePath();
    return new KubeconfigOptions(
        defaultKubeconfig(System.getenv("KUBECONFIG"), Path.of(System.getProperty("user.home"))),
        null,
        runs.resolve("run-" + stamp + "-" + ProcessHandle.current().pid()),
        newRunId(now),
        false,
        PIPELINE_NAMESPACES,
        GitServing.IN_CLUSTER,
        null);
  }

  /**
   * The first file of {@code $KUBECONFIG} if it is set, else {@code ~/.kube/config}. kubectl merges
   * every file {@code $KUBECONFIG} lists; a run reads one, so give the one with your context.
   */
  static Path defaultKubeconfig(String kubeconfigEnv, Path home) {
    if (kubeconfigEnv != null) {
      for (String entry : kubeconfigEnv.split(Pattern.quote(File.pathSeparator))) {
        if (!entry.isBlank()) {
          return Path.of(entry.strip());
        }
      }
    }
    return home.resolve(".kube").resolve("config");
  }

  /** A short id that sorts by time: {@code MMddHHmmss} and two random letters or digits. */
  private static String newRunId(LocalDateTime now) {
    int random = ThreadLocalRandom.current().nextInt(36 * 36);
    String suffix = Integer.toString(random, 36);
    return now.format(DateTimeFormatter.ofPattern("MMddHHmmss"))
        + (suffix.length() == 1 ? "0" + suffix : suffix);
  }

  /**
   * The namespace of this run that stands for {@code logical}: {@code sp-<runId>-<logical>}.
   *
   * @throws IllegalArgumentException if {@code logical} is not one of {@link #namespaces()}
   */
  public String namespace(String logical) {
    if (!namespaces.contains(logical)) {
      throw new IllegalArgumentException(
          "'" + logical + "' is not a namespace of the run; it has " + namespaces);
    }
    return PREFIX + runId + "-" + logical;
  }

  public KubeconfigOptions withKubeconfig(Path kubeconfig) {
    return new KubeconfigOptions(
        kubeconfig,
        context,
        runDirectory,
        runId,
        keepNamespacesOnFailure,
        namespaces,
        git,
        gitServerImage);
  }

  /** The logical namespace the in-cluster Git server runs in: the last of {@link #namespaces}. */
  public String gitNamespace() {
    return namespaces.get(namespaces.size() - 1);
  }

  /** A named context of the kubeconfig; {@code null} for its current-context. */
  public KubeconfigOptions withContext(String context) {
    return new KubeconfigOptions(
        kubeconfig,
        context,
        runDirectory,
        runId,
        keepNamespacesOnFailure,
        namespaces,
        git,
        gitServerImage);
  }

  public KubeconfigOptions withRunDirectory(Path runDirectory) {
    return new KubeconfigOptions(
        kubeconfig,
        context,
        runDirectory,
        runId,
        keepNamespacesOnFailure,
        namespaces,
        git,
        gitServerImage);
  }

  public KubeconfigOptions withRunId(String runId) {
    return new KubeconfigOptions(
        kubeconfig,
        context,
        runDirectory,
        runId,
        keepNamespacesOnFailure,
        namespaces,
        git,
        gitServerImage);
  }

  public KubeconfigOptions withKeepNamespacesOnFailure(boolean keepNamespacesOnFailure) {
    return new KubeconfigOptions(
        kubeconfig,
        context,
        runDirectory,
        runId,
        keepNamespacesOnFailure,
        namespaces,
        git,
        gitServerImage);
  }

  /**
   * The logical namespaces of the run: a project's pipeline's, its services' first. The last one
   * holds the run's in-cluster Git server ({@link #gitNamespace}), so it should hold no service
   * under test.
   */
  public KubeconfigOptions withNamespaces(List<String> namespaces) {
    return new KubeconfigOptions(
        kubeconfig,
        context,
        runDirectory,
        runId,
        keepNamespacesOnFailure,
        namespaces,
        git,
        gitServerImage);
  }

  /** The image the in-cluster Git server runs, e.g. the pinned Argo CD image. */
  public KubeconfigOptions withGitServerImage(String image) {
    return new KubeconfigOptions(
        kubeconfig, context, runDirectory, runId, keepNamespacesOnFailure, namespaces, git, image);
  }

  public KubeconfigOptions withGit(GitServing git) {
    return new KubeconfigOptions(
        kubeconfig,
        context,
        runDirectory,
        runId,
        keepNamespacesOnFailure,
        namespaces,
        git,
        gitServerImage);
  }
}
