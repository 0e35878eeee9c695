package io.scaleproof.cluster.gitops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.NamespaceMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How a run declares its pipeline in Git: a repository seeded with a gitops directory (and the
 * directories its kustomization reaches outside it, at the same relative places), and the Argo CD
 * Application that syncs it — automated, with prune and self-heal.
 */
public final class GitOps {
  /** Where Argo CD's Applications live. */
  public static final String NAMESPACE = "argocd";

  /** {@code argoproj.io/v1alpha1} Applications. */
  public static final ResourceDefinitionContext APPLICATIONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withKind("Application")
          .withPlural("applications")
          .withNamespaced(true)
          .build();

  private GitOps() {}

  /**
   * Seeds a repository in {@code directory} from {@code gitops}, whose objects were read from
   * {@code sources}.
   *
   * @return the repository, and in {@link Seeded#path()} where the gitops directory lies in it
   */
  public static Seeded seed(Path directory, Path gitops, List<Manifests.Sourced> sources) {
    Layout layout = layout(gitops, sources);
    GitRepository repository =
        GitRepository.seed(
            directory,
            layout.root(),
            layout.directories(),
            "scaleproof: the pipeline of " + layout.path());
    return new Seeded(repository, layout.path());
  }

  /**
   * As {@link #seed(Path, Path, List)}, then, for a cluster whose namespaces have other names,
   * commits the pipeline's YAML files rewritten to them ({@link NamespaceMapping#apply}) as a
   * commit of its own, so the repository's history shows the declared files and what the run
   * changed.
   */
  public static Seeded seed(
      Path directory, Path gitops, List<Manifests.Sourced> sources, NamespaceMapping names) {
    Seeded seeded = seed(directory, gitops, sources);
    if (names.isIdentity()) {
      return seeded;
    }
    Map<String, String> mapped = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(GitOps::isManifest).toList()) {
        String text = Files.readString(file);
        String rewritten = names.apply(text);
        if (!rewritten.equals(text)) {
          mapped.put(directory.relativize(file).toString().replace('\\', '/'), rewritten);
        }
      }
    } catch (IOException e) {
      seeded.repository().close();
      throw new UncheckedIOException("cannot read the seeded repository " + directory, e);
    }
    if (!mapped.isEmpty()) {
      seeded.repository().commit("scaleproof: the run's namespaces " + names, mapped);
    }
    return seeded;
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file)
        && !file.toString().contains("/.git/")
        && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  /**
   * Where a seeded repository takes its files from, without seeding it: the closest common ancestor
   * of {@code gitops} and of the directories of the files it reaches outside it (e.g. {@code
   * ../../sample-apps/java/k8s}) becomes the repository's root.
   *
   * @param root the directory whose tree the repository holds
   * @param directories the directories copied into it, relative to {@code root}, the gitops
   *     directory first ({@code "."} for the root itself)
   * @param path where the gitops directory lies in the repository
   */
  public record Layout(Path root, List<String> directories, String path) {
    public Layout {
      directories = List.copyOf(directories);
    }
  }

  /** The {@link Layout} of a repository seeded from {@code gitops}, read from {@code sources}. */
  public static Layout layout(Path gitops, List<Manifests.Sourced> sources) {
    Path pipeline = gitops.toAbsolutePath().normalize();
    // The pipeline's directory, and the directories of the files it reaches outside it.
    Set<Path> directories = new LinkedHashSet<>();
    directories.add(pipeline);
    for (Manifests.Sourced source : sources) {
      Path parent = source.file().toAbsolutePath().normalize().getParent();
      if (!parent.startsWith(pipeline)) {
        directories.add(parent);
      }
    }
    // Their closest common ancestor becomes the repository's root.
    Path root = pipeline;
    for (Path dir : directories) {
      while (!dir.startsWith(root)) {
        root = root.getParent();
      }
    }
    List<String> paths = new ArrayList<>();
    for (Path dir : directories) {
      paths.add(relative(root, dir));
    }
    return new Layout(root, paths, relative(root, pipeline));
  }

  private static String relative(Path root, Path dir) {
    String relative = root.relativize(dir).toString();
    return relative.isEmpty() ? "." : relative;
  }

  /** A seeded repository and the path of the pipeline in it. */
  public record Seeded(GitRepository repository, String path) {}

  /**
   * The Application that syncs {@code path} of {@code repository} at {@code main}: automated sync
   * with prune and self-heal, the destination namespace created if missing.
   */
  public static GenericKubernetesResource application(
      String name, GitRepository repository, String path, String destinationNamespace) {
    return application(name, repository.url(), path, destinationNamespace);
  }

  /** As {@link #application(String, GitRepository, String, String)}, for a repository's URL. */
  public static GenericKubernetesResource application(
      String name, String repositoryUrl, String path, String destinationNamespace) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("repoURL", repositoryUrl);
    source.put("path", path);
    source.put("targetRevision", GitRepository.BRANCH);
    Map<String, Object> automated = new LinkedHashMap<>();
    automated.put("prune", true);
    automated.put("selfHeal", true);
    Map<String, Object> syncPolicy = new LinkedHashMap<>();
    syncPolicy.put("automated", automated);
    syncPolicy.put("syncOptions", List.of("CreateNamespace=true"));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("project", "default");
    spec.put("source", source);
    spec.put(
        "destination",
        Map.of("server", "https://kubernetes.default.svc", "namespace", destinationNamespace));
    spec.put("syncPolicy", syncPolicy);
    GenericKubernetesResource application = new GenericKubernetesResource();
    application.setApiVersion("argoproj.io/v1alpha1");
    application.setKind("Application");
    application.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    application.setAdditionalProperty("spec", spec);
    return application;
  }

  /**
   * Asks Argo CD to compare the Application with Git now, as {@code argocd app get --refresh} does:
   * the annotation {@code argocd.argoproj.io/refresh: normal}, which the controller removes. Such a
   * refresh resolves the revision afresh and reports a repository error at once.
   */
  public static void requestRefresh(KubernetesClient client, String application) {
    client
        .genericKubernetesResources(APPLICATIONS)
        .inNamespace(NAMESPACE)
        .withName(application)
        .edit(
            live -> {
              Map<String, String> annotations = new LinkedHashMap<>();
              if (live.getMetadata().getAnnotations() != null) {
                annotations.putAll(live.getMetadata().getAnnotations());
              }
              annotations.put("argocd.argoproj.io/refresh", "normal");
              live.getMetadata().setAnnotations(annotations);
              return live;
            });
  }
}
