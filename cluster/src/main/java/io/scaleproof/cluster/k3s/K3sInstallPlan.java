package io.scaleproof.cluster.k3s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything the k3s backend installs, in order, derived from {@code cluster/k3s/components.yaml}
 * and the declared pipeline, before anything starts:
 *
 * <ol>
 *   <li>the k3s image;
 *   <li>the platform components, in install order (version, manifests, namespace, what is awaited);
 *   <li>the sample app images, built from their Dockerfiles and loaded into k3s;
 *   <li>the Argo CD Application that syncs the pipeline;
 *   <li>the pipeline's objects per sync wave, in the order Argo CD applies them;
 *   <li>every image all of this runs, sorted and de-duplicated: what an offline cluster must have
 *       preloaded.
 * </ol>
 *
 * <p>Immutable. {@link #render()} gives the plan as stable text for review; paths in it are
 * relative to {@link #root()}.
 */
public final class K3sInstallPlan {
  /** The repository URL the plan's Application shows: the k3s backend seeds it at install. */
  static final String SEEDED_REPOSITORY = "seeded-by-the-k3s-backend";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final K3sComponents platform;
  private final GitOps.Layout layout;
  private final List<ImageBuild> builds;
  private final GenericKubernetesResource application;
  private final SortedMap<Integer, List<Manifests.Sourced>> waves;
  private final SortedSet<String> images;

  private K3sInstallPlan(
      K3sComponents platform,
      GitOps.Layout layout,
      List<ImageBuild> builds,
      SortedMap<Integer, List<Manifests.Sourced>> waves,
      SortedSet<String> images) {
    this.platform = platform;
    this.layout = layout;
    this.builds = List.copyOf(builds);
    this.application = Pipeline.application(SEEDED_REPOSITORY, layout.path());
    this.waves = waves;
    this.images = Collections.unmodifiableSortedSet(images);
  }

  /** The project's plan: {@code cluster/k3s/components.yaml} and {@code cluster/gitops}. */
  public static K3sInstallPlan declared() {
    return derive(K3sComponents.declared(), Pipeline.declared());
  }

  /**
   * Derives the plan of installing {@code pipeline} on a k3s cluster with {@code platform}.
   *
   * @throws InvalidInputException for a sync wave that is not a number, or a pipeline image that is
   *     not pinned, naming the file and the field
   */
  public static K3sInstallPlan derive(K3sComponents platform, Pipeline pipeline) {
    SortedMap<Integer, List<Manifests.Sourced>> waves = pipeline.syncWaves();
    List<Manifests.Sourced> objects = waves.values().stream().flatMap(List::stream).toList();
    SortedSet<String> images = new TreeSet<>();
    images.add(platform.k3sImage());
    for (K3sComponent component : platform.components()) {
      images.addAll(component.images());
      images.addAll(component.autoInstrumentation().values());
    }
    Map<String, ImageBuild> builds = new LinkedHashMap<>();
    for (Manifests.Sourced declared : objects) {
      for (String image : DeclaredImages.of(declared)) {
        images.add(image);
        ImageBuild.of(image, declared.file()).ifPresent(build -> builds.putIfAbsent(image, build));
      }
    }
    GitOps.Layout layout = GitOps.layout(pipeline.source(), objects);
    return new K3sInstallPlan(platform, layout, new ArrayList<>(builds.values()), waves, images);
  }

  /** The k3s image the cluster runs. */
  public String k3sImage() {
    return platform.k3sImage();
  }

  /** The platform components, in install order. */
  /** The image the in-cluster Git server runs: the pinned Argo CD image (it has git and sh). */
  public String gitServerImage() {
    return platform.argoCdImage();
  }

  public List<K3sComponent> components() {
    return platform.components();
  }

  /** The pinned Argo CD image; see {@link K3sComponents#argoCdImage()}. */
  public String argoCdImage() {
    return platform.argoCdImage();
  }

  /** The images built from the project and loaded into k3s, in the pipeline's sync order. */
  public List<ImageBuild> builds() {
    return builds;
  }

  /**
   * The Argo CD Application that syncs the pipeline, as {@link Pipeline#application} makes it; its
   * {@code repoURL} stands for the repository the k3s backend seeds. A copy: changes to it do not
   * change the plan.
   */
  public GenericKubernetesResource application() {
    return JSON.clone(application);
  }

  /** The pipeline's objects per sync wave, lowest first, each wave in Argo CD's order. */
  public SortedMap<Integer, List<Manifests.Sourced>> waves() {
    return waves;
  }

  /** Every image the backend needs, sorted and de-duplicated. */
  public SortedSet<String> images() {
    return images;
  }

  /**
   * The directory the plan's paths are relative to: the root of the repository the pipeline is
   * seeded into (the project's root for {@code cluster/gitops}).
   */
  public Path root() {
    return layout.root();
  }

  /** The file the platform was read from. */
  Path componentsFile() {
    return platform.source();
  }

  /** The repository's layout: the pipeline's path in it and the directories it holds. */
  GitOps.Layout layout() {
    return layout;
  }

  /** The plan as text, line by line in install order; the same inputs give the same text. */
  public String render() {
    return InstallPlanText.render(this);
  }
}
