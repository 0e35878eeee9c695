package io.scaleproof.cluster.sim.argocd;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.Timeline;
import io.scaleproof.cluster.gitops.GitOps;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argo CD's application controller for {@code argoproj.io/v1alpha1} Applications on the embedded
 * cluster, reading {@code file://} Git repositories.
 *
 * <p>Each Application is refreshed from Git ({@link RepoServer}) when it appears or changes and
 * then every {@code reconciliation} period (Argo CD's {@code timeout.reconciliation}, 120 s by
 * default); its live objects are compared every second ({@link LiveStateComparator}), as Argo CD's
 * watch of the cluster would notice them. Managed objects carry the {@code
 * argocd.argoproj.io/tracking-id} annotation, and only those are pruned.
 *
 * <p>Syncs run as gitops-engine runs them ({@link SyncOperation}), a step each second: PreSync (the
 * destination namespace under {@code CreateNamespace=true}), then wave by wave in kind order, prune
 * tasks first and in reverse wave order, each wave but the last healthy before the next and 2 s
 * apart; a wave that is not healthy yet is looked at again at the next step, never waited for.
 * Automated sync, prune, {@code allowEmpty} and self-heal (with its 0, 2, 6, 18 … 300 s back-off,
 * started afresh after 330 s in sync) follow {@link AutoSyncPolicy}; a failed operation is retried
 * 5 s later, doubling, at most 3 min apart. The status ({@link ApplicationStatusWriter}) holds what
 * {@code kubectl get application -o yaml} shows: sync, health, operationState, history, resources,
 * conditions.
 *
 * <p>Every step runs on the {@link Timeline} the cluster's other emulated controllers share, a
 * second after the last one ended, so it never overlaps their work.
 */
public final class ArgoCdController implements AutoCloseable {
  public static final ResourceDefinitionContext APPLICATIONS = GitOps.APPLICATIONS;

  public static final String TRACKING_ID = "argocd.argoproj.io/tracking-id";
  static final Duration WAVE_DELAY = Duration.ofSeconds(2);

  /** See {@link AutoSyncPolicy#SELF_HEAL_COOLDOWN}. */
  static final Duration SELF_HEAL_COOLDOWN = AutoSyncPolicy.SELF_HEAL_COOLDOWN;

  private static final Duration TICK = Duration.ofSeconds(1);
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
  private final Timeline timeline;
  private final ApplicationReconciler reconciler;
  private boolean closed;

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

  /**
   * @param timeline the clock and the thread every step runs on, shared with the cluster's other
   *     emulated controllers; whoever made it closes it
   * @param reconciliation how often each Application is refreshed from Git
   * @param workDirectory where checkouts of the repositories' commits are written
   */
  public ArgoCdController(
      KubernetesClient client,
      EventRecorder events,
      Timeline timeline,
      Duration reconciliation,
      Path workDirectory) {
    this.client = client;
    this.timeline = timeline;
    this.reconciler =
        new ApplicationReconciler(client, events, timeline, reconciliation, workDirectory);
  }

  public void start() {
    timeline.schedule(Duration.ZERO, this::step);
  }

  /** One pass over every Application, then the next a second after this one ended. */
  private void step() {
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        reconciler.reconcileAll(
            client.genericKubernetesResources(APPLICATIONS).inAnyNamespace().list().getItems());
      } catch (RuntimeException e) {
        LOG.debug("Argo CD tick: {}", e.toString());
      }
    }
    timeline.schedule(TICK, this::step);
  }

  /**
   * {@code selfHealBackoffCooldownElapsed} with the controller's defaults; see {@link
   * AutoSyncPolicy#cooldownElapsed}.
   */
  static boolean selfHealCooldownElapsed(Map<String, Object> operationState, Instant now) {
    return AutoSyncPolicy.DEFAULTS.cooldownElapsed(operationState, now);
  }

  /** Self-heal's back-off: 0 s before the first attempt, then 2, 6, 18, 54, 162, at most 300 s. */
  static Duration selfHealBackoff(int attempts) {
    return AutoSyncPolicy.DEFAULTS.backoff(attempts);
  }

  static boolean clusterScoped(String kind) {
    return CLUSTER_SCOPED.contains(kind);
  }

  static ResourceDefinitionContext context(Gvk gvk) {
    // The API's resource name: the kind in lower case, made plural as English does (Endpoints
    // stays endpoints, Gateway becomes gateways, NetworkPolicy networkpolicies).
    String plural = Pluralize.toPlural(gvk.kind().toLowerCase(Locale.ROOT));
    return new ResourceDefinitionContext.Builder()
        .withGroup(gvk.group())
        .withVersion(gvk.version())
        .withKind(gvk.kind())
        .withPlural(plural)
        .withNamespaced(!clusterScoped(gvk.kind()))
        .build();
  }

  /** The object a JSON tree describes, typed by its kind where fabric8 knows it. */
  static HasMetadata object(Map<String, Object> tree) {
    return (HasMetadata) JSON.unmarshal(JSON.asJson(tree), KubernetesResource.class);
  }

  /** A deep copy of a JSON tree. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, Object> tree) {
    return JSON.unmarshal(JSON.asJson(tree), Map.class);
  }

  /**
   * Stops stepping: waits for a step under way to end, then closes the repositories. The timeline
   * is left to whoever made it.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      reconciler.close();
    }
  }
}
