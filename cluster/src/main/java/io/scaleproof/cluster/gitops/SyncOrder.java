package io.scaleproof.cluster.gitops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which Argo CD (gitops-engine's sync tasks) applies the objects of one sync wave: by
 * kind, in Argo CD's (and Helm's) kind order, then by name. Kinds the order does not list, custom
 * resources among them, come after every listed kind.
 */
public final class SyncOrder {
  /** The annotation that puts an object in a sync wave. */
  public static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";

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
   * The object's sync wave, as gitops-engine reads it ({@code syncwaves.Wave}): the annotation's
   * whole number; none, or one that is not a whole number, is wave 0 (a Helm hook weight would come
   * next, and scaleproof has none). Lint reports a wave that is not a whole number.
   */
  public static int wave(HasMetadata object) {
    String wave =
        object.getMetadata().getAnnotations() == null
            ? null
            : object.getMetadata().getAnnotations().get(SYNC_WAVE);
    try {
      return wave == null ? 0 : Integer.parseInt(wave.strip());
    } catch (NumberFormatException e) {
      return 0;
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
