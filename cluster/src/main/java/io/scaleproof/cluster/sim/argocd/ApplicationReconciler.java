package io.scaleproof.cluster.sim.argocd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.Timeline;
import io.scaleproof.cluster.sim.apiserver.ResourceTypes;
import io.scaleproof.cluster.sim.argocd.ArgoCdController.Gvk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of each Application, as Argo CD's application controller runs it: refresh from Git
 * when due ({@link RepoServer}), compare with the cluster ({@link LiveStateComparator}), then take
 * the running sync a step further, start a retry that is due, or ask {@link AutoSyncPolicy} whether
 * to start one; last, write the status ({@link ApplicationStatusWriter}). It holds, per
 * Application, what the controller keeps in memory between reconciles.
 */
final class ApplicationReconciler implements AutoCloseable {
  // Logs under the controller's name, as they did before the controller was split.
  private static final Logger LOG = LoggerFactory.getLogger(ArgoCdController.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Timeline timeline;
  private final Duration reconciliation;
  private final RepoServer repoServer;
  private final LiveStateComparator comparator;
  private final ApplicationStatusWriter statusWriter;
  private final AutoSyncPolicy policy = AutoSyncPolicy.DEFAULTS;
  private final Map<String, AppState> apps = new HashMap<>();

  /** What the controller holds for one Application between its refreshes. */
  private static final class AppState {
    String specJson;
    Instant refreshedAt;
    TargetState target = TargetState.NONE;
    SyncOperation operation;
    Retry retry;

    final RepoErrorGrace repoErrors = new RepoErrorGrace();

    /** Whether a failure is being ignored: the status stays as the last good comparison left it. */
    boolean repoErrorIgnored;

    final Set<Gvk> kinds = new LinkedHashSet<>();
  }

  /** A failed operation waiting for its next attempt. */
  private record Retry(SyncOperation failed, int attempt, Instant at) {}

  /** The retry back-off: 5 s, doubling each attempt, at most 3 min. */
  static Duration retryBackoff(int attempt) {
    long seconds = 5L << Math.min(attempt - 1, 10);
    return Duration.ofSeconds(Math.min(seconds, 180));
  }

  /**
   * @param reconciliation how often each Application is refreshed from Git
   * @param workDirectory where checkouts of the repositories' commits are written
   */
  ApplicationReconciler(
      KubernetesClient client,
      EventRecorder events,
      Timeline timeline,
      Duration reconciliation,
      Path workDirectory) {
    this.client = client;
    this.events = events;
    this.timeline = timeline;
    this.reconciliation = reconciliation;
    this.repoServer = new RepoServer(workDirectory);
    this.comparator = new LiveStateComparator(client);
    this.statusWriter = new ApplicationStatusWriter(client);
  }

  /** Reconciles each Application in turn; forgets those that are gone. */
  void reconcileAll(List<GenericKubernetesResource> applications) {
    Set<String> present = new LinkedHashSet<>();
    for (GenericKubernetesResource application : applications) {
      String key =
          application.getMetadata().getNamespace() + "/" + application.getMetadata().getName();
      present.add(key);
      try {
        process(application, apps.computeIfAbsent(key, k -> new AppState()));
      } catch (RuntimeException e) {
        LOG.warn("Application {}: {}", key, e.toString(), e);
      }
    }
    apps.keySet().retainAll(present);
  }

  /** One reconcile of an Application: refresh, compare, run or start a sync, write the status. */
  private void process(GenericKubernetesResource application, AppState state) {
    ApplicationSpec spec = ApplicationSpec.of(application);
    Instant now = timeline.now();
    String specJson = JSON.asJson(application.get("spec"));
    boolean refreshRequested = ApplicationStatusWriter.refreshRequested(application);
    boolean refresh =
        state.refreshedAt == null
            || !specJson.equals(state.specJson)
            || !now.isBefore(state.refreshedAt.plus(reconciliation))
            || refreshRequested;
    if (refresh) {
      boolean forceResolve =
          state.refreshedAt == null || !specJson.equals(state.specJson) || refreshRequested;
      state.target = repoServer.refresh(spec, state.target);
      state.specJson = specJson;
      state.refreshedAt = now;
      if (refreshRequested) {
        statusWriter.clearRefreshRequest(application);
      }
      state.repoErrorIgnored =
          state.repoErrors.ignore(state.target.comparable(), forceResolve, now);
    }
    if (state.repoErrorIgnored) {
      return;
    }
    TargetState target = state.target;
    Map<String, Object> previous = PlainValues.map(application.get("status"));
    Map<String, Object> status = new LinkedHashMap<>(previous);
    List<Map<String, Object>> conditions = new ArrayList<>();
    Comparison comparison;
    if (!target.comparable()) {
      comparison = null;
      conditions.add(
          ApplicationStatusWriter.condition(
              previous, "ComparisonError", target.comparisonError(), now));
      // The resources keep their last comparison's list, as upstream's status does.
      status.put("sync", ApplicationStatusWriter.syncStatus("Unknown", target.revision(), spec));
    } else {
      comparison = comparator.compare(spec, target, state.kinds);
      status.put(
          "sync",
          ApplicationStatusWriter.syncStatus(comparison.syncStatus(), target.revision(), spec));
      status.put("resources", comparison.resources());
      status.put("health", ApplicationStatusWriter.health(comparison.health(), previous, now));
    }
    if (state.operation != null) {
      advance(application, spec, state, comparison != null, status, now);
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
    ApplicationStatusWriter.putConditions(status, conditions);
    ApplicationStatusWriter.putControllerFields(
        status, target.rendered() == null ? null : target.rendered().sourceType(), refresh, now);
    statusWriter.write(application, status);
  }

  /**
   * The running operation's next step; a failure is retried with back-off (5 s, doubling, at most 3
   * min), as the operation's retry says, while Git can be compared.
   */
  private void advance(
      GenericKubernetesResource application,
      ApplicationSpec spec,
      AppState state,
      boolean comparable,
      Map<String, Object> status,
      Instant now) {
    SyncOperation operation = state.operation;
    operation.advance(now);
    if (operation.completed()
        && !operation.succeeded()
        && operation.retryCount() < spec.retryLimit()
        && comparable) {
      int attempt = operation.retryCount() + 1;
      Instant at = now.plus(retryBackoff(attempt));
      status.put("operationState", operation.retrying(attempt, at));
      state.retry = new Retry(operation, attempt, at);
      state.operation = null;
      return;
    }
    status.put("operationState", operation.toStatus());
    if (operation.completed()) {
      state.operation = null;
      finish(application, spec, operation, status, now);
    }
  }

  /**
   * Carries out {@link AutoSyncPolicy}'s decision: starts the sync, or says why it is refused.
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
    String revision = state.target.revision();
    AutoSyncPolicy.Decision decision =
        policy.decide(
            spec,
            application.getMetadata().getDeletionTimestamp() != null,
            revision,
            comparison,
            PlainValues.map(status.get("operationState")),
            now);
    if (decision instanceof AutoSyncPolicy.Refuse refuse) {
      return Optional.of(
          ApplicationStatusWriter.condition(
              PlainValues.map(application.get("status")), "SyncError", refuse.syncError(), now));
    }
    if (decision instanceof AutoSyncPolicy.Sync sync) {
      state.operation =
          new SyncOperation(
              client,
              this::served,
              spec,
              revision,
              sync.resources(),
              sync.selfHeal(),
              sync.healAttempts(),
              now);
      status.put("operationState", state.operation.toStatus());
      events.normal(
          application,
          "argocd-application-controller",
          "OperationStarted",
          "Initiated automated sync to '" + revision + "'");
      LOG.debug("Application {}: automated sync to {}", spec.name(), revision);
    }
    return Optional.empty();
  }

  /** A finished operation: its history entry (full syncs only) and its Event. */
  private void finish(
      GenericKubernetesResource application,
      ApplicationSpec spec,
      SyncOperation operation,
      Map<String, Object> status,
      Instant now) {
    if (operation.succeeded() && !operation.partial()) {
      ApplicationStatusWriter.addHistory(status, spec, operation, now);
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

  /** Closes the repositories. */
  @Override
  public void close() {
    repoServer.close();
  }
}
