package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cluster's injection held against the real OpenTelemetry Operator's webhook on the
 * local backend: the pipeline's Instrumentation, then one pod per language asking for its agent,
 * and the pod specs the API server stored compared fact by fact: the init containers (name, image,
 * command, mounts), the volumes, the app container's env (in order, values or their sources) and
 * mounts. Every fact must agree, but those in {@link #ACCEPTED} with the reason.
 */
@Tag("nightly")
@Tag("differential")
class InjectionDifferentialIT {
  private static final List<String> LANGUAGES = List.of("java", "nodejs", "python");
  // A hang guard: the operator's defaulting of the Instrumentation takes well under a second.
  private static final Duration CREATED = Duration.ofSeconds(30);

  /** The volume the real API server's ServiceAccount admission adds to every pod and container. */
  private static final String TOKEN_VOLUME = "kube-api-access-";

  /** Facts that differ between the emulation and the real webhook, and why that is accepted. */
  private static final Map<String, String> ACCEPTED =
      Map.of(
          "service-account token volume",
          "not the webhook's: the real API server's ServiceAccount admission mounts a projected"
              + " token into every container, the embedded API server mounts none (no program of"
              + " the pipeline reads one); compared apart so that the webhook's volumes and mounts"
              + " are compared exactly");

  @TempDir Path temp;

  @Test
  @DisplayName("each language's injected pod spec agrees with the real webhook's")
  void injectedPodSpecsAgree() {
    List<Map<String, String>> sim;
    try (SimCluster cluster =
        SimCluster.start(SimClusterConfig.defaults().withRunDirectory(temp.resolve("sim")))) {
      sim = injectAll(cluster);
    }
    List<Map<String, String>> local;
    try (LocalCluster cluster =
        LocalCluster.start(
            LocalClusterConfig.of(
                temp.resolve("local"),
                RuntimeTable.load(ProjectFiles.find("cluster/runtimes.yaml"))))) {
      local = injectAll(cluster);
    }
    Differences.print("injection: embedded vs real OpenTelemetry Operator 0.148.0", sim, local);
    assertThat(Differences.unaccepted(sim, local, ACCEPTED)).isEmpty();
  }

  private static List<Map<String, String>> injectAll(Cluster cluster) {
    cluster.apply(
        List.of(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build()));
    cluster.apply(Manifests.load(ProjectFiles.find("cluster/gitops/apps/instrumentation.yaml")));
    List<Map<String, String>> facts = new ArrayList<>();
    for (String language : LANGUAGES) {
      facts.add(facts(language, inject(cluster, language)));
    }
    return facts;
  }

  private static Pod inject(Cluster cluster, String language) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(language + "-app")
            .withNamespace("apps")
            .addToLabels("app.kubernetes.io/name", language + "-app")
            .addToAnnotations("instrumentation.opentelemetry.io/inject-" + language, "true")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("scaleproof/echo-server:1.0.0")
            .endContainer()
            .endSpec()
            .build();
    // The webhook may miss a pod created before the operator's cache holds the Instrumentation:
    // recreate until the stored pod is injected (at most a few tries).
    Pod[] stored = new Pod[1];
    await(language + " pod injected")
        .atMost(CREATED)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              cluster.client().pods().resource(pod).withGracePeriod(0).delete();
              stored[0] = cluster.client().pods().resource(pod).create();
              return !stored[0].getSpec().getInitContainers().isEmpty();
            });
    return stored[0];
  }

  private static Map<String, String> facts(String language, Pod pod) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("step", language);
    for (Container init : pod.getSpec().getInitContainers()) {
      String name = "init " + init.getName();
      // The repository: the tags are each program's default agent versions.
      facts.put(name + " image", init.getImage().replaceAll(":[^/:]*$", ""));
      facts.put(name + " command", String.join(" ", init.getCommand()));
      facts.put(name + " mounts", mounts(init.getVolumeMounts()));
    }
    facts.put(
        "volumes",
        pod.getSpec().getVolumes().stream()
            .map(Volume::getName)
            .filter(name -> !name.startsWith(TOKEN_VOLUME))
            .sorted()
            .collect(join()));
    facts.put(
        "service-account token volume",
        pod.getSpec().getVolumes().stream().anyMatch(v -> v.getName().startsWith(TOKEN_VOLUME))
            ? "mounted"
            : "none");
    Container app = pod.getSpec().getContainers().get(0);
    facts.put("app mounts", mounts(app.getVolumeMounts()));
    for (EnvVar env : app.getEnv()) {
      facts.put("env " + env.getName(), value(env));
    }
    facts.put("env order", app.getEnv().stream().map(EnvVar::getName).collect(join()));
    return facts;
  }

  private static String value(EnvVar env) {
    if (env.getValueFrom() != null && env.getValueFrom().getFieldRef() != null) {
      return "fieldRef " + env.getValueFrom().getFieldRef().getFieldPath();
    }
    return env.getValue();
  }

  private static String mounts(List<VolumeMount> mounts) {
    return mounts.stream()
        .filter(m -> !m.getName().startsWith(TOKEN_VOLUME))
        .map(m -> m.getName() + ":" + m.getMountPath())
        .sorted()
        .collect(join());
  }

  private static java.util.stream.Collector<CharSequence, ?, String> join() {
    return Collectors.joining(", ");
  }
}
