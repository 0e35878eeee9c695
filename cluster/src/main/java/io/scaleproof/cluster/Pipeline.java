package io.scaleproof.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.provision.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The declared pipeline of {@code cluster/gitops}: checked by the real programs before anything
 * starts, then installed the way Argo CD syncs it — sync wave by sync wave, each wave healthy
 * before the next.
 *
 * <ul>
 *   <li>{@link #validate} runs {@code otelcol validate} on every {@code OpenTelemetryCollector}'s
 *       config and {@code promtool check rules} on every {@code PrometheusRule}; a refusal stops
 *       the run with the program's own message, the file and the object.
 *   <li>{@link #install} applies wave by wave (annotation {@code argocd.argoproj.io/sync-wave},
 *       default 0; within a wave, Argo CD's kind order) and waits until each Deployment of the wave
 *       (and each collector's Deployment) has all its replicas ready.
 * </ul>
 */
public final class Pipeline {
  public static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
  private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(1);

  /** Argo CD's (and Helm's) install order of kinds; other kinds follow, in declared order. */
  private static final List<String> KIND_ORDER =
      List.of(
          "Namespace",
          "NetworkPolicy",
          "ResourceQuota",
          "LimitRange",
          "PodDisruptionBudget",
          "ServiceAccount",
          "Secret",
          "ConfigMap",
          "StorageClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "Service",
          "DaemonSet",
          "Pod",
          "ReplicationController",
          "ReplicaSet",
          "Deployment",
          "HorizontalPodAutoscaler",
          "StatefulSet",
          "Job",
          "CronJob",
          "IngressClass",
          "Ingress",
          "APIService");

  private final Path source;
  private final List<Manifests.Sourced> objects;

  private Pipeline(Path source, List<Manifests.Sourced> objects) {
    this.source = source;
    this.objects = objects;
  }

  /** The pipeline declared by the kustomization in {@code gitops}. */
  public static Pipeline load(Path gitops) {
    return new Pipeline(gitops, Kustomization.load(gitops));
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

  /**
   * Provides every tool of the catalog (building them on a machine's first run), then checks every
   * collector config with {@code otelcol validate} and every rule group with {@code promtool check
   * rules}.
   *
   * @throws InvalidInputException with the program's message, naming the file and the object
   */
  public void validate(Tools tools) {
    // Every tool of the pipeline, provided now: a first-time build takes minutes, which must not
    // happen inside a pod start.
    tools.names().forEach(tools::directory);
    Path scratch;
    try {
      scratch = Files.createTempDirectory("scaleproof-validate");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (Manifests.Sourced declared : objects) {
        if (declared.object() instanceof GenericKubernetesResource resource) {
          switch (resource.getKind()) {
            case "OpenTelemetryCollector" -> checkCollector(tools, scratch, declared, resource);
            case "PrometheusRule" -> checkRules(tools, scratch, declared, resource);
            default -> {}
          }
        }
      }
    } finally {
      deleteQuietly(scratch);
    }
  }

  private static void checkCollector(
      Tools tools, Path scratch, Manifests.Sourced declared, GenericKubernetesResource collector) {
    Object config = spec(collector).get("config");
    String field = describe(declared) + ": spec.config";
    if (!(config instanceof Map<?, ?>)) {
      throw new InvalidInputException(
          declared.file(), field, "is missing", "Give the collector's configuration");
    }
    Path file = scratch.resolve(collector.getMetadata().getName() + "-collector.yaml");
    write(file, yaml(config));
    Path otelcol = tools.binary("otelcol", "otelcol-scaleproof");
    Check check = run(List.of(otelcol.toString(), "validate", "--config=" + file));
    if (!check.passed()) {
      throw new InvalidInputException(
          declared.file(),
          field,
          "the OpenTelemetry Collector rejects it: " + check.output(),
          "Fix the config; nothing was started");
    }
  }

  private static void checkRules(
      Tools tools, Path scratch, Manifests.Sourced declared, GenericKubernetesResource rule) {
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("groups", spec(rule).getOrDefault("groups", List.of()));
    Path file = scratch.resolve(rule.getMetadata().getName() + "-rules.yaml");
    write(file, yaml(groups));
    Path promtool = tools.binary("prometheus", "promtool");
    Check check = run(List.of(promtool.toString(), "check", "rules", file.toString()));
    if (!check.passed()) {
      throw new InvalidInputException(
          declared.file(),
          describe(declared) + ": spec.groups",
          "promtool rejects the rules: " + check.output(),
          "Fix the rules; nothing was started");
    }
  }

  /**
   * Applies the pipeline wave by wave and waits, within {@code waveTimeout} per wave, for every
   * Deployment of a wave to have all its replicas ready.
   *
   * @return for each wave, the time from the start of the install to the wave being healthy
   * @throws IllegalStateException naming what is not ready, and why its pods are not
   */
  public Map<Integer, Duration> install(Cluster cluster, Duration waveTimeout) {
    long start = System.nanoTime();
    Map<Integer, Duration> healthy = new LinkedHashMap<>();
    Map<Integer, List<Manifests.Sourced>> waves = new TreeMap<>();
    for (Manifests.Sourced declared : objects) {
      waves.computeIfAbsent(wave(declared), w -> new ArrayList<>()).add(declared);
    }
    for (Map.Entry<Integer, List<Manifests.Sourced>> wave : waves.entrySet()) {
      List<HasMetadata> ordered =
          wave.getValue().stream()
              .map(Manifests.Sourced::object)
              .sorted(Comparator.comparingInt(Pipeline::kindRank))
              .toList();
      cluster.apply(ordered);
      awaitHealthy(cluster.client(), wave.getKey(), ordered, waveTimeout);
      healthy.put(wave.getKey(), Duration.ofNanos(System.nanoTime() - start));
    }
    return healthy;
  }

  private static void awaitHealthy(
      KubernetesClient client, int wave, List<HasMetadata> objects, Duration timeout) {
    List<String[]> deployments = new ArrayList<>();
    for (HasMetadata object : objects) {
      String namespace = object.getMetadata().getNamespace();
      if (object instanceof Deployment) {
        deployments.add(new String[] {namespace, object.getMetadata().getName()});
      } else if ("OpenTelemetryCollector".equals(object.getKind())) {
        deployments.add(new String[] {namespace, object.getMetadata().getName() + "-collector"});
      }
    }
    if (deployments.isEmpty()) {
      return;
    }
    try {
      await("sync wave " + wave + " healthy")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> deployments.stream().allMatch(d -> ready(client, d[0], d[1])));
    } catch (ConditionTimeoutException e) {
      String unhealthy =
          deployments.stream()
              .filter(d -> !ready(client, d[0], d[1]))
              .map(d -> describeDeployment(client, d[0], d[1]))
              .collect(Collectors.joining("; "));
      throw new IllegalStateException(
          "sync wave "
              + wave
              + " is not healthy after "
              + timeout.toSeconds()
              + " s: "
              + unhealthy
              + ". Later waves were not applied",
          e);
    }
  }

  private static boolean ready(KubernetesClient client, String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null || deployment.getStatus() == null) {
      return false;
    }
    int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
    int ready = Optional.ofNullable(deployment.getStatus().getReadyReplicas()).orElse(0);
    Long observed = deployment.getStatus().getObservedGeneration();
    return ready >= desired
        && observed != null
        && observed >= Optional.ofNullable(deployment.getMetadata().getGeneration()).orElse(0L);
  }

  /** What keeps a Deployment from being ready: its pods' phases and container states. */
  private static String describeDeployment(KubernetesClient client, String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      return "Deployment " + namespace + "/" + name + " does not exist";
    }
    Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
    List<Pod> pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
    String podStates =
        pods.stream().map(Pipeline::describePod).collect(Collectors.joining(", ", "[", "]"));
    Integer ready =
        deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
    return "Deployment "
        + namespace
        + "/"
        + name
        + " has "
        + (ready == null ? 0 : ready)
        + "/"
        + Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1)
        + " ready, pods "
        + podStates;
  }

  private static String describePod(Pod pod) {
    StringBuilder text = new StringBuilder(pod.getMetadata().getName());
    if (pod.getStatus() == null) {
      return text.append(" (no status)").toString();
    }
    text.append(" ").append(pod.getStatus().getPhase());
    pod.getStatus()
        .getContainerStatuses()
        .forEach(
            status -> {
              if (status.getState() != null && status.getState().getWaiting() != null) {
                String message = status.getState().getWaiting().getMessage();
                text.append(" ")
                    .append(status.getName())
                    .append(" waiting ")
                    .append(status.getState().getWaiting().getReason())
                    .append(message == null ? "" : ": " + message);
              } else if (!Boolean.TRUE.equals(status.getReady())) {
                text.append(" ").append(status.getName()).append(" not ready");
              }
            });
    return text.toString();
  }

  /**
   * Waits until {@code url} answers 200, e.g. a health endpoint behind a Service.
   *
   * @throws IllegalStateException after {@code timeout}
   */
  public static void awaitHttpOk(String what, URI url, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await(what + " answering 200 at " + url)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
  }

  private static int wave(Manifests.Sourced declared) {
    Map<String, String> annotations = declared.object().getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(SYNC_WAVE);
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          declared.file(),
          describe(declared) + ": metadata.annotations." + SYNC_WAVE,
          "is \"" + value + "\", not an integer",
          "Give a whole number, e.g. \"-1\"");
    }
  }

  private static int kindRank(HasMetadata object) {
    int rank = KIND_ORDER.indexOf(object.getKind());
    return rank < 0 ? KIND_ORDER.size() : rank;
  }

  private static String describe(Manifests.Sourced declared) {
    return declared.where()
        + ": "
        + declared.object().getKind()
        + " "
        + declared.object().getMetadata().getName();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    Object spec = resource.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static String yaml(Object value) {
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
        .dumpToString(value);
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Check(boolean passed, String output) {}

  private static Check run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new Check(false, String.join(" ", command) + " did not finish");
      }
      return new Check(
          process.exitValue() == 0, new String(output, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
