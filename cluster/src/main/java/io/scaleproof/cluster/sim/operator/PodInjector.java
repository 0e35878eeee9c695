package io.scaleproof.cluster.sim.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The OpenTelemetry Operator's pod mutation for Java, Node.js and Python ({@code
 * internal/instrumentation/sdk.go} and the per-language files), reproduced step for step: the
 * language's env, the agent variable ({@code JAVA_TOOL_OPTIONS}, {@code NODE_OPTIONS}, {@code
 * PYTHONPATH}), the volume and its mount, the common SDK configuration, and one init container that
 * copies the agent. A container whose agent variable is set through {@code valueFrom} is skipped,
 * as upstream does, and the reason is returned.
 */
public final class PodInjector {
  /** The mutated pod, and why containers were left alone. */
  public record Result(Pod pod, List<String> skipped) {}

  private static final String PYTHON_PATH_PREFIX =
      "/otel-auto-instrumentation-python/opentelemetry/instrumentation/auto_instrumentation";
  private static final String PYTHON_PATH_SUFFIX = "/otel-auto-instrumentation-python";
  private static final String NODE_REQUIRE =
      " --require /otel-auto-instrumentation-nodejs/autoinstrumentation.js";

  private final SdkConfig sdk;

  /**
   * @param owners (kind, name) in the pod's namespace → the object, for the ReplicaSet's owner
   */
  public PodInjector(BiFunction<String, String, HasMetadata> owners) {
    this.sdk = new SdkConfig(owners);
  }

  /**
   * Injects each language that has an Instrumentation, in the operator's order (Java, Node.js,
   * Python), into the containers the annotations name (by default the first container).
   */
  public Result inject(
      Pod original,
      String namespace,
      Map<Language, Instrumentation> chosen,
      Map<String, String> namespaceAnnotations) {
    Pod pod = new PodBuilder(original).build();
    List<String> skipped = new ArrayList<>();
    for (Language language : Language.values()) {
      Instrumentation inst = chosen.get(language);
      if (inst == null) {
        continue;
      }
      List<Container> targets = containersToInstrument(pod, language, namespaceAnnotations);
      for (Container c : targets) {
        if (EnvVars.setFromSource(c.getEnv(), language.languageEnv())) {
          skipped.add(
              "Skipping "
                  + language.key()
                  + " injection into container "
                  + c.getName()
                  + ": the container defines env var value via ValueFrom, envVar: "
                  + language.languageEnv());
          continue;
        }
        injectIntoContainer(language, inst, c);
        SdkConfig.injectCommonEnv(inst, c);
        injectDefaults(language, c);
        sdk.inject(inst, namespace, pod, c);
      }
      if (!targets.isEmpty()) {
        addInitContainer(pod, language, inst, pod.getMetadata().getAnnotations());
      }
    }
    return new Result(pod, skipped);
  }

  private static void injectIntoContainer(Language language, Instrumentation inst, Container c) {
    List<EnvVar> env = c.getEnv();
    EnvVars.appendIfNotSet(env, inst.language(language).env());
    if (language == Language.PYTHON) {
      int idx = EnvVars.indexOf(env, "PYTHONPATH");
      if (idx == -1) {
        env.add(EnvVars.value("PYTHONPATH", PYTHON_PATH_PREFIX + ":" + PYTHON_PATH_SUFFIX));
      } else {
        env.get(idx)
            .setValue(
                PYTHON_PATH_PREFIX + ":" + env.get(idx).getValue() + ":" + PYTHON_PATH_SUFFIX);
      }
    }
    c.getVolumeMounts()
        .add(
            new VolumeMountBuilder()
                .withName(language.volumeName())
                .withMountPath(language.containerMountPath(c.getName()))
                .build());
  }

  /** {@code injectDefault<Lang>EnvVars}. */
  private static void injectDefaults(Language language, Container c) {
    List<EnvVar> env = c.getEnv();
    switch (language) {
      case JAVA -> {
        String agent = " -javaagent:" + language.containerMountPath(c.getName()) + "/javaagent.jar";
        int idx = EnvVars.indexOf(env, "JAVA_TOOL_OPTIONS");
        EnvVars.appendOrReplace(
            env,
            EnvVars.value(
                "JAVA_TOOL_OPTIONS", idx == -1 ? agent : env.get(idx).getValue() + agent));
      }
      case NODEJS -> {
        int idx = EnvVars.indexOf(env, "NODE_OPTIONS");
        EnvVars.appendOrReplace(
            env,
            EnvVars.value(
                "NODE_OPTIONS", idx == -1 ? NODE_REQUIRE : env.get(idx).getValue() + NODE_REQUIRE));
        EnvVars.appendIfNotSet(env, List.of(EnvVars.value("OTEL_METRICS_EXPORTER", "otlp")));
      }
      case PYTHON ->
          EnvVars.appendIfNotSet(
              env,
              List.of(
                  EnvVars.value("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                  EnvVars.value("OTEL_TRACES_EXPORTER", "otlp"),
                  EnvVars.value("OTEL_METRICS_EXPORTER", "otlp"),
                  EnvVars.value("OTEL_LOGS_EXPORTER", "otlp")));
    }
  }

  /** The volume and the init container that fills it, once per language. */
  private static void addInitContainer(
      Pod pod, Language language, Instrumentation inst, Map<String, String> podAnnotations) {
    boolean present =
        pod.getSpec().getInitContainers().stream()
            .anyMatch(c -> c.getName().equals(language.volumeName()));
    if (present) {
      return;
    }
    pod.getSpec()
        .getVolumes()
        .add(
            new VolumeBuilder()
                .withName(language.volumeName())
                .withNewEmptyDir()
                .withSizeLimit(new Quantity("200Mi"))
                .endEmptyDir()
                .build());
    String target = language.initMountPath();
    List<String> command =
        switch (language) {
          case JAVA -> List.of("cp", "/javaagent.jar", target + "/javaagent.jar");
          case NODEJS -> List.of("cp", "-r", "/autoinstrumentation/.", target);
          case PYTHON ->
              List.of(
                  "cp",
                  "-r",
                  "musl"
                          .equals(
                              podAnnotations.get(
                                  "instrumentation.opentelemetry.io/otel-python-platform"))
                      ? "/autoinstrumentation-musl/."
                      : "/autoinstrumentation/.",
                  target);
        };
    pod.getSpec()
        .getInitContainers()
        .add(
            new ContainerBuilder()
                .withName(language.volumeName())
                .withImage(inst.language(language).image())
                .withCommand(command)
                .withNewResources()
                .addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("256Mi"))
                .addToRequests("cpu", new Quantity("50m"))
                .addToRequests(
                    "memory", new Quantity(language == Language.NODEJS ? "128Mi" : "64Mi"))
                .endResources()
                .addNewVolumeMount()
                .withName(language.volumeName())
                .withMountPath(target)
                .endVolumeMount()
                .build());
  }

  /**
   * The containers named by {@code <lang>-container-names}, else {@code container-names} (pod
   * annotations over the namespace's), else the pod's first container.
   */
  private static List<Container> containersToInstrument(
      Pod pod, Language language, Map<String, String> namespaceAnnotations) {
    String names = annotation(pod, namespaceAnnotations, language.containerNamesAnnotation());
    if (names.isEmpty()) {
      names =
          annotation(pod, namespaceAnnotations, "instrumentation.opentelemetry.io/container-names");
    }
    if (names.isEmpty()) {
      return List.of(pod.getSpec().getContainers().get(0));
    }
    List<Container> targets = new ArrayList<>();
    for (String name : Arrays.stream(names.split(",")).map(String::trim).toList()) {
      pod.getSpec().getInitContainers().stream()
          .filter(c -> c.getName().equals(name))
          .forEach(targets::add);
      pod.getSpec().getContainers().stream()
          .filter(c -> c.getName().equals(name))
          .forEach(targets::add);
    }
    return targets;
  }

  private static String annotation(Pod pod, Map<String, String> namespaceAnnotations, String key) {
    String value = pod.getMetadata().getAnnotations().get(key);
    if (value == null || value.isEmpty()) {
      value = namespaceAnnotations.get(key);
    }
    return value == null ? "" : value;
  }

  /**
   * {@code isAutoInstrumentationInjected}: an agent init container, or a container (other than the
   * collector's) that already has {@code OTEL_RESOURCE_ATTRIBUTES_NODE_NAME}.
   */
  public static boolean alreadyInstrumented(Pod pod) {
    boolean initContainer =
        pod.getSpec().getInitContainers().stream()
            .anyMatch(c -> c.getName().startsWith(Language.INIT_CONTAINER_PREFIX + "-"));
    boolean nodeNameEnv =
        pod.getSpec().getContainers().stream()
            .filter(c -> !c.getName().equals("otc-container"))
            .anyMatch(c -> EnvVars.indexOf(c.getEnv(), SdkConfig.NODE_NAME) >= 0);
    return initContainer || nodeNameEnv;
  }
}
