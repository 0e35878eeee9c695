package io.scaleproof.cluster.sim.operator;

import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * What the OpenTelemetry Operator makes of an {@code OpenTelemetryCollector} in {@code deployment}
 * mode: the config as a ConfigMap, a Deployment running it, and the Services that reach it — {@code
 * <name>-collector} with a port per receiver endpoint and per {@code spec.ports} entry, {@code
 * <name>-collector-headless}, and {@code <name>-collector-monitoring} for the collector's own
 * metrics. A pure function of the CR, so that it can be checked against the operator's e2e
 * expectations without a cluster.
 *
 * <p>Larger than 300 lines because it is the operator's manifest builders for one collector
 * (ConfigMap, Deployment, its Services and their ports), kept in one pure function so that they
 * read, and are checked, against the operator's e2e expectations side by side.
 */
public final class CollectorManifests {
  static final String CONTAINER = "otc-container";
  static final String CONFIG_KEY = "collector.yaml";
  static final String CONFIG_MOUNT = "/conf";

  /** The operator's default (its {@code --collector-image}), for operator v0.158.0. */
  static final String DEFAULT_IMAGE =
      "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector:0.158.0";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Well-known receiver ports, as the operator's receiver parsers declare them. */
  private static final Map<String, Integer> OTLP_DEFAULT_PORTS = Map.of("grpc", 4317, "http", 4318);

  private CollectorManifests() {}

  /** The collector's config, as the YAML the operator writes into the ConfigMap. */
  public static String configYaml(GenericKubernetesResource collector) {
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
        .dumpToString(config(collector));
  }

  static String deploymentName(String name) {
    return name + "-collector";
  }

  /** Every object the operator makes for {@code collector}, owned by it. */
  public static List<HasMetadata> of(GenericKubernetesResource collector) {
    String name = collector.getMetadata().getName();
    String namespace = collector.getMetadata().getNamespace();
    Map<String, Object> spec = map(collector.getAdditionalProperties().get("spec"));
    String config = configYaml(collector);
    String configHash = hash(JSON.asJson(new java.util.TreeMap<>(config(collector))));
    String configMapName = deploymentName(name) + "-" + configHash.substring(0, 8);
    Map<String, String> selector = selectorLabels(namespace, name);
    Map<String, String> labels = new LinkedHashMap<>(selector);
    labels.put("app.kubernetes.io/name", deploymentName(name));
    labels.put("app.kubernetes.io/version", version(image(spec)));
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion(collector.getApiVersion())
            .withKind(collector.getKind())
            .withName(name)
            .withUid(collector.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build();

    ConfigMap configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(configMapName)
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(owner)
            .endMetadata()
            .addToData(CONFIG_KEY, config)
            .build();

    List<ServicePort> ports = servicePorts(collector, spec);
    List<ContainerPort> containerPorts =
        ports.stream()
            .map(
                p ->
                    new ContainerPortBuilder()
                        .withName(p.getName())
                        .withContainerPort(p.getPort())
                        .withProtocol("TCP")
                        .build())
            .toList();
    int metricsPort = metricsPort(collector);
    List<ContainerPort> allContainerPorts = new ArrayList<>(containerPorts);
    allContainerPorts.add(
        new ContainerPortBuilder()
            .withName("metrics")
            .withContainerPort(metricsPort)
            .withProtocol("TCP")
            .build());

    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVarBuilder()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .build());
    list(spec.get("env")).forEach(e -> env.add(JSON.convertValue(e, EnvVar.class)));
    List<String> args = new ArrayList<>(List.of("--config=" + CONFIG_MOUNT + "/" + CONFIG_KEY));
    map(spec.get("args")).forEach((flag, value) -> args.add("--" + flag + "=" + value));

    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(deploymentName(name))
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(owner)
            .endMetadata()
            .withNewSpec()
            .withReplicas(integer(spec.get("replicas")).orElse(1))
            .withNewSelector()
            .withMatchLabels(selector)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .addToAnnotations("opentelemetry-operator-config/sha256", configHash)
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName(deploymentName(name))
            .addNewContainer()
            .withName(CONTAINER)
            .withImage(image(spec))
            .withArgs(args)
            .withEnv(env)
            .withPorts(allContainerPorts)
            .withLivenessProbe(healthProbe(collector, spec.get("livenessProbe")).orElse(null))
            .withReadinessProbe(healthProbe(collector, spec.get("readinessProbe")).orElse(null))
            .withStartupProbe(healthProbe(collector, spec.get("startupProbe")).orElse(null))
            .addNewVolumeMount()
            .withName("otc-internal")
            .withMountPath(CONFIG_MOUNT)
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("otc-internal")
            .withNewConfigMap()
            .withName(configMapName)
            .addNewItem()
            .withKey(CONFIG_KEY)
            .withPath(CONFIG_KEY)
            .endItem()
            .endConfigMap()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    ServiceAccount account =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(deploymentName(name))
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(owner)
            .endMetadata()
            .build();
    List<HasMetadata> objects = new ArrayList<>(List.of(account, configMap, deployment));
    if (!ports.isEmpty()) {
      objects.add(service(deploymentName(name), "base", namespace, labels, selector, owner, ports));
      objects.add(
          service(
              deploymentName(name) + "-headless",
              "headless",
              namespace,
              labels,
              selector,
              owner,
              ports));
    }
    objects.add(
        service(
            deploymentName(name) + "-monitoring",
            "monitoring",
            namespace,
            labels,
            selector,
            owner,
            List.of(
                new ServicePortBuilder()
                    .withName("monitoring")
                    .withPort(metricsPort)
                    .withNewTargetPort(metricsPort)
                    .build())));
    return objects;
  }

  private static Service service(
      String name,
      String type,
      String namespace,
      Map<String, String> labels,
      Map<String, String> selector,
      OwnerReference owner,
      List<ServicePort> ports) {
    Map<String, String> serviceLabels = new LinkedHashMap<>(labels);
    serviceLabels.put("app.kubernetes.io/name", name);
    serviceLabels.put("operator.opentelemetry.io/collector-service-type", type);
    if (!type.equals("base")) {
      serviceLabels.put("operator.opentelemetry.io/collector-" + type + "-service", "Exists");
    }
    boolean headless = type.equals("headless");
    ServiceBuilder builder =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(serviceLabels)
            .withOwnerReferences(owner)
            .endMetadata()
            .withNewSpec()
            .withSelector(selector)
            .withPorts(ports)
            .endSpec();
    if (headless) {
      builder.editSpec().withClusterIP("None").endSpec();
    }
    return builder.build();
  }

  static Map<String, String> selectorLabels(String namespace, String name) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/managed-by", "opentelemetry-operator");
    labels.put("app.kubernetes.io/instance", namespace + "." + name);
    labels.put("app.kubernetes.io/part-of", "opentelemetry");
    labels.put("app.kubernetes.io/component", "opentelemetry-collector");
    return labels;
  }

  /**
   * The ports of the collector Service, as the operator infers them: {@code spec.ports} first, then
   * one per OTLP protocol of each receiver in a pipeline ({@code otlp-grpc}, {@code otlp-http}) and
   * one per prometheus exporter in a pipeline ({@code prometheus}), each at its endpoint's port or
   * the component's default. An inferred port whose number is taken is dropped; one whose name is
   * taken, or longer than 15 characters, is named {@code port-<number>}.
   */
  static List<ServicePort> servicePorts(
      GenericKubernetesResource collector, Map<String, Object> spec) {
    List<ServicePort> ports = new ArrayList<>();
    for (Object declared : list(spec.get("ports"))) {
      ServicePort port = JSON.convertValue(declared, ServicePort.class);
      if (port.getTargetPort() == null) {
        port.setTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(port.getPort()));
      }
      if (port.getProtocol() == null) {
        port.setProtocol("TCP");
      }
      ports.add(port);
    }
    Map<String, Object> config = config(collector);
    List<String> receivers = pipelineComponents(config, "receivers");
    for (Map.Entry<String, Object> receiver : map(config.get("receivers")).entrySet()) {
      String id = receiver.getKey();
      if (!receivers.contains(id) || !type(id).equals("otlp")) {
        continue;
      }
      Map<String, Object> protocols = map(map(receiver.getValue()).get("protocols"));
      for (String protocol : List.of("grpc", "http")) {
        if (protocols.containsKey(protocol)) {
          int port =
              portOf(String.valueOf(map(protocols.get(protocol)).getOrDefault("endpoint", "")))
                  .orElse(OTLP_DEFAULT_PORTS.get(protocol));
          addInferred(ports, id + "-" + protocol, port, protocol);
        }
      }
    }
    List<String> exporters = pipelineComponents(config, "exporters");
    for (Map.Entry<String, Object> exporter : map(config.get("exporters")).entrySet()) {
      String id = exporter.getKey();
      if (exporters.contains(id) && type(id).equals("prometheus")) {
        int port =
            portOf(String.valueOf(map(exporter.getValue()).getOrDefault("endpoint", "")))
                .orElse(8888);
        addInferred(ports, id, port, null);
      }
    }
    return ports;
  }

  private static void addInferred(
      List<ServicePort> ports, String component, int port, String appProtocol) {
    if (ports.stream().anyMatch(p -> p.getPort() == port)) {
      return;
    }
    String sanitized = component.replace('/', '-').replace('_', '-');
    boolean taken = ports.stream().anyMatch(p -> sanitized.equals(p.getName()));
    String name = sanitized.length() > 15 || taken ? "port-" + port : sanitized;
    ports.add(
        new ServicePortBuilder()
            .withName(name)
            .withPort(port)
            .withNewTargetPort(port)
            .withProtocol("TCP")
            .withAppProtocol(appProtocol)
            .build());
  }

  /**
   * The probe the operator derives from an enabled {@code health_check} extension (liveness,
   * readiness and startup alike): HTTP GET on its path (default {@code /}) and port (default
   * 13133), with the timings of the CR's matching probe settings, if any.
   */
  static Optional<Probe> healthProbe(GenericKubernetesResource collector, Object settings) {
    Map<String, Object> config = config(collector);
    List<String> enabled = new ArrayList<>();
    list(map(config.get("service")).get("extensions")).forEach(e -> enabled.add(String.valueOf(e)));
    for (Map.Entry<String, Object> extension : map(config.get("extensions")).entrySet()) {
      if (!enabled.contains(extension.getKey())
          || !type(extension.getKey()).equals("health_check")) {
        continue;
      }
      Map<String, Object> health = map(extension.getValue());
      Probe probe =
          new ProbeBuilder()
              .withNewHttpGet()
              .withPath(String.valueOf(health.getOrDefault("path", "/")))
              .withNewPort(
                  portOf(String.valueOf(health.getOrDefault("endpoint", ""))).orElse(13133))
              .endHttpGet()
              .build();
      Map<String, Object> timing = map(settings);
      integer(timing.get("initialDelaySeconds")).ifPresent(probe::setInitialDelaySeconds);
      integer(timing.get("periodSeconds")).ifPresent(probe::setPeriodSeconds);
      integer(timing.get("failureThreshold")).ifPresent(probe::setFailureThreshold);
      integer(timing.get("successThreshold")).ifPresent(probe::setSuccessThreshold);
      integer(timing.get("timeoutSeconds")).ifPresent(probe::setTimeoutSeconds);
      return Optional.of(probe);
    }
    return Optional.empty();
  }

  /** The port of the collector's own metrics: the first pull reader's, else 8888. */
  static int metricsPort(GenericKubernetesResource collector) {
    Map<String, Object> metrics =
        map(map(map(config(collector).get("service")).get("telemetry")).get("metrics"));
    for (Object reader : list(metrics.get("readers"))) {
      Object port =
          map(map(map(map(reader).get("pull")).get("exporter")).get("prometheus")).get("port");
      if (port != null) {
        return Integer.parseInt(String.valueOf(port));
      }
    }
    return 8888;
  }

  private static List<String> pipelineComponents(Map<String, Object> config, String kind) {
    List<String> ids = new ArrayList<>();
    map(map(config.get("service")).get("pipelines"))
        .values()
        .forEach(
            pipeline -> list(map(pipeline).get(kind)).forEach(id -> ids.add(String.valueOf(id))));
    return ids;
  }

  private static Optional<Integer> portOf(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(endpoint.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String type(String componentId) {
    int slash = componentId.indexOf('/');
    return slash < 0 ? componentId : componentId.substring(0, slash);
  }

  /**
   * The CR's config with the defaults the operator's webhook applies: an OTLP receiver, prometheus
   * exporter or health_check extension endpoint that is empty or has no host listens on {@code
   * 0.0.0.0} at the component's port, and a config with no metrics reader gets a pull reader on
   * {@code 0.0.0.0:8888}.
   */
  static Map<String, Object> config(GenericKubernetesResource collector) {
    Object declared = map(collector.getAdditionalProperties().get("spec")).get("config");
    @SuppressWarnings("unchecked")
    Map<String, Object> config =
        declared == null ? new LinkedHashMap<>() : JSON.convertValue(declared, LinkedHashMap.class);
    for (Map.Entry<String, Object> receiver : map(config.get("receivers")).entrySet()) {
      if (type(receiver.getKey()).equals("otlp")) {
        Map<String, Object> protocols = map(map(receiver.getValue()).get("protocols"));
        for (String protocol : List.of("grpc", "http")) {
          if (protocols.containsKey(protocol)) {
            protocols.put(
                protocol,
                withDefaultEndpoint(protocols.get(protocol), OTLP_DEFAULT_PORTS.get(protocol)));
          }
        }
      }
    }
    Map<String, Object> exporters = map(config.get("exporters"));
    for (Map.Entry<String, Object> exporter : exporters.entrySet()) {
      if (type(exporter.getKey()).equals("prometheus")) {
        exporter.setValue(withDefaultEndpoint(exporter.getValue(), 8888));
      }
    }
    for (Map.Entry<String, Object> extension : map(config.get("extensions")).entrySet()) {
      if (type(extension.getKey()).equals("health_check")) {
        extension.setValue(withDefaultEndpoint(extension.getValue(), 13133));
      }
    }
    Map<String, Object> service = map(config.get("service"));
    Map<String, Object> metrics = map(map(service.get("telemetry")).get("metrics"));
    if (!service.isEmpty() && metrics.get("address") == null && metrics.get("readers") == null) {
      Map<String, Object> telemetry = new LinkedHashMap<>(map(service.get("telemetry")));
      Map<String, Object> withReader = new LinkedHashMap<>(metrics);
      withReader.put(
          "readers",
          List.of(
              Map.of(
                  "pull",
                  Map.of(
                      "exporter", Map.of("prometheus", Map.of("host", "0.0.0.0", "port", 8888))))));
      telemetry.put("metrics", withReader);
      service.put("telemetry", telemetry);
    }
    return config;
  }

  private static Map<String, Object> withDefaultEndpoint(Object component, int port) {
    Map<String, Object> settings = new LinkedHashMap<>(map(component));
    String endpoint = String.valueOf(settings.getOrDefault("endpoint", ""));
    if (endpoint.isEmpty() || endpoint.equals("null")) {
      settings.put("endpoint", "0.0.0.0:" + port);
    } else if (endpoint.startsWith(":")) {
      settings.put("endpoint", "0.0.0.0" + endpoint);
    }
    return settings;
  }

  private static String image(Map<String, Object> spec) {
    Object image = spec.get("image");
    return image == null || String.valueOf(image).isBlank() ? DEFAULT_IMAGE : String.valueOf(image);
  }

  private static String version(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
  }

  private static Optional<Integer> integer(Object value) {
    return value == null ? Optional.empty() : Optional.of(Integer.parseInt(String.valueOf(value)));
  }

  private static String hash(String config) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(config.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Object> list(Object value) {
    return value instanceof List<?> list ? new ArrayList<>(list) : List.of();
  }
}
