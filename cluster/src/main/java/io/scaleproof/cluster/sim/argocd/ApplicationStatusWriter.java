package io.scaleproof.cluster.sim.argocd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.PlainValues;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of an Application's status that {@code kubectl get application -o yaml} shows — sync,
 * health, conditions, history — and their writing: only when something changed, times to the
 * second, a transition time kept while its state stays the same, at most {@value #HISTORY_LIMIT}
 * history entries. Also clears the {@code argocd.argoproj.io/refresh} annotation a refresh
 * answered.
 */
final class ApplicationStatusWriter {
  static final String REFRESH = "argocd.argoproj.io/refresh";

  private static final int HISTORY_LIMIT = 10;
  // Logs under the controller's name, as they did before the controller was split.
  private static final Logger LOG = LoggerFactory.getLogger(ArgoCdController.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;

  ApplicationStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** {@code status.sync}: the status, what was compared, and the revision if one was resolved. */
  static Map<String, Object> syncStatus(String status, String revision, ApplicationSpec spec) {
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

  /** {@code status.health}, keeping its transition time while the health stays the same. */
  static Map<String, Object> health(String status, Map<String, Object> previous, Instant now) {
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("status", status);
    Map<String, Object> previousHealth = PlainValues.map(previous.get("health"));
    health.put(
        "lastTransitionTime",
        status.equals(previousHealth.get("status"))
                && previousHealth.get("lastTransitionTime") != null
            ? previousHealth.get("lastTransitionTime")
            : seconds(now));
    return health;
  }

  /** A condition, keeping its transition time while its type and message stay the same. */
  static Map<String, Object> condition(
      Map<String, Object> previousStatus, String type, String message, Instant now) {
    String since = seconds(now);
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

  /** {@code status.conditions} in a stable order, or none. */
  static void putConditions(Map<String, Object> status, List<Map<String, Object>> conditions) {
    conditions.sort(Comparator.comparing(c -> c.get("type") + "/" + c.get("message")));
    if (conditions.isEmpty()) {
      status.remove("conditions");
    } else {
      status.put("conditions", conditions);
    }
  }

  /** Adds a finished full sync to {@code status.history}, the oldest entries dropped. */
  static void addHistory(
      Map<String, Object> status, ApplicationSpec spec, SyncOperation operation, Instant now) {
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
    entry.put("deployedAt", seconds(now));
    entry.put("id", id);
    entry.put("source", spec.source());
    entry.put("deployStartedAt", seconds(operation.startedAt()));
    entry.put("initiatedBy", Map.of("automated", true));
    history.add(entry);
    while (history.size() > HISTORY_LIMIT) {
      history.remove(0);
    }
    status.put("history", history);
  }

  /**
   * The fields every status carries; {@code reconciledAt} moves only when Git was read.
   *
   * @param sourceType the rendered source's type, or null
   */
  static void putControllerFields(
      Map<String, Object> status, String sourceType, boolean refreshed, Instant now) {
    status.put("sourceType", sourceType);
    status.values().removeIf(Objects::isNull);
    if (refreshed) {
      status.put("reconciledAt", seconds(now));
    }
    status.put("resourceHealthSource", "appTree");
    status.put("controllerNamespace", "argocd");
  }

  /** Whether the API serves applications/status (the embedded one does, Argo CD's CRD not). */
  private volatile boolean statusSubresource = true;

  /** Writes the status, unless it is what the Application already shows. */
  void write(GenericKubernetesResource application, Map<String, Object> status) {
    Map<?, ?> normalized = JSON.convertValue(status, Map.class);
    if (normalized.equals(application.get("status"))) {
      return;
    }
    try {
      java.util.function.UnaryOperator<GenericKubernetesResource> withStatus =
          a -> {
            a.setAdditionalProperty("status", status);
            return a;
          };
      if (statusSubresource) {
        try {
          resource(application).editStatus(withStatus);
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
          // Argo CD's own CRD has no status subresource (a real API server answers 404 here):
          // the status is written on the Application itself, as Argo CD writes it.
          statusSubresource = false;
        }
      }
      resource(application).edit(withStatus);
    } catch (KubernetesClientException e) {
      LOG.debug(
          "status of Application {}/{} not written: {}",
          application.getMetadata().getNamespace(),
          application.getMetadata().getName(),
          e.getMessage());
    }
  }

  /** Takes off the refresh annotation, once the refresh it asked for is done. */
  void clearRefreshRequest(GenericKubernetesResource application) {
    resource(application)
        .edit(
            a -> {
              a.getMetadata().getAnnotations().remove(REFRESH);
              return a;
            });
  }

  static boolean refreshRequested(GenericKubernetesResource application) {
    Map<String, String> annotations = application.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(REFRESH);
  }

  private Resource<GenericKubernetesResource> resource(GenericKubernetesResource application) {
    return client
        .genericKubernetesResources(ArgoCdController.APPLICATIONS)
        .inNamespace(application.getMetadata().getNamespace())
        .withName(application.getMetadata().getName());
  }

  private static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
