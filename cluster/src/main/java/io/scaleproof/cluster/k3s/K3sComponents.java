package io.scaleproof.cluster.k3s;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.YamlMapping;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The k3s backend's pinned platform, read from {@code cluster/k3s/components.yaml}: the k3s image,
 * and the components installed before the pipeline, in install order. Every field is checked when
 * the file is read; a wrong one is an {@link InvalidInputException} naming the file and the field
 * ({@code components[2].version}). Immutable.
 */
public final class K3sComponents {
  /** Where the project keeps its pins. */
  public static final String FILE = "cluster/k3s/components.yaml";

  /** Argo CD's image, without its tag. */
  public static final String ARGO_CD_IMAGE = "quay.io/argoproj/argocd:";

  /** The languages of an Instrumentation's spec, each with its own agent image. */
  static final Set<String> LANGUAGES =
      Set.of("java", "nodejs", "python", "dotnet", "go", "apacheHttpd", "nginx");

  private static final Set<String> COMPONENT_FIELDS =
      Set.of(
          "name",
          "version",
          "manifests",
          "namespace",
          "detect",
          "awaits",
          "images",
          "autoInstrumentation");

  private final Path source;
  private final String k3sImage;
  private final List<K3sComponent> components;

  private K3sComponents(Path source, String k3sImage, List<K3sComponent> components) {
    this.source = source;
    this.k3sImage = k3sImage;
    this.components = List.copyOf(components);
  }

  /** The project's own pins, {@value #FILE}. */
  public static K3sComponents declared() {
    return load(ProjectFiles.find(FILE));
  }

  /**
   * Reads a components file.
   *
   * @throws InvalidInputException naming the file and the field that is missing or wrong
   */
  public static K3sComponents load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    YamlMapping root =
        YamlMapping.file(absolute, "Start it with 'k3s:'").allowOnly(Set.of("k3s", "components"));
    YamlMapping k3s = root.section("k3s").allowOnly(Set.of("image"));
    String image =
        PinnedImage.check(
            absolute, k3s.at("image"), k3s.string("image", "e.g. rancher/k3s:v1.36.4-k3s1"));
    List<K3sComponent> components = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlMapping fields : root.sections("components", "List the components in order")) {
      K3sComponent component = component(fields);
      if (!names.add(component.name())) {
        throw fields.invalid(fields.at("name"), "repeats '" + component.name() + "'", "");
      }
      components.add(component);
    }
    return new K3sComponents(absolute, image, components);
  }

  /** The file these pins were read from. */
  public Path source() {
    return source;
  }

  /** The k3s image the cluster runs, e.g. {@code rancher/k3s:v1.36.4-k3s1}. */
  public String k3sImage() {
    return k3sImage;
  }

  /** The platform components, in install order. */
  public List<K3sComponent> components() {
    return components;
  }

  /**
   * The pinned Argo CD image, {@value #ARGO_CD_IMAGE}{@code <version>}: it has {@code git} and
   * {@code sh}, so the in-cluster Git server runs it too and a cluster needs no other image.
   *
   * @throws InvalidInputException naming the file if no component pins that image
   */
  public String argoCdImage() {
    return components.stream()
        .flatMap(component -> component.images().stream())
        .filter(image -> image.startsWith(ARGO_CD_IMAGE))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    source,
                    "components[].images",
                    "no component pins an image " + ARGO_CD_IMAGE + "<version>",
                    "Pin Argo CD's image in the argo-cd component, as its install manifest has it"));
  }

  private static K3sComponent component(YamlMapping fields) {
    fields.allowOnly(COMPONENT_FIELDS);
    String name = fields.string("name", "Name the component, e.g. keda");
    String version =
        fields.string("version", "Give " + name + "'s pinned release, as upstream tags it");
    List<URI> manifests = new ArrayList<>();
    List<String> urls =
        fields.strings("manifests", "List the release's install manifests for " + version);
    for (int i = 0; i < urls.size(); i++) {
      manifests.add(manifest(fields, fields.at("manifests") + "[" + i + "]", urls.get(i), version));
    }
    String namespace = fields.string("namespace", "Say which namespace " + name + " runs in");
    YamlMapping detect = fields.section("detect").allowOnly(Set.of("crd", "deployment"));
    K3sComponent.Detection detection =
        new K3sComponent.Detection(
            detect.optionalString("crd"), detect.optionalString("deployment"));
    if (detection.crd().isEmpty() && detection.deployment().isEmpty()) {
      throw fields.invalid(
          fields.at("detect"),
          "is missing",
          "Give a CRD " + name + " defines (crd:), a Deployment it runs (deployment:), or both");
    }
    List<K3sComponent.Workload> awaits = new ArrayList<>();
    List<String> workloads =
        fields.strings("awaits", "List what must be ready, e.g. [Deployment/" + name + "]");
    for (int i = 0; i < workloads.size(); i++) {
      awaits.add(workload(fields, fields.at("awaits") + "[" + i + "]", workloads.get(i)));
    }
    List<String> images = new ArrayList<>();
    List<String> declared = fields.strings("images", "List every image " + name + " runs");
    for (int i = 0; i < declared.size(); i++) {
      images.add(
          PinnedImage.check(fields.file(), fields.at("images") + "[" + i + "]", declared.get(i)));
    }
    return new K3sComponent(
        name,
        version,
        manifests,
        namespace,
        detection,
        awaits,
        images,
        autoInstrumentation(fields.section("autoInstrumentation")));
  }

  private static URI manifest(YamlMapping fields, String at, String url, String version) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw fields.invalid(at, "'" + url + "' is not a URL: " + e.getReason(), "");
    }
    if (!"https".equals(uri.getScheme())) {
      throw fields.invalid(at, "'" + url + "' is not an https URL", "Link the upstream release");
    }
    if (!url.contains(version)) {
      throw fields.invalid(
          at,
          "'" + url + "' does not name the version " + version,
          "Link the manifest of the pinned release");
    }
    return uri;
  }

  private static K3sComponent.Workload workload(YamlMapping fields, String at, String value) {
    int slash = value.indexOf('/');
    String kind = slash < 0 ? "" : value.substring(0, slash);
    if (!K3sComponent.Workload.KINDS.contains(kind) || slash == value.length() - 1) {
      throw fields.invalid(
          at,
          "'" + value + "' is not Kind/name",
          "Write e.g. Deployment/keda-operator; kinds: " + K3sComponent.Workload.KINDS);
    }
    return new K3sComponent.Workload(kind, value.substring(slash + 1));
  }

  private static Map<String, String> autoInstrumentation(YamlMapping languages) {
    languages.allowOnly(LANGUAGES);
    Map<String, String> images = new LinkedHashMap<>();
    for (String language : languages.keys()) {
      String image = languages.string(language, "Name the agent image for " + language);
      images.put(language, PinnedImage.check(languages.file(), languages.at(language), image));
    }
    return images;
  }
}
