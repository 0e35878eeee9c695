package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A container's environment as the kubelet builds it ({@code makeEnvironmentVariables}): Service
 * link variables of the pod's namespace, then {@code envFrom}, then {@code env} in order, each
 * value's {@code $(VAR)} references expanded against what was defined before it; {@code valueFrom}
 * resolved from the downward API, ConfigMaps and Secrets. The image's own ENV comes first and is
 * overridden by all of these, as a container runtime merges them.
 */
final class ContainerEnv {
  private final KubernetesClient client;

  ContainerEnv(KubernetesClient client) {
    this.client = client;
  }

  Map<String, String> resolve(
      Pod pod, Container container, RuntimeImage image, List<Service> namespaceServices)
      throws ContainerConfigException {
    Map<String, String> defined = new LinkedHashMap<>();
    if (!Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())) {
      namespaceServices.forEach(service -> defined.putAll(serviceLinks(service)));
    }
    for (EnvFromSource source : container.getEnvFrom()) {
      defined.putAll(envFrom(pod, source));
    }
    for (EnvVar var : container.getEnv()) {
      String value =
          var.getValueFrom() != null
              ? valueFrom(pod, container, var.getName(), var.getValueFrom())
              : Expansion.expand(var.getValue() == null ? "" : var.getValue(), defined);
      if (value != null) {
        defined.put(var.getName(), value);
      }
    }
    Map<String, String> env = new LinkedHashMap<>(image.env());
    env.put("HOSTNAME", pod.getMetadata().getName());
    env.putAll(defined);
    return env;
  }

  /** {@code <NAME>_SERVICE_HOST} and {@code _PORT} variables, as for docker links. */
  static Map<String, String> serviceLinks(Service service) {
    Map<String, String> links = new LinkedHashMap<>();
    String ip = service.getSpec().getClusterIP();
    if (ip == null || ip.isEmpty() || "None".equals(ip) || service.getSpec().getPorts().isEmpty()) {
      return links;
    }
    String prefix =
        service.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_') + "_SERVICE_";
    links.put(prefix + "HOST", ip);
    links.put(prefix + "PORT", String.valueOf(service.getSpec().getPorts().get(0).getPort()));
    for (ServicePort port : service.getSpec().getPorts()) {
      if (port.getName() != null && !port.getName().isEmpty()) {
        links.put(
            prefix + "PORT_" + port.getName().toUpperCase(Locale.ROOT).replace('-', '_'),
            String.valueOf(port.getPort()));
      }
    }
    return links;
  }

  private Map<String, String> envFrom(Pod pod, EnvFromSource source)
      throws ContainerConfigException {
    String prefix = source.getPrefix() == null ? "" : source.getPrefix();
    Map<String, String> values = new LinkedHashMap<>();
    if (source.getConfigMapRef() != null) {
      ConfigMap map =
          configMap(
              pod,
              source.getConfigMapRef().getName(),
              Boolean.TRUE.equals(source.getConfigMapRef().getOptional()));
      if (map != null && map.getData() != null) {
        map.getData().forEach((k, v) -> values.put(prefix + k, v));
      }
    }
    if (source.getSecretRef() != null) {
      Secret secret =
          secret(
              pod,
              source.getSecretRef().getName(),
              Boolean.TRUE.equals(source.getSecretRef().getOptional()));
      if (secret != null) {
        decoded(secret).forEach((k, v) -> values.put(prefix + k, v));
      }
    }
    return values;
  }

  private String valueFrom(Pod pod, Container container, String name, EnvVarSource source)
      throws ContainerConfigException {
    if (source.getFieldRef() != null) {
      return fieldRef(pod, source.getFieldRef().getFieldPath(), name);
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      ConfigMap map = configMap(pod, ref.getName(), optional);
      String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
      if (value == null && !optional) {
        throw new ContainerConfigException(
            "couldn't find key "
                + ref.getKey()
                + " in ConfigMap "
                + namespaced(pod, ref.getName()));
      }
      return value;
    }
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Secret secret = secret(pod, ref.getName(), optional);
      String value = secret == null ? null : decoded(secret).get(ref.getKey());
      if (value == null && !optional) {
        throw new ContainerConfigException(
            "couldn't find key " + ref.getKey() + " in Secret " + namespaced(pod, ref.getName()));
      }
      return value;
    }
    if (source.getResourceFieldRef() != null) {
      var ref = source.getResourceFieldRef();
      var resources = container.getResources();
      String[] parts = ref.getResource().split("\\.", 2);
      var quantities =
          resources == null
              ? null
              : "limits".equals(parts[0]) ? resources.getLimits() : resources.getRequests();
      var quantity = quantities == null ? null : quantities.get(parts[1]);
      return quantity == null ? "0" : quantity.getAmount();
    }
    throw new ContainerConfigException("env " + name + ": unsupported valueFrom source");
  }

  /** The downward API's field paths for env vars. */
  static String fieldRef(Pod pod, String path, String envName) throws ContainerConfigException {
    var meta = pod.getMetadata();
    var status = pod.getStatus();
    if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
      return meta.getLabels().get(path.substring(17, path.length() - 2));
    }
    if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
      return meta.getAnnotations().get(path.substring(22, path.length() - 2));
    }
    return switch (path) {
      case "metadata.name" -> meta.getName();
      case "metadata.namespace" -> meta.getNamespace();
      case "metadata.uid" -> meta.getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.podIPs" -> status == null ? "" : status.getPodIP();
      case "status.hostIP", "status.hostIPs" -> status == null ? "" : status.getHostIP();
      default ->
          throw new ContainerConfigException(
              "env " + envName + ": unsupported fieldRef fieldPath " + path);
    };
  }

  private ConfigMap configMap(Pod pod, String name, boolean optional)
      throws ContainerConfigException {
    ConfigMap map =
        client.configMaps().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
    if (map == null && !optional) {
      throw new ContainerConfigException("configmap \"" + name + "\" not found");
    }
    return map;
  }

  private Secret secret(Pod pod, String name, boolean optional) throws ContainerConfigException {
    Secret secret =
        client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
    if (secret == null && !optional) {
      throw new ContainerConfigException("secret \"" + name + "\" not found");
    }
    return secret;
  }

  private static Map<String, String> decoded(Secret secret) {
    Map<String, String> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }

  private static String namespaced(Pod pod, String name) {
    return pod.getMetadata().getNamespace() + "/" + name;
  }
}
