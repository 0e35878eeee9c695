package io.scaleproof.cluster.pipeline;

import static io.scaleproof.cluster.PlainValues.map;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.GitRemote;
import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.Kustomization;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.WorkloadReadiness;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.gitops.SyncOrder;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The declared pipeline of {@code cluster/gitops}: checked by the real programs before anything
 * starts, then installed through Git — a repository seeded with it, and an Argo CD Application that
 * syncs it sync wave by sync wave, each wave healthy before the next.
 *
 * <ul>
 *   <li>{@link #validate} runs {@code otelcol validate} on every {@code OpenTelemetryCollector}'s
 *       config and {@code promtool check rules} on every {@code PrometheusRule}; a refusal stops
 *       the run with the program's own message, the file and the object.
 *   <li>{@link #install} seeds the Git repository and creates the Application; Argo CD applies wave
 *       by wave (annotation {@code argocd.argoproj.io/sync-wave}, default 0; within a wave, its
 *       kind order), and the install waits until each Deployment of the wave (and each collector's
 *       Deployment) has all its replicas ready, then for the Application to be Synced.
 * </ul>
 */
public final class Pipeline {
  private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(1);

  private final Path source;
  private final List<Manifests.Sourced> objects;

  private Pipeline(Path source, List<Manifests.Sourced> objects) {
    this.source = source;
    this.objects = objects;
  }

  /**
   * The pipeline in {@code gitops}, rendered as Argo CD renders an Application's path: the
   * kustomization there, else the directory's own manifest files (not its subdirectories, as Argo
   * CD's {@code directory.recurse} defaults to false).
   *
   * @throws InvalidInputException naming the file and the field of a manifest that cannot be read
   */
  public static Pipeline load(Path gitops) {
    if (Files.isRegularFile(gitops.resolve("kustomization.yaml"))) {
      return new Pipeline(gitops, Kustomization.load(gitops));
    }
    List<Manifests.Sourced> objects = new ArrayList<>();
    try (var files = Files.list(gitops)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
              .sorted()
              .toList()) {
        objects.addAll(Manifests.loadSourced(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the pipeline's directory " + gitops, e);
    }
    return new Pipeline(gitops, objects);
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
   * The file that declares the object of {@code kind} named {@code name}, relative to the
   * pipeline's directory (as {@link Installed#read} and {@link Installed#commit} take it), if the
   * pipeline declares one.
   */
  public Optional<String> declaringFile(String kind, String name) {
    return declaringFile(object -> kind.equals(object.getKind()) && name.equals(nameOf(object)));
  }

  /**
   * As {@link #declaringFile(String, String)}, for the object in {@code namespace} (an object
   * declared without one is in {@code default}, as Argo CD applies it).
   */
  public Optional<String> declaringFile(String kind, String namespace, String name) {
    return declaringFile(
        object ->
            kind.equals(object.getKind())
                && name.equals(nameOf(object))
                && namespace.equals(namespaceOf(object)));
  }

  /**
   * The file on disk that declares the object of {@code kind} in {@code namespace} named {@code
   * name}, for errors that point at it; the pipeline's directory when it declares none.
   */
  public Path declaringPath(String kind, String namespace, String name) {
    return declaringFile(kind, namespace, name)
        .map(relative -> source.resolve(relative).normalize())
        .orElse(source);
  }

  private Optional<String> declaringFile(java.util.function.Predicate<HasMetadata> which) {
    return objects.stream()
        .filter(declared -> which.test(declared.object()))
        .map(declared -> source.relativize(declared.file()).toString().replace('\\', '/'))
        .findFirst();
  }

  private static String nameOf(HasMetadata object) {
    return object.getMetadata().getName();
  }

  /** The namespace an object is applied to: its own, or {@code default}. */
  public static String namespaceOf(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }

  /**
   * The declared objects grouped by sync wave ({@link SyncOrder#wave}: as Argo CD reads the
   * annotation), lowest wave first, each wave in the order Argo CD applies it ({@link
   * SyncOrder#withinWave()}: kind order, then name). The map and its lists are unmodifiable.
   */
  public SortedMap<Integer, List<Manifests.Sourced>> syncWaves() {
    TreeMap<Integer, List<Manifests.Sourced>> waves = new TreeMap<>();
    for (Manifests.Sourced declared : objects) {
      waves
          .computeIfAbsent(SyncOrder.wave(declared.object()), w -> new ArrayList<>())
          .add(declared);
    }
    Comparator<Manifests.Sourced> order =
        Comparator.comparing(Manifests.Sourced::object, SyncOrder.withinWave());
    waves.replaceAll((wave, members) -> members.stream().sorted(order).toList());
    return Collections.unmodifiableSortedMap(waves);
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
        Optional<Refusal> refusal = refusal(tools, scratch, declared.object());
        if (refusal.isPresent()) {
          throw new InvalidInputException(
              declared.file(),
              describe(declared) + ": " + refusal.get().field(),
              refusal.get().message(),
              "Fix it; nothing was started");
        }
      }
    } finally {
      deleteQuietly(scratch);
    }
  }

  /**
   * What a real program says against one declared object: {@code otelcol validate} against an
   * {@code OpenTelemetryCollector}'s config, {@code promtool check rules} against a {@code
   * PrometheusRule}'s groups.
   *
   * @param field the object's field at fault ({@code spec.config}, {@code spec.groups})
   * @param message the program's refusal, in its words
   */
  public record Refusal(String field, String message) {}

  /**
   * Checks one object with the real program for its kind; empty when it passes, or when no program
   * checks that kind.
   *
   * @param scratch a directory for the files the programs read
   */
  public static Optional<Refusal> refusal(Tools tools, Path scratch, HasMetadata object) {
    if (!(object instanceof GenericKubernetesResource resource)) {
      return Optional.empty();
    }
    return switch (resource.getKind()) {
      case "OpenTelemetryCollector" -> checkCollector(tools, scratch, resource);
      case "PrometheusRule" -> checkRules(tools, scratch, resource);
      default -> Optional.empty();
    };
  }

  private static Optional<Refusal> checkCollector(
      Tools tools, Path scratch, GenericKubernetesResource collector) {
    Object config = spec(collector).get("config");
    if (!(config instanceof Map<?, ?>)) {
      return Optional.of(
          new Refusal("spec.config", "is missing: give the collector's configuration"));
    }
    Path file = scratch.resolve(collector.getMetadata().getName() + "-collector.yaml");
    write(file, yaml(config));
    Path otelcol = tools.binary("otelcol", "otelcol-scaleproof");
    Check check = run(List.of(otelcol.toString(), "validate", "--config=" + file));
    return check.passed()
        ? Optional.empty()
        : Optional.of(
            new Refusal(
                "spec.config", "the OpenTelemetry Collector rejects it: " + check.output()));
  }

  private static Optional<Refusal> checkRules(
      Tools tools, Path scratch, GenericKubernetesResource rule) {
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("groups", spec(rule).getOrDefault("groups", List.of()));
    Path file = scratch.resolve(rule.getMetadata().getName() + "-rules.yaml");
    write(file, yaml(groups));
    Path promtool = tools.binary("prometheus", "promtool");
    Check check = run(List.of(promtool.toString(), "check", "rules", file.toString()));
    return check.passed()
        ? Optional.empty()
        : Optional.of(new Refusal("spec.groups", "promtool rejects the rules: " + check.output()));
  }

  /**
   * The installed pipeline: how long each wave took, the Git repository it is synced from, the
   * Application that syncs it, and the names its namespaces have on the cluster.
   */
  public static final class Installed {
    private final Map<Integer, Duration> waves;
    private final Path repository;
    private final String path;
    private final String application;
    private final NamespaceMapping namespaces;
    private final GitRemote remote;

    private Installed(
        Map<Integer, Duration> waves,
        Path repository,
        String path,
        String application,
        NamespaceMapping namespaces,
        GitRemote remote) {
      this.waves = Map.copyOf(waves);
      this.repository = repository;
      this.path = path;
      this.application = application;
      this.namespaces = namespaces;
      this.remote = remote;
    }

    /** Each sync wave's time from the start of the install to the wave being healthy. */
    public Map<Integer, Duration> waves() {
      return waves;
    }

    /** The run's repository on this machine. */
    public Path repository() {
      return repository;
    }

    /** Where the pipeline's directory lies in the repository. */
    public String path() {
      return path;
    }

    /** The name of the Argo CD Application (in {@link GitOps#NAMESPACE}) that syncs it. */
    public String application() {
      return application;
    }

    /** The names the declared namespaces have on the cluster. */
    public NamespaceMapping namespaces() {
      return namespaces;
    }

    /**
     * Pushes a change: commits it to the repository Argo CD syncs the pipeline from, with the
     * cluster's namespace names, and brings it to where Argo CD reads it. Paths are relative to the
     * pipeline's directory; a null content deletes the file.
     *
     * @return the commit's SHA
     */
    public String commit(String message, Map<String, String> changes) {
      Map<String, String> changed = new LinkedHashMap<>();
      changes.forEach(
          (file, content) ->
              changed.put(inRepository(file), content == null ? null : namespaces.apply(content)));
      try (GitRepository git = GitRepository.open(repository)) {
        String sha = git.commit(message, changed);
        remote.push(git);
        return sha;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Where a file of the pipeline is in the repository: under the pipeline's path, so that a file
     * the pipeline references from outside its directory ({@code ../../sample-apps/...}) lands
     * where the seed put it.
     */
    private String inRepository(String file) {
      return Path.of(path).resolve(file).normalize().toString().replace('\\', '/');
    }

    /** A file of the pipeline as the repository's last commit has it. */
    public String read(String file) {
      try {
        return Files.readString(repository.resolve(inRepository(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The Argo CD Application that syncs the pipeline. */
  public static final String APPLICATION = "scaleproof-pipeline";

  /**
   * The Argo CD Application {@link #APPLICATION} that syncs the pipeline from {@code path} of the
   * repository at {@code repositoryUrl}, as {@link #install} creates it on the embedded cluster:
   * automated sync with prune and self-heal, into namespace {@code default}.
   */
  public static GenericKubernetesResource application(String repositoryUrl, String path) {
    return application(repositoryUrl, path, NamespaceMapping.identity());
  }

  /**
   * The Application as {@link #install} creates it for namespaces {@code names}: a run on a shared
   * cluster gets its own, {@code scaleproof-pipeline-<run>}, labelled with the run.
   */
  static GenericKubernetesResource application(
      String repositoryUrl, String path, NamespaceMapping names) {
    GenericKubernetesResource application =
        GitOps.application(applicationName(names), repositoryUrl, path, "default");
    names
        .run()
        .ifPresent(
            run -> application.getMetadata().setLabels(Map.of(NamespaceMapping.RUN_LABEL, run)));
    return application;
  }

  private static String applicationName(NamespaceMapping names) {
    return names.run().map(run -> APPLICATION + "-" + run).orElse(APPLICATION);
  }

  /**
   * Installs the pipeline through Git, as Argo CD does it: seeds a Git repository in the run's
   * directory with the pipeline's files (in the cluster's {@linkplain Cluster#namespaces()
   * namespaces}), makes it readable by the cluster's Argo CD ({@link Cluster#gitRemote()}), creates
   * the Application that syncs it (automated, prune, self-heal), and waits, within {@code
   * waveTimeout} per wave, for every Deployment of each wave to have all its replicas ready, then
   * for the Application to be Synced with its sync succeeded.
   *
   * @return each wave's time from the start of the install to the wave being healthy, and the
   *     repository
   * @throws IllegalStateException naming what is not ready, and why its pods are not, or what the
   *     Application reports
   */
  public Installed install(Cluster cluster, Duration waveTimeout) {
    long start = System.nanoTime();
    NamespaceMapping names = cluster.namespaces();
    Path directory = cluster.runDirectory().resolve("gitops-repository");
    GitOps.Seeded seeded = GitOps.seed(directory, source, objects, names);
    KubernetesClient client = cluster.client();
    if (client.namespaces().withName(GitOps.NAMESPACE).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(GitOps.NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
    }
    GitRemote remote = cluster.gitRemote();
    try (GitRepository repository = seeded.repository()) {
      cluster.apply(List.of(application(remote.publish(repository), seeded.path(), names)));
    }
    ApplicationWatch application = new ApplicationWatch(client, applicationName(names));
    Map<Integer, Duration> healthy = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<Manifests.Sourced>> wave : syncWaves().entrySet()) {
      List<HasMetadata> ordered = wave.getValue().stream().map(Manifests.Sourced::object).toList();
      awaitHealthy(client, wave.getKey(), ordered, names, waveTimeout, application);
      healthy.put(wave.getKey(), Duration.ofNanos(System.nanoTime() - start));
    }
    application.awaitSynced(waveTimeout);
    return new Installed(healthy, directory, seeded.path(), application.name, names, remote);
  }

  /** The Application's status, as the install waits on it and reports it. */
  private static final class ApplicationWatch {
    private final KubernetesClient client;
    private final String name;

    ApplicationWatch(KubernetesClient client, String name) {
      this.client = client;
      this.name = name;
    }

    /** Waits for the Application's sync to succeed and its status to say Synced. */
    void awaitSynced(Duration timeout) {
      try {
        await("Application " + name + " Synced")
            .atMost(timeout)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  failOnComparisonError();
                  Map<String, Object> status = status();
                  return "Synced".equals(map(status.get("sync")).get("status"))
                      && "Succeeded".equals(map(status.get("operationState")).get("phase"));
                });
      } catch (ConditionTimeoutException e) {
        throw new IllegalStateException(
            "the pipeline's Application is not synced after "
                + timeout.toSeconds()
                + " s: "
                + report(),
            e);
      }
    }

    /** What the Application says: sync and health status, the operation's message, conditions. */
    String report() {
      Map<String, Object> status = status();
      Map<String, Object> operation = map(status.get("operationState"));
      StringBuilder report =
          new StringBuilder("Application ")
              .append(name)
              .append(": sync ")
              .append(map(status.get("sync")).getOrDefault("status", "unknown"))
              .append(", health ")
              .append(map(status.get("health")).getOrDefault("status", "unknown"));
      if (operation.get("message") != null) {
        report
            .append(", operation ")
            .append(operation.get("phase"))
            .append(": ")
            .append(operation.get("message"));
      }
      if (status.get("conditions") instanceof List<?> conditions) {
        for (Object condition : conditions) {
          report
              .append("; ")
              .append(map(condition).get("type"))
              .append(": ")
              .append(map(condition).get("message"));
        }
      }
      return report.toString();
    }

    /**
     * Stops the install when Argo CD cannot read the pipeline from Git (a path or revision that
     * does not exist, a manifest that does not parse): waiting would not change it.
     */
    void failOnComparisonError() {
      if (status().get("conditions") instanceof List<?> conditions) {
        for (Object condition : conditions) {
          if ("ComparisonError".equals(map(condition).get("type"))) {
            throw new IllegalStateException(
                "Argo CD cannot read the pipeline from Git: " + map(condition).get("message"));
          }
        }
      }
    }

    private Map<String, Object> status() {
      GenericKubernetesResource application =
          client
              .genericKubernetesResources(GitOps.APPLICATIONS)
              .inNamespace(GitOps.NAMESPACE)
              .withName(name)
              .get();
      return application == null ? Map.of() : map(application.get("status"));
    }
  }

  private static void awaitHealthy(
      KubernetesClient client,
      int wave,
      List<HasMetadata> objects,
      NamespaceMapping names,
      Duration timeout,
      ApplicationWatch application) {
    List<String[]> deployments = new ArrayList<>();
    for (HasMetadata object : objects) {
      String namespace = names.of(object.getMetadata().getNamespace());
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
          .until(
              () -> {
                application.failOnComparisonError();
                return deployments.stream().allMatch(d -> ready(client, d[0], d[1]));
              });
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
              + ". "
              + application.report(),
          e);
    }
  }

  private static boolean ready(KubernetesClient client, String namespace, String name) {
    return WorkloadReadiness.notReady(client, namespace, "Deployment", name).isEmpty();
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

  record Check(boolean passed, String output) {}

  /**
   * Runs a check to its end or {@link #CHECK_TIMEOUT}. Its output goes to a file, read once the
   * process is gone: reading a pipe to its end first would wait for as long as the program (or a
   * child of it) keeps the pipe open, and the timeout could never fire.
   */
  static Check run(List<String> command) {
    Path output = null;
    try {
      output = Files.createTempFile("scaleproof-check", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new Check(
            false,
            String.join(" ", command)
                + " did not finish within "
                + CHECK_TIMEOUT.toSeconds()
                + " s");
      }
      return new Check(
          process.exitValue() == 0, Files.readString(output, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // A leftover temporary file is harmless.
        }
      }
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
