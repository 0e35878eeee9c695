package io.scaleproof.cluster.sim.argocd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.Namespaces;
import io.scaleproof.cluster.gitops.SyncOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One sync operation as gitops-engine's sync context runs it, a step per controller tick: a dry run
 * of every task first (an unknown kind fails the whole sync before anything is applied), the
 * PreSync namespace under {@code CreateNamespace=true}, then wave by wave — prune tasks first,
 * applies in kind order — and before each later wave, the earlier one healthy and {@link
 * ArgoCdController#WAVE_DELAY} passed since it was applied. The last wave succeeds without waiting
 * for health.
 *
 * <p>The delay counts from the apply, as Argo CD's sync-wave hook ({@code delayBetweenSyncWaves} in
 * {@code controller/sync.go}) sleeps right after gitops-engine runs a wave's tasks, before the next
 * pass checks their health: a wave of objects that are healthy at once is followed 2 s later, not 2
 * s after its health was next looked at.
 *
 * <p>Larger than 300 lines because its steps (dry run, PreSync, waves, health waits, the status)
 * all read and write the one state of the run: the waves pending, the tasks waiting, the results.
 */
final class SyncOperation {
  /** One task: a resource to apply (target set) or to prune. */
  private record Task(ArgoCdController.Managed resource, int wave, boolean prune) {}

  private final KubernetesClient client;
  private final Predicate<HasMetadata> served;
  private final ApplicationSpec spec;
  private final String revision;
  private final boolean partial;
  private final int healAttempts;
  private final Instant startedAt;
  private int retryCount;
  private final TreeMap<Integer, List<Task>> pending = new TreeMap<>();
  private final List<Map<String, Object>> results = new ArrayList<>();
  private final Map<String, Map<String, Object>> resultsByKey = new LinkedHashMap<>();
  private List<Task> waiting = List.of();
  private Instant nextWaveAt;
  private boolean validated;
  private String phase = "Running";
  private String message = "one or more tasks are running";
  private Instant finishedAt;

  SyncOperation(
      KubernetesClient client,
      Predicate<HasMetadata> served,
      ApplicationSpec spec,
      String revision,
      List<ArgoCdController.Managed> resources,
      boolean partial,
      int healAttempts,
      Instant now) {
    this.client = client;
    this.served = served;
    this.spec = spec;
    this.revision = revision;
    this.partial = partial;
    this.healAttempts = healAttempts;
    this.startedAt = now;
    List<Task> tasks = new ArrayList<>();
    for (ArgoCdController.Managed resource : resources) {
      // ApplyOutOfSyncOnly: what is already in sync is left alone.
      if (resource.target() != null
          && !(spec.option("ApplyOutOfSyncOnly=true") && resource.synced())) {
        tasks.add(new Task(resource, resource.wave(), false));
      }
    }
    // Prune waves run in reverse; PruneLast puts them after the last wave.
    TreeSet<Integer> pruneWaves = new TreeSet<>();
    resources.stream()
        .filter(ArgoCdController.Managed::requiresPruning)
        .forEach(r -> pruneWaves.add(r.wave()));
    List<Integer> ascending = new ArrayList<>(pruneWaves);
    int lastSyncWave = tasks.stream().mapToInt(Task::wave).max().orElse(0);
    for (ArgoCdController.Managed resource : resources) {
      if (resource.requiresPruning()) {
        int index = ascending.indexOf(resource.wave());
        int wave = ascending.get(ascending.size() - 1 - index);
        if (spec.option("PruneLast=true")) {
          wave = lastSyncWave + 1;
        }
        tasks.add(new Task(resource, wave, true));
      }
    }
    tasks.sort(
        Comparator.comparingInt(Task::wave)
            .thenComparing(t -> !t.prune())
            .thenComparingInt(t -> SyncOrder.kindRank(t.resource().gvk().kind()))
            .thenComparing(t -> t.resource().name()));
    for (Task task : tasks) {
      pending.computeIfAbsent(task.wave(), w -> new ArrayList<>()).add(task);
    }
  }

  String revision() {
    return revision;
  }

  int retryCount() {
    return retryCount;
  }

  /** The next attempt of this failed operation, over the resources as they compare now. */
  SyncOperation retry(List<ArgoCdController.Managed> resources, int attempt, Instant now) {
    List<ArgoCdController.Managed> scope =
        partial ? resources.stream().filter(r -> !r.synced()).toList() : resources;
    SyncOperation next =
        new SyncOperation(client, served, spec, revision, scope, partial, healAttempts, now);
    next.retryCount = attempt;
    next.message = "Retrying operation. Attempt #" + attempt;
    return next;
  }

  /** The status while the failed operation waits for its next attempt. */
  Map<String, Object> retrying(int attempt, Instant at) {
    Map<String, Object> state = toStatus();
    state.put("phase", "Running");
    state.put(
        "message",
        message
            + ". Retrying attempt #"
            + attempt
            + " at "
            + java.time.format.DateTimeFormatter.ofPattern("h:mma", Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC)
                .format(at)
            + ".");
    state.put("retryCount", attempt);
    return state;
  }

  Instant startedAt() {
    return startedAt;
  }

  boolean partial() {
    return partial;
  }

  String message() {
    return message;
  }

  boolean completed() {
    return !phase.equals("Running");
  }

  boolean succeeded() {
    return phase.equals("Succeeded");
  }

  /** Takes the operation as far as it can go now. */
  void advance(Instant now) {
    if (completed()) {
      return;
    }
    if (!validated) {
      validated = true;
      if (!dryRun()) {
        finish("Failed", "one or more objects failed to apply (dry run)", now);
        return;
      }
      if (spec.option("CreateNamespace=true") && createNamespace(spec.namespace())) {
        Map<String, Object> result = result("", "v1", "Namespace", "", spec.namespace());
        result.put("status", "Synced");
        result.put("message", "namespace/" + spec.namespace() + " created");
        result.put("hookPhase", "Running");
        result.put("syncPhase", "PreSync");
      }
    }
    if (!waiting.isEmpty()) {
      List<Task> running = new ArrayList<>();
      for (Task task : waiting) {
        Optional<ResourceHealth.Status> health = health(task);
        Map<String, Object> result = resultsByKey.get(task.resource().key());
        if (health.isEmpty() || health.get().status().equals("Healthy")) {
          result.put("hookPhase", "Succeeded");
          health
              .filter(h -> h.message() != null && !h.message().isEmpty())
              .ifPresent(h -> result.put("message", h.message()));
        } else if (health.get().status().equals("Degraded")) {
          result.put("hookPhase", "Failed");
          result.put("message", health.get().message());
          finish("Failed", "one or more synchronization tasks completed unsuccessfully", now);
          return;
        } else {
          running.add(task);
        }
      }
      if (!running.isEmpty()) {
        ArgoCdController.Managed first = running.get(0).resource();
        message =
            "waiting for healthy state of "
                + first.gvk().group()
                + "/"
                + first.gvk().kind()
                + "/"
                + first.name()
                + (running.size() > 1 ? " and " + (running.size() - 1) + " more resources" : "");
        return;
      }
      waiting = List.of();
      message = "one or more tasks are running";
    }
    if (nextWaveAt != null && now.isBefore(nextWaveAt)) {
      return;
    }
    Map.Entry<Integer, List<Task>> wave = pending.pollFirstEntry();
    if (wave == null) {
      finish("Succeeded", "successfully synced (no more tasks)", now);
      return;
    }
    List<String> failures = new ArrayList<>();
    List<Task> applied = new ArrayList<>();
    for (Task task : wave.getValue()) {
      ArgoCdController.Managed resource = task.resource();
      Map<String, Object> result = result(resource);
      result.put("syncPhase", "Sync");
      if (task.prune()) {
        if (!spec.prune()) {
          result.put("status", "PruneSkipped");
          result.put("message", "ignored (requires pruning)");
          result.put("hookPhase", "Succeeded");
          continue;
        }
        try {
          client
              .genericKubernetesResources(ArgoCdController.context(resource.gvk()))
              .inNamespace(resource.namespace())
              .withName(resource.name())
              .delete();
          result.put("status", "Pruned");
          result.put("message", "pruned");
          result.put("hookPhase", "Succeeded");
        } catch (KubernetesClientException e) {
          result.put("status", "SyncFailed");
          result.put("message", e.getMessage());
          result.put("hookPhase", "Failed");
          failures.add(e.getMessage());
        }
        continue;
      }
      try {
        ClientSideApply.Applied outcome =
            ClientSideApply.applyReporting(client, respectIgnoreDifferences(resource));
        result.put("status", "Synced");
        result.put("message", kubectlName(resource) + " " + outcome.verb());
        result.put("hookPhase", "Running");
        applied.add(task);
      } catch (KubernetesClientException e) {
        result.put("status", "SyncFailed");
        result.put("message", e.getMessage());
        result.put("hookPhase", "Failed");
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      finish(
          "Failed",
          "one or more objects failed to apply, reason: " + String.join(",", failures),
          now);
      return;
    }
    if (pending.isEmpty()) {
      finish("Succeeded", "successfully synced (all tasks run)", now);
      return;
    }
    waiting = applied;
    nextWaveAt = now.plus(ArgoCdController.WAVE_DELAY);
  }

  /**
   * The manifest to apply. By default the whole manifest, ignored fields too: a sync sets them to
   * Git's values. With {@code RespectIgnoreDifferences=true}, an existing object keeps its live
   * values of the fields {@code ignoreDifferences} names.
   */
  private HasMetadata respectIgnoreDifferences(ArgoCdController.Managed resource) {
    if (!spec.option("RespectIgnoreDifferences=true") || resource.live() == null) {
      return resource.target();
    }
    Map<String, Object> target = ArgoCdController.copy(ClientSideApply.tree(resource.target()));
    for (String pointer : spec.ignoredPointers(resource.target())) {
      Object live = JsonPointers.get(resource.live(), pointer);
      if (live == null) {
        JsonPointers.remove(target, pointer);
      } else {
        JsonPointers.set(target, pointer, live);
      }
    }
    return ArgoCdController.object(target);
  }

  /** The dry run: every manifest's kind must be served; records why not. */
  private boolean dryRun() {
    boolean passed = true;
    for (List<Task> wave : pending.values()) {
      for (Task task : wave) {
        HasMetadata target = task.resource().target();
        if (target == null || served.test(target)) {
          continue;
        }
        passed = false;
        ArgoCdController.Managed resource = task.resource();
        Map<String, Object> result = result(resource);
        result.put("status", "SyncFailed");
        result.put(
            "message",
            "The Kubernetes API could not find "
                + resource.gvk().group()
                + "/"
                + resource.gvk().kind()
                + " for requested resource "
                + resource.namespace()
                + "/"
                + resource.name()
                + ". Make sure the \""
                + resource.gvk().kind()
                + "\" CRD is installed on the destination cluster. (declared in "
                + resource.file()
                + ")");
        result.put("hookPhase", "Failed");
        result.put("syncPhase", "Sync");
      }
    }
    return passed;
  }

  private Optional<ResourceHealth.Status> health(Task task) {
    HasMetadata target = task.resource().target();
    try {
      HasMetadata live = client.resource(target).get();
      if (live == null) {
        return Optional.of(new ResourceHealth.Status("Missing", ""));
      }
      return ResourceHealth.of(ClientSideApply.tree(live));
    } catch (KubernetesClientException e) {
      return Optional.of(new ResourceHealth.Status("Unknown", e.getMessage()));
    }
  }

  private Map<String, Object> result(ArgoCdController.Managed resource) {
    return result(
        resource.gvk().group(),
        resource.gvk().version(),
        resource.gvk().kind(),
        resource.namespace(),
        resource.name());
  }

  private Map<String, Object> result(
      String group, String version, String kind, String namespace, String name) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("group", group);
    result.put("version", version);
    result.put("kind", kind);
    result.put("namespace", namespace);
    result.put("name", name);
    results.add(result);
    resultsByKey.put(group + "/" + kind + "/" + namespace + "/" + name, result);
    return result;
  }

  /**
   * How kubectl names a resource in its output: {@code deployment.apps/web}, {@code service/web}.
   */
  private static String kubectlName(ArgoCdController.Managed resource) {
    String kind = resource.gvk().kind().toLowerCase(Locale.ROOT);
    String group = resource.gvk().group();
    return kind + (group.isEmpty() ? "" : "." + group) + "/" + resource.name();
  }

  /** Creates the destination namespace, for {@code CreateNamespace=true}; false if it exists. */
  private boolean createNamespace(String namespace) {
    return Namespaces.ensure(client, namespace);
  }

  private void finish(String phase, String message, Instant now) {
    this.phase = phase;
    this.message = message;
    this.finishedAt = now;
  }

  /** {@code status.operationState}. */
  Map<String, Object> toStatus() {
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("revision", revision);
    sync.put("prune", spec.prune());
    if (!spec.syncOptions().isEmpty()) {
      sync.put("syncOptions", spec.syncOptions());
    }
    if (partial) {
      sync.put(
          "resources",
          resultsByKey.values().stream()
              .map(
                  r ->
                      Map.of(
                          "group", r.get("group"),
                          "kind", r.get("kind"),
                          "namespace", r.get("namespace"),
                          "name", r.get("name")))
              .collect(Collectors.toList()));
    }
    if (healAttempts > 0) {
      sync.put("autoHealAttemptsCount", healAttempts);
    }
    Map<String, Object> operation = new LinkedHashMap<>();
    operation.put("sync", sync);
    operation.put("initiatedBy", Map.of("automated", true));
    operation.put("retry", Map.of("limit", spec.retryLimit()));
    Map<String, Object> syncResult = new LinkedHashMap<>();
    syncResult.put("resources", results);
    syncResult.put("revision", revision);
    syncResult.put("source", spec.source());
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("operation", operation);
    state.put("phase", phase);
    state.put("message", message);
    state.put("syncResult", syncResult);
    state.put("startedAt", startedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    if (finishedAt != null) {
      state.put("finishedAt", finishedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    if (retryCount > 0) {
      state.put("retryCount", retryCount);
      if (completed() && !succeeded()) {
        state.put("message", message + " (retried " + retryCount + " times).");
      }
    }
    return state;
  }
}
