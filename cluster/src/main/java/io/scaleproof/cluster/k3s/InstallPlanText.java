package io.scaleproof.cluster.k3s;

import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.Manifests;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of a {@link K3sInstallPlan}: a section per step, a line per thing installed, paths
 * relative to the plan's root, so that a change to the pins or to the pipeline shows as a small
 * diff of a reviewed file.
 */
final class InstallPlanText {
  private final K3sInstallPlan plan;
  private final StringBuilder text = new StringBuilder();

  private InstallPlanText(K3sInstallPlan plan) {
    this.plan = plan;
  }

  static String render(K3sInstallPlan plan) {
    return new InstallPlanText(plan).all();
  }

  private String all() {
    line(
        "# The k3s backend's install plan, from "
            + display(plan.componentsFile())
            + " and "
            + plan.layout().path()
            + ".");
    line("# Paths are relative to the root of the repository the pipeline is seeded from.");
    line("");
    line("k3s image " + plan.k3sImage());
    components();
    builds();
    application();
    waves();
    line("");
    line("images (" + plan.images().size() + ")");
    plan.images().forEach(image -> line("  " + image));
    return text.toString();
  }

  private void components() {
    line("");
    line("platform components, in install order");
    int step = 0;
    for (K3sComponent component : plan.components()) {
      step++;
      line("  " + step + ". " + component.name() + " " + component.version());
      field("namespace", component.namespace());
      for (URI manifest : component.manifests()) {
        field("manifest", manifest.toString());
      }
      List<String> present = new ArrayList<>();
      component.detect().crd().ifPresent(crd -> present.add("CRD " + crd));
      component
          .detect()
          .deployment()
          .ifPresent(name -> present.add("Deployment " + component.namespace() + "/" + name));
      field("present", String.join(" and ", present));
      for (K3sComponent.Workload workload : component.awaits()) {
        field("awaits", workload.kind() + " " + component.namespace() + "/" + workload.name());
      }
      component.images().forEach(image -> field("image", image));
      new TreeMap<>(component.autoInstrumentation())
          .forEach((language, image) -> field("agent", language + " " + image));
    }
  }

  private void builds() {
    line("");
    line("sample app images, built and loaded into k3s");
    for (ImageBuild build : plan.builds()) {
      line("  " + build.image() + " <- " + display(build.dockerfile()));
    }
  }

  private void application() {
    GenericKubernetesResource application = plan.application();
    Map<?, ?> spec = map(application.getAdditionalProperties().get("spec"));
    Map<?, ?> source = map(spec.get("source"));
    Map<?, ?> policy = map(spec.get("syncPolicy"));
    Map<?, ?> automated = map(policy.get("automated"));
    line("");
    line(
        "pipeline Application "
            + application.getMetadata().getNamespace()
            + "/"
            + application.getMetadata().getName());
    field("repository", "seeded with " + String.join(", ", plan.layout().directories()), "  ");
    field(
        "source",
        "path " + source.get("path") + ", revision " + source.get("targetRevision"),
        "  ");
    List<String> options = new ArrayList<>();
    options.add("namespace " + map(spec.get("destination")).get("namespace"));
    if (policy.get("syncOptions") instanceof List<?> syncOptions) {
      syncOptions.forEach(option -> options.add(String.valueOf(option)));
    }
    field("destination", String.join(", ", options), "  ");
    List<String> sync = new ArrayList<>();
    if (policy.containsKey("automated")) {
      sync.add("automated");
    }
    if (Boolean.TRUE.equals(automated.get("prune"))) {
      sync.add("prune");
    }
    if (Boolean.TRUE.equals(automated.get("selfHeal"))) {
      sync.add("self-heal");
    }
    field("sync", sync.isEmpty() ? "manual" : String.join(", ", sync), "  ");
  }

  private void waves() {
    line("");
    line("pipeline objects by sync wave, each wave healthy before the next, in Argo CD's order");
    for (Map.Entry<Integer, List<Manifests.Sourced>> wave : plan.waves().entrySet()) {
      line("  wave " + wave.getKey());
      for (Manifests.Sourced declared : wave.getValue()) {
        HasMetadata object = declared.object();
        String namespace = object.getMetadata().getNamespace();
        line(
            "    "
                + object.getKind()
                + " "
                + (namespace == null ? "" : namespace + "/")
                + object.getMetadata().getName()
                + " ("
                + display(declared.file())
                + ")");
      }
    }
  }

  private void field(String name, String value) {
    field(name, value, "     ");
  }

  private void field(String name, String value, String indent) {
    line(indent + String.format("%-11s %s", name, value));
  }

  private void line(String line) {
    text.append(line).append('\n');
  }

  /** A path relative to the plan's root, with forward slashes; absolute when outside it. */
  private String display(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path shown = absolute.startsWith(plan.root()) ? plan.root().relativize(absolute) : absolute;
    return shown.toString().replace('\\', '/');
  }
}
