package io.scaleproof.cluster.sim.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The SDK configuration the operator injects into every instrumented container, whatever the
 * language ({@code sdk.go}: {@code injectCommonEnvVar}, {@code injectCommonSDKConfig}, {@code
 * createResourceMap}): pod and node IPs, the CR's env, service name, exporter endpoint, the
 * downward-API variables, {@code OTEL_RESOURCE_ATTRIBUTES} (moved last so its {@code $(…)}
 * references expand), propagators and sampler.
 */
final class SdkConfig {
  static final String POD_NAME = "OTEL_RESOURCE_ATTRIBUTES_POD_NAME";
  static final String POD_UID = "OTEL_RESOURCE_ATTRIBUTES_POD_UID";
  static final String NODE_NAME = "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME";
  static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
  private static final String ANNOTATION_PREFIX = "resource.opentelemetry.io/";
  private static final List<String> APP_NAME_LABELS =
      List.of("app.kubernetes.io/instance", "app.kubernetes.io/name");
  private static final String APP_VERSION_LABEL = "app.kubernetes.io/version";

  /** Looks up an owner (kind, name) in the pod's namespace; null when it is not there. */
  private final BiFunction<String, String, io.fabric8.kubernetes.api.model.HasMetadata> owners;

  SdkConfig(BiFunction<String, String, io.fabric8.kubernetes.api.model.HasMetadata> owners) {
    this.owners = owners;
  }

  /** {@code injectCommonEnvVar}: OTEL_NODE_IP and OTEL_POD_IP first, then the CR's env. */
  static void injectCommonEnv(Instrumentation inst, Container c) {
    List<EnvVar> env = c.getEnv();
    for (EnvVar var :
        List.of(
            EnvVars.field("OTEL_POD_IP", "status.podIP"),
            EnvVars.field("OTEL_NODE_IP", "status.hostIP"))) {
      if (EnvVars.indexOf(env, var.getName()) == -1) {
        env.add(0, var);
      }
    }
    EnvVars.appendIfNotSet(env, inst.env());
  }

  /** {@code injectCommonSDKConfig}. */
  void inject(Instrumentation inst, String namespace, Pod pod, Container c) {
    List<EnvVar> env = c.getEnv();
    Map<String, String> resources = resourceMap(inst, namespace, pod, c);
    if (EnvVars.indexOf(env, "OTEL_SERVICE_NAME") == -1) {
      env.add(EnvVars.value("OTEL_SERVICE_NAME", serviceName(pod, inst, resources, c)));
    }
    if (!inst.exporterEndpoint().isEmpty()) {
      EnvVars.appendIfNotSet(
          env, List.of(EnvVars.value("OTEL_EXPORTER_OTLP_ENDPOINT", inst.exporterEndpoint())));
    }
    env.add(EnvVars.field(POD_NAME, "metadata.name"));
    resources.put("k8s.pod.name", "$(" + POD_NAME + ")");
    if (inst.addK8sUidAttributes() && resources.getOrDefault("k8s.pod.uid", "").isEmpty()) {
      env.add(EnvVars.field(POD_UID, "metadata.uid"));
      resources.put("k8s.pod.uid", "$(" + POD_UID + ")");
    }
    int existing = EnvVars.indexOf(env, RESOURCE_ATTRIBUTES);
    if (existing == -1
        || !String.valueOf(env.get(existing).getValue()).contains("service.version")) {
      String version = serviceVersion(pod, inst.useLabelsForResourceAttributes(), c);
      if (!version.isEmpty()) {
        resources.put("service.version", version);
      }
    }
    if (resources.getOrDefault("k8s.node.name", "").isEmpty()) {
      env.add(EnvVars.field(NODE_NAME, "spec.nodeName"));
      resources.put("k8s.node.name", "$(" + NODE_NAME + ")");
    }
    String joined =
        new TreeMap<>(resources)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    existing = EnvVars.indexOf(env, RESOURCE_ATTRIBUTES);
    if (existing == -1) {
      env.add(EnvVars.value(RESOURCE_ATTRIBUTES, joined));
    } else {
      EnvVar var = env.get(existing);
      String value = var.getValue() == null ? "" : var.getValue();
      var.setValue(value + (value.endsWith(",") ? "" : ",") + joined);
    }
    if (EnvVars.indexOf(env, "OTEL_PROPAGATORS") == -1 && !inst.propagators().isEmpty()) {
      env.add(EnvVars.value("OTEL_PROPAGATORS", String.join(",", inst.propagators())));
    }
    if (EnvVars.indexOf(env, "OTEL_TRACES_SAMPLER") == -1
        && !inst.samplerType().isEmpty()
        && EnvVars.indexOf(env, "OTEL_TRACES_SAMPLER_ARG") == -1) {
      env.add(EnvVars.value("OTEL_TRACES_SAMPLER", inst.samplerType()));
      if (!inst.samplerArgument().isEmpty()) {
        env.add(EnvVars.value("OTEL_TRACES_SAMPLER_ARG", inst.samplerArgument()));
      }
    }
    EnvVars.moveToEnd(env, RESOURCE_ATTRIBUTES);
  }

  /**
   * {@code createResourceMap}: CR attributes lowest, then the k8s.* attributes, then the pod's
   * {@code resource.opentelemetry.io/*} annotations, then service.namespace — none of them
   * overriding a key the container's own OTEL_RESOURCE_ATTRIBUTES already sets.
   */
  private Map<String, String> resourceMap(
      Instrumentation inst, String namespace, Pod pod, Container c) {
    Set<String> existing = new HashSet<>();
    int idx = EnvVars.indexOf(c.getEnv(), RESOURCE_ATTRIBUTES);
    if (idx >= 0 && c.getEnv().get(idx).getValue() != null) {
      for (String kv : c.getEnv().get(idx).getValue().split(",")) {
        String[] parts = kv.trim().split("=");
        if (parts.length == 2) {
          existing.add(parts[0]);
        }
      }
    }
    Map<String, String> res = new HashMap<>();
    inst.resourceAttributes()
        .forEach(
            (k, v) -> {
              if (!existing.contains(k)) {
                res.put(k, v);
              }
            });
    Map<String, String> k8s = new HashMap<>();
    k8s.put("k8s.namespace.name", namespace);
    k8s.put("k8s.container.name", c.getName());
    k8s.put("k8s.pod.name", nullToEmpty(pod.getMetadata().getName()));
    k8s.put("k8s.pod.uid", nullToEmpty(pod.getMetadata().getUid()));
    k8s.put("k8s.node.name", nullToEmpty(pod.getSpec().getNodeName()));
    k8s.put(
        "service.instance.id",
        serviceInstanceId(pod, namespace, "$(" + POD_NAME + ")", c.getName()));
    addParents(inst.addK8sUidAttributes(), pod.getMetadata().getOwnerReferences(), k8s);
    k8s.forEach(
        (k, v) -> {
          if (!existing.contains(k) && !v.isEmpty()) {
            res.put(k, v);
          }
        });
    pod.getMetadata()
        .getAnnotations()
        .forEach(
            (k, v) -> {
              if (k.startsWith(ANNOTATION_PREFIX)) {
                String key = k.substring(ANNOTATION_PREFIX.length());
                if (!existing.contains(key) && !key.equals("service.name")) {
                  res.put(key, v);
                }
              }
            });
    String serviceNamespace = labelOrAnnotation(pod, false, "service.namespace", List.of());
    if (serviceNamespace.isEmpty()) {
      serviceNamespace = namespace;
    }
    if (!serviceNamespace.isEmpty() && !existing.contains("service.namespace")) {
      res.put("service.namespace", serviceNamespace);
    }
    return res;
  }

  /** {@code addParentResourceLabels}: the ReplicaSet, and through it the Deployment. */
  private void addParents(boolean uid, List<OwnerReference> refs, Map<String, String> k8s) {
    for (OwnerReference ref : refs) {
      String kind = ref.getKind().toLowerCase();
      if (List.of("replicaset", "deployment", "statefulset", "daemonset", "job", "cronjob")
          .contains(kind)) {
        k8s.put("k8s." + kind + ".name", ref.getName());
        if (uid) {
          k8s.put("k8s." + kind + ".uid", ref.getUid());
        }
      }
      if (kind.equals("replicaset") || kind.equals("job")) {
        var parent = owners.apply(ref.getKind(), ref.getName());
        if (parent != null) {
          addParents(uid, parent.getMetadata().getOwnerReferences(), k8s);
        }
      }
    }
  }

  /** {@code chooseServiceName}. */
  private static String serviceName(
      Pod pod, Instrumentation inst, Map<String, String> res, Container c) {
    String name =
        labelOrAnnotation(
            pod, inst.useLabelsForResourceAttributes(), "service.name", APP_NAME_LABELS);
    if (!name.isEmpty()) {
      return name;
    }
    for (String key :
        List.of(
            "k8s.deployment.name",
            "k8s.replicaset.name",
            "k8s.statefulset.name",
            "k8s.daemonset.name",
            "k8s.cronjob.name",
            "k8s.job.name",
            "k8s.pod.name")) {
      if (!res.getOrDefault(key, "").isEmpty()) {
        return res.get(key);
      }
    }
    return c.getName();
  }

  /** {@code chooseServiceVersion}: annotation, label (opt-in), then the image's tag and digest. */
  static String serviceVersion(Pod pod, boolean useLabels, Container c) {
    String version =
        labelOrAnnotation(pod, useLabels, "service.version", List.of(APP_VERSION_LABEL));
    if (!version.isEmpty()) {
      return version;
    }
    String image = c.getImage() == null ? "" : c.getImage();
    String digest = "";
    int at = image.indexOf('@');
    if (at >= 0) {
      digest = image.substring(at + 1);
      image = image.substring(0, at);
    }
    String tag = "";
    int colon = image.lastIndexOf(':');
    if (colon > image.lastIndexOf('/')) {
      tag = image.substring(colon + 1);
    }
    if (!digest.isEmpty()) {
      return tag.isEmpty() ? digest : tag + "@" + digest;
    }
    return tag;
  }

  private static String serviceInstanceId(
      Pod pod, String namespace, String podName, String container) {
    String id = labelOrAnnotation(pod, false, "service.instance.id", List.of());
    if (!id.isEmpty()) {
      return id;
    }
    return namespace.isEmpty() || podName.isEmpty() || container.isEmpty()
        ? ""
        : namespace + "." + podName + "." + container;
  }

  /**
   * {@code chooseLabelOrAnnotation}: the resource annotation, else (opt-in) the first label set.
   */
  private static String labelOrAnnotation(
      Pod pod, boolean useLabels, String resource, List<String> labels) {
    String annotated = pod.getMetadata().getAnnotations().get(ANNOTATION_PREFIX + resource);
    if (annotated != null && !annotated.isEmpty()) {
      return annotated;
    }
    if (useLabels) {
      for (String label : labels) {
        String value = pod.getMetadata().getLabels().get(label);
        if (value != null && !value.isEmpty()) {
          return value;
        }
      }
    }
    return "";
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
