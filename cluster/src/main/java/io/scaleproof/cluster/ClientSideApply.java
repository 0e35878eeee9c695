package io.scaleproof.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code kubectl apply} done on the client, for API servers without server-side apply (the embedded
 * cluster's mock server has none). As kubectl does for custom resources: the applied configuration
 * is kept in the {@code kubectl.kubernetes.io/last-applied-configuration} annotation; the next
 * apply merges three ways ({@link ThreeWayMerge}): fields removed from the manifest since the last
 * apply are removed, every field the manifest has is set (a hand edit of one is undone), and fields
 * others set (a controller's status, an allocated clusterIP) are kept. The result is written with
 * the live resourceVersion, retrying on conflict.
 */
public final class ClientSideApply {
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final int ATTEMPTS = 5;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ClientSideApply() {}

  /**
   * What an apply did, in kubectl's words: {@code created}, {@code configured}, {@code unchanged}.
   */
  public record Applied(HasMetadata object, String verb) {}

  public static HasMetadata apply(KubernetesClient client, HasMetadata object) {
    return applyReporting(client, object).object();
  }

  /** Applies {@code object} and says what kubectl would print for it. */
  public static Applied applyReporting(KubernetesClient client, HasMetadata object) {
    Map<String, Object> desired = desired(object);
    String lastApplied = SERIALIZATION.asJson(desired);
    for (int attempt = 1; ; attempt++) {
      HasMetadata live = client.resource(object).get();
      try {
        if (live == null) {
          Map<String, Object> created = copy(desired);
          annotationsOf(created).put(LAST_APPLIED, lastApplied);
          return new Applied(client.resource(toObject(created)).create(), "created");
        }
        // Both through JSON, so that numbers compare as numbers (8080, not 8080 and 8080L).
        Map<String, Object> current = copy(tree(live));
        Map<String, Object> merged = predicted(current, desired);
        if (Objects.equals(merged, current)) {
          return new Applied(live, "unchanged");
        }
        return new Applied(client.resource(toObject(merged)).update(), "configured");
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * What the live object would be after applying {@code object}: the three-way merge of the last
   * applied configuration, the new one and the live object, as the apply writes it. Equal to {@code
   * live} exactly when the apply changes nothing — which is how Argo CD's default diff finds a
   * resource out of sync.
   */
  public static Map<String, Object> predicted(Map<String, Object> live, HasMetadata object) {
    return predicted(live, desired(object));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> predicted(
      Map<String, Object> live, Map<String, Object> desired) {
    String previous = annotationsOf(copy(live)).get(LAST_APPLIED) instanceof String s ? s : "{}";
    Map<String, Object> result =
        ThreeWayMerge.apply(SERIALIZATION.unmarshal(previous, Map.class), desired, copy(live));
    annotationsOf(result).put(LAST_APPLIED, SERIALIZATION.asJson(desired));
    return result;
  }

  /** The configuration an apply records: no status, no resourceVersion, no last-applied. */
  private static Map<String, Object> desired(HasMetadata object) {
    // Through JSON, so that numbers compare as the live object's do (5, not 5L).
    Map<String, Object> desired = copy(tree(object));
    desired.remove("status");
    metadataOf(desired).remove("resourceVersion");
    annotationsOf(desired).remove(LAST_APPLIED);
    return desired;
  }

  /** An object as the map the diff and the patches work on. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> tree(HasMetadata object) {
    return SERIALIZATION.convertValue(object, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Map<String, Object> tree) {
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(tree), Map.class);
  }

  private static HasMetadata toObject(Map<String, Object> tree) {
    return (HasMetadata)
        SERIALIZATION.unmarshal(SERIALIZATION.asJson(tree), KubernetesResource.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadataOf(Map<String, Object> tree) {
    return (Map<String, Object>) tree.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> annotationsOf(Map<String, Object> tree) {
    return (Map<String, Object>)
        metadataOf(tree).computeIfAbsent("annotations", k -> new LinkedHashMap<>());
  }
}
