package io.scaleproof.cluster.sim.argocd;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.MergePatch;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.gitops.SyncOrder;
import io.scaleproof.cluster.sim.apiserver.ResourceTypes;
import io.scaleproof.cluster.sim.controller.EventRecorder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argo CD's application controller for {@code argoproj.io/v1alpha1} Applications on the embedded
 * cluster, reading {@code file://} Git repositories.
 *
 * <p>Each Application is refreshed from Git when it appears or changes and then every {@code
 * reconciliation} period (Argo CD's {@code timeout.reconciliation}, 120 s by default); its live
 * objects are compared every second, as Argo CD's watch of the cluster would notice them. The
 * comparison is Argo CD's default: a resource is out of sync when applying its manifest would
 * change it (the three-way merge of the last applied configuration, Git and the live object), after
 * {@code ignoreDifferences} is taken out of both sides. Managed objects carry the {@code
 * argocd.argoproj.io/tracking-id} annotation, and only those are pruned.
 *
 * <p>Syncs run as gitops-engine runs them: PreSync (the destination namespace under {@code
 * CreateNamespace=true}), then wave by wave in kind order, prune tasks first and in reverse wave
 * order, each wave but the last healthy before the next and 2 s apart. Automated sync, prune,
 * {@code allowEmpty} and self-heal (with its 0, 2, 6, 18 … 300 s back-off, started afresh after 330
 * s in sync) follow {@code autoSync}. The status holds what {@code kubectl get application -o yaml}
 * shows: sync, health, operationState, history, resources, conditions.
 */
public final class ArgoCdController implements AutoCloseable {
  public static final ResourceDefinitionContext APPLICATIONS = GitOps.APPLICATIONS;

  public static final String TRACKING_ID = "argocd.argoproj.io/tracking-id";
  static final Duration WAVE_DELAY = Duration.ofSeconds(2);

  /**
   * How long an Application stays synced before self-heal's back-off starts afresh (the
   * controller's {@code --self-heal-backoff-cooldown-seconds}, 330 by default).
   */
  static final Duration SELF_HEAL_COOLDOWN = Duration.ofSeconds(330);

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final int HISTORY_LIMIT = 10;
  private static final Logger LOG = LoggerFactory.getLogger(ArgoCdController.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "StorageClass",
          "PersistentVolume",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "PriorityClass",
          "IngressClass",
          "APIService");

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration reconciliation;
  private final Path workDirectory;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "sim-argocd");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, AppState> apps = new HashMap<>();
  private final Map<String, GitRepository> repositories = new HashMap<>();

  /** What the controller holds for one Application between its refreshes. */
  private static final class AppState {
    String specJson;
    Instant refreshedAt;
    String revision;
    ApplicationSource.Rendered rendered;
    Path checkout;
    String comparisonError;
    SyncOperation operation;
    Retry retry;
    final Set<Gvk> kinds = new LinkedHashSet<>();
  }

  /** A failed operation waiting for its next attempt. */
  private record Retry(SyncOperation failed, int attempt, Instant at) {}

  /** The retry back-off: 5 s, doubling each attempt, at most 3 min. */
  static Duration retryBackoff(int attempt) {
    long seconds = 5L << Math.min(attempt - 1, 10);
    return Duration.ofSeconds(Math.min(seconds, 180));
  }

  /** A group, version and kind, for listing what an Application may have created. */
  record Gvk(String apiVersion, String kind) {
    String group() {
      return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    String version() {
      return apiVersion.contains("/")
          ? apiVersion.substring(apiVersion.indexOf('/') + 1)
          : apiVersion;
    }
  }

  /**
   * @param reconciliation how often each Application is refreshed from Git
   * @param workDirectory where checkouts of the repositories' commits are written
   */
  public ArgoCdController(
      KubernetesClient client,
      EventRecorder events,
      Clock clock,
      Duration reconciliation,
      Path workDirectory) {
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.reconciliation = reconciliation;
    this.workDirectory = workDirectory;
  }

  public void start() {
    loop.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      List<GenericKubernetesResource> applications =
          client.genericKubernetesResources(APPLICATIONS).inAnyNamespace().list().getItems();
      Set<String> present = new LinkedHashSet<>();
      for (GenericKubernetesResource application : applications) {
        String key = key(application);
        present.add(key);
        try {
          process(application, apps.computeIfAbsent(key, k -> new AppState()));
        } catch (RuntimeException e) {
          LOG.warn("Application {}: {}", key, e.toString(), e);
        }
      }
      apps.keySet().retainAll(present);
    } catch (RuntimeException e) {
      LOG.debug("Argo CD tick: {}", e.toString());
    }
  }

  /** One reconcile of an Application: refresh, compare, run or start a sync, write the status. */
  private void process(GenericKubernetesResource application, AppState state) {
    ApplicationSpec spec = ApplicationSpec.of(application);
    Instant now = clock.instant();
    String specJson = JSON.asJson(application.get("spec"));
    boolean refresh =
        state.refreshedAt == null
            || !specJson.equals(state.specJson)
            || !now.isBefore(state.refreshedAt.plus(reconciliation))
            || application.getMetadata().getAnnotations() != null
                && application
                    .getMetadata()
                    .getAnnotations()
                    .containsKey("argocd.argoproj.io/refresh");
    if (refresh) {
      refreshFromGit(spec, state);
      state.specJson = specJson;
      state.refreshedAt = now;
      if (application.getMetadata().getAnnotations() != null
          && application.getMetadata().getAnnotations().containsKey("argocd.argoproj.io/refresh")) {
        client
            .genericKubernetesResources(APPLICATIONS)
            .inNamespace(application.getMetadata().getNamespace())
            .withName(application.getMetadata().getName())
            .edit(
                a -> {
                  a.getMetadata().getAnnotations().remove("argocd.argoproj.io/refresh");
                  return a;
                });
      }
    }
    Map<String, Object> previous = PlainValues.map(application.get("status"));
    Map<String, Object> status = new LinkedHashMap<>(previous);
    List<Map<String, Object>> conditions = new ArrayList<>();
    Comparison comparison;
    if (state.comparisonError != null) {
      comparison = null;
      conditions.add(condition(previous, "ComparisonError", state.comparisonError, now));
      status.put("sync", syncStatus("Unknown", state.revision, spec));
      status.remove("resources");
    } else {
      comparison = compare(spec, state);
      status.put("sync", syncStatus(comparison.syncStatus(), state.revision, spec));
      status.put("resources", comparison.resources());
      Map<String, Object> health = new LinkedHashMap<>();
      health.put("status", comparison.health());
      Map<String, Object> previousHealth = PlainValues.map(previous.get("health"));
      health.put(
          "lastTransitionTime",
          comparison.health().equals(previousHealth.get("status"))
                  && previousHealth.get("lastTransitionTime") != null
              ? previousHealth.get("lastTransitionTime")
              : now.truncatedTo(ChronoUnit.SECONDS).toString());
      status.put("health", health);
    }
    if (state.operation != null) {
      state.operation.advance(now);
      if (state.operation.completed()
          && !state.operation.succeeded()
          && state.operation.retryCount() < spec.retryLimit()
          && comparison != null) {
        // Retried with back-off (5 s, doubling, at most 3 min), as the operation's retry says.
        int attempt = state.operation.retryCount() + 1;
        Instant at = now.plus(retryBackoff(attempt));
        status.put("operationState", state.operation.retrying(attempt, at));
        state.retry = new Retry(state.operation, attempt, at);
        state.operation = null;
      } else {
        status.put("operationState", state.operation.toStatus());
        if (state.operation.completed()) {
          finish(application, spec, state, status, now);
        }
      }
    } else if (state.retry != null) {
      if (!now.isBefore(state.retry.at()) && comparison != null) {
        state.operation =
            state.retry.failed().retry(comparison.managed(), state.retry.attempt(), now);
        state.retry = null;
        status.put("operationState", state.operation.toStatus());
      }
    } else if (comparison != null) {
      // A failed comparison never syncs.
      autoSync(application, spec, state, comparison, status, now).ifPresent(conditions::add);
    }
    conditions.sort(Comparator.comparing(c -> c.get("type") + "/" + c.get("message")));
    if (conditions.isEmpty()) {
      status.remove("conditions");
    } else {
      status.put("conditions", conditions);
    }
    status.put("sourceType", state.rendered == null ? null : state.rendered.sourceType());
    status.values().removeIf(Objects::isNull);
    if (refresh) {
      status.put("reconciledAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    status.put("resourceHealthSource", "appTree");
    status.put("controllerNamespace", "argocd");
    writeStatus(application, status);
  }

  /** Resolves the revision and renders the source at it, as the repo server does. */
  private void refreshFromGit(ApplicationSpec spec, AppState state) {
    state.comparisonError = null;
    GitRepository repository;
    try {
      repository = repository(spec.repoUrl());
    } catch (IOException | IllegalArgumentException e) {
      state.comparisonError =
          "Failed to load target state: failed to generate manifest for source 1 of 1: rpc error:"
              + " code = Unknown desc = repository not found: "
              + spec.repoUrl()
              + " (the embedded Argo CD reads file:// repositories)";
      return;
    }
    Optional<String> revision = repository.resolve(spec.targetRevision());
    if (revision.isEmpty()) {
      state.comparisonError =
          "Failed to load target state: failed to generate manifest for source 1 of 1: rpc error:"
              + " code = Unknown desc = unable to resolve '"
              + spec.targetRevision()
              + "' to a commit SHA";
      return;
    }
    if (revision.get().equals(state.revision) && state.rendered != null) {
      return;
    }
    Path checkout = workDirectory.resolve(revision.get());
    if (!Files.exists(checkout)) {
      Path partial = workDirectory.resolve(revision.get() + ".partial");
      GitRepository.deleteTree(partial);
      repository.export(revision.get(), partial);
      try {
        Files.move(partial, checkout);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    ApplicationSource.Rendered rendered =
        ApplicationSource.render(checkout, spec.path(), spec.directory());
    state.revision = revision.get();
    state.checkout = checkout;
    if (rendered.failed()) {
      state.comparisonError = rendered.error();
      state.rendered = null;
      return;
    }
    state.rendered = rendered;
  }

  private GitRepository repository(String url) throws IOException {
    GitRepository open = repositories.get(url);
    if (open == null) {
      URI uri = URI.create(url);
      if (!"file".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not a file:// URL: " + url);
      }
      Path directory = Path.of(uri);
      if (!Files.isDirectory(directory.resolve(".git"))) {
        throw new IOException("no repository at " + directory);
      }
      open = GitRepository.open(directory);
      repositories.put(url, open);
    }
    return open;
  }

  /** One managed resource: its Git manifest (null if only live) and its live object (or null). */
  record Managed(
      Gvk gvk,
      String namespace,
      String name,
      HasMetadata target,
      Map<String, Object> live,
      String file,
      int wave,
      boolean modified) {

    boolean requiresPruning() {
      return target == null && live != null;
    }

    boolean synced() {
      return target != null && live != null && !modified;
    }

    String key() {
      return gvk.group() + "/" + gvk.kind() + "/" + namespace + "/" + name;
    }
  }

  /** The comparison of Git with the cluster. */
  record Comparison(
      List<Managed> managed,
      String syncStatus,
      String health,
      List<Map<String, Object>> resources) {}

  private Comparison compare(ApplicationSpec spec, AppState state) {
    Map<String, Managed> byKey = new TreeMap<>();
    for (Manifests.Sourced sourced : state.rendered.objects()) {
      HasMetadata target = tracked(spec, sourced.object());
      Gvk gvk = new Gvk(target.getApiVersion(), target.getKind());
      state.kinds.add(gvk);
      Map<String, Object> live = live(target);
      boolean modified = live == null || modified(spec, target, live);
      Managed managed =
          new Managed(
              gvk,
              Objects.toString(target.getMetadata().getNamespace(), ""),
              target.getMetadata().getName(),
              target,
              live,
              ApplicationSource.file(state.checkout, sourced),
              wave(target),
              modified);
      byKey.put(managed.key(), managed);
    }
    // Live objects this Application created whose manifests are gone from Git.
    for (Gvk gvk : state.kinds) {
      for (GenericKubernetesResource live : list(gvk)) {
        String id =
            live.getMetadata().getAnnotations() == null
                ? null
                : live.getMetadata().getAnnotations().get(TRACKING_ID);
        String namespace = Objects.toString(live.getMetadata().getNamespace(), "");
        String self =
            trackingId(
                spec,
                gvk,
                namespace.isEmpty() ? spec.namespace() : namespace,
                live.getMetadata().getName());
        if (!self.equals(id)) {
          continue;
        }
        Managed extra =
            new Managed(
                gvk,
                namespace,
                live.getMetadata().getName(),
                null,
                tree(live),
                null,
                wave(live),
                true);
        byKey.putIfAbsent(extra.key(), extra);
      }
    }
    List<Managed> managed = new ArrayList<>(byKey.values());
    String health = "Healthy";
    boolean anyLive = false;
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Managed m : managed) {
      Map<String, Object> resource = new LinkedHashMap<>();
      resource.put("group", m.gvk().group().isEmpty() ? null : m.gvk().group());
      resource.put("version", m.gvk().version());
      resource.put("kind", m.gvk().kind());
      resource.put("namespace", m.namespace().isEmpty() ? null : m.namespace());
      resource.put("name", m.name());
      resource.put("status", m.synced() ? "Synced" : "OutOfSync");
      if (m.requiresPruning()) {
        resource.put("requiresPruning", true);
      }
      if (m.wave() != 0) {
        resource.put("syncWave", m.wave());
      }
      resource.values().removeIf(Objects::isNull);
      resources.add(resource);
      if (m.live() != null) {
        anyLive = true;
        Optional<ResourceHealth.Status> h = ResourceHealth.of(m.live());
        if (h.isPresent() && ResourceHealth.isWorse(health, h.get().status())) {
          health = h.get().status();
        }
      }
    }
    if (!managed.isEmpty() && !anyLive && ResourceHealth.isWorse(health, "Missing")) {
      health = "Missing";
    }
    boolean synced = managed.stream().allMatch(Managed::synced);
    return new Comparison(managed, synced ? "Synced" : "OutOfSync", health, resources);
  }

  /** The manifest as Argo CD applies it: in the destination namespace, with its tracking id. */
  private static HasMetadata tracked(ApplicationSpec spec, HasMetadata object) {
    HasMetadata copy = object(tree(object));
    boolean clusterScoped = CLUSTER_SCOPED.contains(copy.getKind());
    if (clusterScoped) {
      copy.getMetadata().setNamespace(null);
    } else if (copy.getMetadata().getNamespace() == null) {
      copy.getMetadata().setNamespace(spec.namespace());
    }
    Map<String, String> annotations =
        new LinkedHashMap<>(
            copy.getMetadata().getAnnotations() == null
                ? Map.of()
                : copy.getMetadata().getAnnotations());
    Gvk gvk = new Gvk(copy.getApiVersion(), copy.getKind());
    annotations.put(
        TRACKING_ID,
        trackingId(
            spec,
            gvk,
            clusterScoped ? spec.namespace() : copy.getMetadata().getNamespace(),
            copy.getMetadata().getName()));
    copy.getMetadata().setAnnotations(annotations);
    return copy;
  }

  /** {@code <app>:<group>/<Kind>:<namespace>/<name>}. */
  static String trackingId(ApplicationSpec spec, Gvk gvk, String namespace, String name) {
    return spec.name() + ":" + gvk.group() + "/" + gvk.kind() + ":" + namespace + "/" + name;
  }

  /** Whether applying the manifest would change the live object, ignored differences aside. */
  private static boolean modified(
      ApplicationSpec spec, HasMetadata target, Map<String, Object> live) {
    Map<String, Object> predicted = ClientSideApply.predicted(live, target);
    Map<String, Object> current = copy(live);
    for (String pointer : spec.ignoredPointers(target)) {
      JsonPointers.remove(predicted, pointer);
      JsonPointers.remove(current, pointer);
    }
    predicted.remove("status");
    current.remove("status");
    boolean modified = !predicted.equals(current);
    if (modified && LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} is out of sync; a sync would apply {}",
          target.getKind(),
          target.getMetadata().getName(),
          MergePatch.diff(current, predicted));
    }
    return modified;
  }

  private Map<String, Object> live(HasMetadata target) {
    try {
      HasMetadata live = client.resource(target).get();
      return live == null ? null : tree(live);
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  private List<GenericKubernetesResource> list(Gvk gvk) {
    try {
      return client.genericKubernetesResources(context(gvk)).inAnyNamespace().list().getItems();
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  static ResourceDefinitionContext context(Gvk gvk) {
    // The API's resource name: the kind in lower case, made plural as English does (Endpoints
    // stays endpoints, Gateway becomes gateways, NetworkPolicy networkpolicies).
    String plural = Pluralize.toPlural(gvk.kind().toLowerCase(java.util.Locale.ROOT));
    return new ResourceDefinitionContext.Builder()
        .withGroup(gvk.group())
        .withVersion(gvk.version())
        .withKind(gvk.kind())
        .withPlural(plural)
        .withNamespaced(!CLUSTER_SCOPED.contains(gvk.kind()))
        .build();
  }

  static int wave(HasMetadata object) {
    return SyncOrder.wave(object);
  }

  static int kindRank(String kind) {
    return SyncOrder.kindRank(kind);
  }

  /** Whether the API server serves the manifest's kind. */
  boolean served(HasMetadata object) {
    if (!(object instanceof GenericKubernetesResource)) {
      return true;
    }
    Gvk gvk = new Gvk(object.getApiVersion(), object.getKind());
    if (ResourceTypes.served(gvk.group(), gvk.kind())) {
      return true;
    }
    return client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
        .anyMatch(
            crd ->
                crd.getSpec().getGroup().equals(gvk.group())
                    && crd.getSpec().getNames().getKind().equals(gvk.kind()));
  }

  /**
   * {@code autoSync}: starts a sync when the Application is out of sync and automated, unless the
   * same revision was already synced (then only self-heal, after its back-off, syncs again — the
   * out-of-sync resources alone); refuses to prune everything without {@code allowEmpty}.
   *
   * @return the SyncError condition, when there is one
   */
  private Optional<Map<String, Object>> autoSync(
      GenericKubernetesResource application,
      ApplicationSpec spec,
      AppState state,
      Comparison comparison,
      Map<String, Object> status,
      Instant now) {
    if (!spec.automated() || !"OutOfSync".equals(comparison.syncStatus())) {
      return Optional.empty();
    }
    List<Managed> outOfSync = comparison.managed().stream().filter(m -> !m.synced()).toList();
    if (!spec.prune() && outOfSync.stream().allMatch(Managed::requiresPruning)) {
      return Optional.empty(); // Only pruning is needed, and automated prune is off.
    }
    Map<String, Object> previous = PlainValues.map(status.get("operationState"));
    Map<String, Object> lastResult = PlainValues.map(previous.get("syncResult"));
    List<Managed> resources = comparison.managed();
    boolean selfHeal = false;
    int healAttempts = 0;
    if (state.revision.equals(lastResult.get("revision"))) {
      if (!"Succeeded".equals(previous.get("phase"))) {
        return Optional.of(
            condition(
                PlainValues.map(application.get("status")),
                "SyncError",
                "Failed last sync attempt to ["
                    + state.revision
                    + "]: "
                    + previous.getOrDefault("message", ""),
                now));
      }
      if (!spec.selfHeal()) {
        return Optional.empty();
      }
      Map<String, Object> lastSync =
          PlainValues.map(PlainValues.map(previous.get("operation")).get("sync"));
      // The attempts count carries over only while the last sync is recent; an Application in
      // sync for the cooldown starts self-heal's back-off afresh.
      healAttempts =
          selfHealCooldownElapsed(previous, now)
              ? 0
              : lastSync.get("autoHealAttemptsCount") instanceof Number n ? n.intValue() : 0;
      Instant finished =
          previous.get("finishedAt") == null
              ? Instant.EPOCH
              : Instant.parse(String.valueOf(previous.get("finishedAt")));
      if (now.isBefore(finished.plus(selfHealBackoff(healAttempts)))) {
        return Optional.empty();
      }
      selfHeal = true;
      healAttempts++;
      resources = outOfSync;
    }
    if (spec.prune()
        && !spec.allowEmpty()
        && !comparison.managed().isEmpty()
        && comparison.managed().stream().allMatch(Managed::requiresPruning)) {
      return Optional.of(
          condition(
              PlainValues.map(application.get("status")),
              "SyncError",
              "Skipping sync attempt to ["
                  + state.revision
                  + "]: auto-sync will wipe out all resources",
              now));
    }
    state.operation =
        new SyncOperation(
            client, this::served, spec, state.revision, resources, selfHeal, healAttempts, now);
    status.put("operationState", state.operation.toStatus());
    events.normal(
        application,
        "argocd-application-controller",
        "OperationStarted",
        "Initiated automated sync to '" + state.revision + "'");
    LOG.debug("Application {}: automated sync to {}", spec.name(), state.revision);
    return Optional.empty();
  }

  /**
   * {@code selfHealBackoffCooldownElapsed}: whether the last operation finished successfully at
   * least {@link #SELF_HEAL_COOLDOWN} ago (or has not finished), so that self-heal's attempts count
   * starts again from 0.
   */
  static boolean selfHealCooldownElapsed(Map<String, Object> operationState, Instant now) {
    if (operationState.isEmpty() || operationState.get("finishedAt") == null) {
      return true;
    }
    Instant finished = Instant.parse(String.valueOf(operationState.get("finishedAt")));
    return !now.isBefore(finished.plus(SELF_HEAL_COOLDOWN))
        && "Succeeded".equals(operationState.get("phase"));
  }

  /** Self-heal's back-off: 0 s before the first attempt, then 2, 6, 18, 54, 162, at most 300 s. */
  static Duration selfHealBackoff(int attempts) {
    if (attempts == 0) {
      return Duration.ZERO;
    }
    long seconds = 2;
    for (int i = 1; i < attempts && seconds < 300; i++) {
      seconds *= 3;
    }
    return Duration.ofSeconds(Math.min(seconds, 300));
  }

  /** A finished operation: its history entry (full syncs only) and its Event. */
  private void finish(
      GenericKubernetesResource application,
      ApplicationSpec spec,
      AppState state,
      Map<String, Object> status,
      Instant now) {
    SyncOperation operation = state.operation;
    state.operation = null;
    if (operation.succeeded() && !operation.partial()) {
      List<Map<String, Object>> history = new ArrayList<>();
      for (Object entry : PlainValues.list(status.get("history"))) {
        history.add(PlainValues.map(entry));
      }
      long id =
          history.isEmpty()
              ? 0
              : ((Number) history.get(history.size() - 1).get("id")).longValue() + 1;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("revision", operation.revision());
      entry.put("deployedAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
      entry.put("id", id);
      entry.put("source", spec.source());
      entry.put(
          "deployStartedAt", operation.startedAt().truncatedTo(ChronoUnit.SECONDS).toString());
      entry.put("initiatedBy", Map.of("automated", true));
      history.add(entry);
      while (history.size() > HISTORY_LIMIT) {
        history.remove(0);
      }
      status.put("history", history);
    }
    String prefix = operation.partial() ? "Partial sync operation" : "Sync operation";
    if (operation.succeeded()) {
      events.normal(
          application,
          "argocd-application-controller",
          "OperationCompleted",
          prefix + " to " + operation.revision() + " succeeded");
    } else {
      events.warning(
          application,
          "argocd-application-controller",
          "OperationCompleted",
          prefix + " to " + operation.revision() + " failed: " + operation.message());
    }
  }

  private static Map<String, Object> syncStatus(
      String status, String revision, ApplicationSpec spec) {
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("status", status);
    Map<String, Object> comparedTo = new LinkedHashMap<>();
    comparedTo.put("source", spec.source());
    comparedTo.put("destination", spec.destination());
    if (!spec.ignoreDifferences().isEmpty()) {
      comparedTo.put("ignoreDifferences", spec.ignoreDifferences());
    }
    sync.put("comparedTo", comparedTo);
    if (revision != null) {
      sync.put("revision", revision);
    }
    return sync;
  }

  /** A condition, keeping its transition time while its type and message stay the same. */
  private static Map<String, Object> condition(
      Map<String, Object> previousStatus, String type, String message, Instant now) {
    String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (Object item : PlainValues.list(previousStatus.get("conditions"))) {
      Map<String, Object> c = PlainValues.map(item);
      if (type.equals(c.get("type")) && message.equals(c.get("message"))) {
        since = String.valueOf(c.get("lastTransitionTime"));
      }
    }
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", type);
    condition.put("message", message);
    condition.put("lastTransitionTime", since);
    return condition;
  }

  private void writeStatus(GenericKubernetesResource application, Map<String, Object> status) {
    Map<?, ?> normalized = JSON.convertValue(status, Map.class);
    if (normalized.equals(application.get("status"))) {
      return;
    }
    try {
      client
          .genericKubernetesResources(APPLICATIONS)
          .inNamespace(application.getMetadata().getNamespace())
          .withName(application.getMetadata().getName())
          .editStatus(
              a -> {
                a.setAdditionalProperty("status", status);
                return a;
              });
    } catch (KubernetesClientException e) {
      LOG.debug("status of Application {} not written: {}", key(application), e.getMessage());
    }
  }

  /** Creates the destination namespace, for {@code CreateNamespace=true}. */
  static boolean createNamespace(KubernetesClient client, String namespace) {
    if (client.namespaces().withName(namespace).get() != null) {
      return false;
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    return true;
  }

  static Map<String, Object> tree(HasMetadata object) {
    return ClientSideApply.tree(object);
  }

  static HasMetadata object(Map<String, Object> tree) {
    return (HasMetadata)
        JSON.unmarshal(JSON.asJson(tree), io.fabric8.kubernetes.api.model.KubernetesResource.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, Object> tree) {
    return JSON.unmarshal(JSON.asJson(tree), Map.class);
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    repositories.values().forEach(GitRepository::close);
  }
}
