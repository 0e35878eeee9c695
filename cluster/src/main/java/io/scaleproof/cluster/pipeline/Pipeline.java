package io.scaleproof.cluster.pipeline;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.GitRemote;
import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.Kustomization;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.gitops.SyncOrder;
import io.scaleproof.cluster.provision.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The declared pipeline of {@code cluster/gitops} (or a team's gitops directory), rendered as Argo
 * CD renders an Application's path: its objects, the files that declare them, their sync waves.
 * Checked by the real programs before anything starts, then installed through Git — a repository
 * seeded with it, and an Argo CD Application that syncs it sync wave by sync wave, each wave
 * healthy before the next.
 *
 * <ul>
 *   <li>{@link #validate} runs {@code otelcol validate} on every {@code OpenTelemetryCollector}'s
 *       config and {@code promtool check rules} on every {@code PrometheusRule}; a refusal stops
 *       the run with the program's own message, the file and the object ({@link
 *       PipelineValidator}).
 *   <li>{@link #install} seeds the Git repository and creates the Application; Argo CD applies wave
 *       by wave (annotation {@code argocd.argoproj.io/sync-wave}, default 0; within a wave, its
 *       kind order), and the install waits until each Deployment of the wave (and each collector's
 *       Deployment) has all its replicas ready, then for the Application to be Synced ({@link
 *       PipelineInstaller}).
 * </ul>
 */
public final class Pipeline {
  /** The Argo CD Application that syncs the pipeline. */
  public static final String APPLICATION = "scaleproof-pipeline";

  private final Path source;
  private final List<Manifests.Sourced> objects;

  private Pipeline(Path source, List<Manifests.Sourced> objects) {
    this.source = source;
    this.objects = objects;
  }

  /**
   * The pipeline in {@code gitops}, rendered as Argo CD renders an Application's path: the
   * kustomization there, else the directory's own manifest files (not its subdirectories, as Argo
   * CD's {@code directory.recurse} defaults to false).
   *
   * @throws InvalidInputException naming the file and the field of a manifest that cannot be read
   */
  public static Pipeline load(Path gitops) {
    if (Files.isRegularFile(gitops.resolve("kustomization.yaml"))) {
      return new Pipeline(gitops, Kustomization.load(gitops));
    }
    List<Manifests.Sourced> objects = new ArrayList<>();
    try (var files = Files.list(gitops)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
              .sorted()
              .toList()) {
        objects.addAll(Manifests.loadSourced(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the pipeline's directory " + gitops, e);
    }
    return new Pipeline(gitops, objects);
  }

  /** The project's own pipeline, {@code cluster/gitops}. */
  public static Pipeline declared() {
    return load(ProjectFiles.find("cluster/gitops"));
  }

  public Path source() {
    return source;
  }

  public List<HasMetadata> objects() {
    return objects.stream().map(Manifests.Sourced::object).toList();
  }

  /** The declared objects with the files that declare them, in the order they were read. */
  List<Manifests.Sourced> sourced() {
    return objects;
  }

  /**
   * The file that declares the object of {@code kind} named {@code name}, relative to the
   * pipeline's directory (as {@link Installed#read} and {@link Installed#commit} take it), if the
   * pipeline declares one.
   */
  public Optional<String> declaringFile(String kind, String name) {
    return declaringFile(object -> kind.equals(object.getKind()) && name.equals(nameOf(object)));
  }

  /**
   * As {@link #declaringFile(String, String)}, for the object in {@code namespace} (an object
   * declared without one is in {@code default}, as Argo CD applies it).
   */
  public Optional<String> declaringFile(String kind, String namespace, String name) {
    return declaringFile(
        object ->
            kind.equals(object.getKind())
                && name.equals(nameOf(object))
                && namespace.equals(namespaceOf(object)));
  }

  /**
   * The file on disk that declares the object of {@code kind} in {@code namespace} named {@code
   * name}, for errors that point at it; the pipeline's directory when it declares none.
   */
  public Path declaringPath(String kind, String namespace, String name) {
    return declaringFile(kind, namespace, name)
        .map(relative -> source.resolve(relative).normalize())
        .orElse(source);
  }

  private Optional<String> declaringFile(Predicate<HasMetadata> which) {
    return objects.stream()
        .filter(declared -> which.test(declared.object()))
        .map(declared -> source.relativize(declared.file()).toString().replace('\\', '/'))
        .findFirst();
  }

  private static String nameOf(HasMetadata object) {
    return object.getMetadata().getName();
  }

  /** The namespace an object is applied to: its own, or {@code default}. */
  public static String namespaceOf(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }

  /**
   * The declared objects grouped by sync wave ({@link SyncOrder#wave}: as Argo CD reads the
   * annotation), lowest wave first, each wave in the order Argo CD applies it ({@link
   * SyncOrder#withinWave()}: kind order, then name). The map and its lists are unmodifiable.
   */
  public SortedMap<Integer, List<Manifests.Sourced>> syncWaves() {
    TreeMap<Integer, List<Manifests.Sourced>> waves = new TreeMap<>();
    for (Manifests.Sourced declared : objects) {
      waves
          .computeIfAbsent(SyncOrder.wave(declared.object()), w -> new ArrayList<>())
          .add(declared);
    }
    Comparator<Manifests.Sourced> order =
        Comparator.comparing(Manifests.Sourced::object, SyncOrder.withinWave());
    waves.replaceAll((wave, members) -> members.stream().sorted(order).toList());
    return Collections.unmodifiableSortedMap(waves);
  }

  /**
   * Provides every tool of the catalog (building them on a machine's first run), then checks every
   * collector config with {@code otelcol validate} and every rule group with {@code promtool check
   * rules}.
   *
   * @throws InvalidInputException with the program's message, naming the file and the object; or
   *     naming the program that did not finish within its time
   */
  public void validate(Tools tools) {
    new PipelineValidator(tools).validate(objects);
  }

  /**
   * Checks one object with the real program for its kind; empty when it passes, or when no program
   * checks that kind.
   *
   * @param scratch a directory for the files the programs read
   */
  public static Optional<Refusal> refusal(Tools tools, Path scratch, HasMetadata object) {
    return new PipelineValidator(tools).refusal(scratch, object);
  }

  /**
   * The installed pipeline: how long each wave took, the Git repository it is synced from, the
   * Application that syncs it, and the names its namespaces have on the cluster.
   *
   * @param waves each sync wave's time from the start of the install to the wave being healthy
   * @param repository the run's repository on this machine
   * @param path where the pipeline's directory lies in the repository
   * @param application the name of the Argo CD Application (in {@link GitOps#NAMESPACE}) that syncs
   *     it
   * @param namespaces the names the declared namespaces have on the cluster
   * @param remote where the cluster's Argo CD reads the repository
   */
  public record Installed(
      Map<Integer, Duration> waves,
      Path repository,
      String path,
      String application,
      NamespaceMapping namespaces,
      GitRemote remote) {
    public Installed {
      waves = Map.copyOf(waves);
    }

    /**
     * Pushes a change: commits it to the repository Argo CD syncs the pipeline from, with the
     * cluster's namespace names, and brings it to where Argo CD reads it. Paths are relative to the
     * pipeline's directory; a null content deletes the file.
     *
     * @return the commit's SHA
     */
    public String commit(String message, Map<String, String> changes) {
      Map<String, String> changed = new LinkedHashMap<>();
      changes.forEach(
          (file, content) ->
              changed.put(inRepository(file), content == null ? null : namespaces.apply(content)));
      try (GitRepository git = GitRepository.open(repository)) {
        String sha = git.commit(message, changed);
        remote.push(git);
        return sha;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Where a file of the pipeline is in the repository: under the pipeline's path, so that a file
     * the pipeline references from outside its directory ({@code ../../sample-apps/...}) lands
     * where the seed put it.
     */
    private String inRepository(String file) {
      return Path.of(path).resolve(file).normalize().toString().replace('\\', '/');
    }

    /** A file of the pipeline as the repository's last commit has it. */
    public String read(String file) {
      try {
        return Files.readString(repository.resolve(inRepository(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The Argo CD Application {@link #APPLICATION} that syncs the pipeline from {@code path} of the
   * repository at {@code repositoryUrl}, as {@link #install} creates it on the embedded cluster:
   * automated sync with prune and self-heal, into namespace {@code default}.
   */
  public static GenericKubernetesResource application(String repositoryUrl, String path) {
    return PipelineInstaller.application(repositoryUrl, path, NamespaceMapping.identity());
  }

  /**
   * Installs the pipeline through Git, as Argo CD does it: seeds a Git repository in the run's
   * directory with the pipeline's files (in the cluster's {@linkplain Cluster#namespaces()
   * namespaces}), makes it readable by the cluster's Argo CD ({@link Cluster#gitRemote()}), creates
   * the Application that syncs it (automated, prune, self-heal), and waits, within {@code
   * waveTimeout} per wave, for every Deployment of each wave to have all its replicas ready, then
   * for the Application to be Synced with its sync succeeded.
   *
   * @return each wave's time from the start of the install to the wave being healthy, and the
   *     repository
   * @throws IllegalStateException naming what is not ready, and why its pods are not, or what the
   *     Application reports
   */
  public Installed install(Cluster cluster, Duration waveTimeout) {
    return new PipelineInstaller(this).install(cluster, waveTimeout);
  }
}
