package io.scaleproof.cluster.gitops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order in which Argo CD (gitops-engine's sync tasks) applies the objects of one sync wave: by
 * kind, in Argo CD's (and Helm's) kind order, then by name. Kinds the order does not list, custom
 * resources among them, come after every listed kind.
 */
public final class SyncOrder {
  /** The annotation that puts an object in a sync wave. */
  public static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";

  /** A Helm hook's weight, which gitops-engine takes as the wave when there is no sync-wave. */
  public static final String HELM_HOOK_WEIGHT = "helm.sh/hook-weight";

  /** The kinds in the order they are applied within a wave. Immutable. */
  public static final List<String> KIND_ORDER =
      List.of(
          "Namespace",
          "NetworkPolicy",
          "ResourceQuota",
          "LimitRange",
          "PodSecurityPolicy",
          "PodDisruptionBudget",
          "ServiceAccount",
          "Secret",
          "SecretList",
          "ConfigMap",
          "StorageClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleList",
          "ClusterRoleBinding",
          "ClusterRoleBindingList",
          "Role",
          "RoleList",
          "RoleBinding",
          "RoleBindingList",
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

  private SyncOrder() {}

  /**
   * The object's sync wave, as gitops-engine reads it ({@code syncwaves.Wave}): the sync-wave
   * annotation when it is a whole number ({@code strconv.Atoi}: no spaces), else the Helm hook
   * weight ({@code helm.sh/hook-weight}, read the same way), else 0. Lint reports a sync-wave that
   * is not a whole number.
   */
  public static int wave(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations == null) {
      return 0;
    }
    return wholeNumber(annotations.get(SYNC_WAVE))
        .orElseGet(() -> wholeNumber(annotations.get(HELM_HOOK_WEIGHT)).orElse(0));
  }

  /** Go's {@code strconv.Atoi}: an optional sign and digits, nothing else. */
  public static Optional<Integer> wholeNumber(String text) {
    if (text == null || !text.matches("[-+]?\\d+")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty(); // out of range
    }
  }

  /**
   * A kind's place within a wave, as gitops-engine ranks it: negative for a listed kind (earlier
   * kinds lower), 0 for any other kind.
   */
  public static int kindRank(String kind) {
    int index = KIND_ORDER.indexOf(kind);
    return index < 0 ? 0 : index - KIND_ORDER.size();
  }

  /** Orders the objects of one wave as Argo CD applies them: kind rank, then name. */
  public static Comparator<HasMetadata> withinWave() {
    return Comparator.<HasMetadata>comparingInt(object -> kindRank(object.getKind()))
        .thenComparing(object -> object.getMetadata().getName());
  }
}
