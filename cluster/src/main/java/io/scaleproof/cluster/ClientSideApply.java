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
 * apply computes a JSON merge patch (RFC 7386) from that to the new configuration — so that fields
 * removed from the manifest are removed, and fields others set (a controller's status, an allocated
 * clusterIP) are kept — applies it to the live object, and writes the result with the live
 * resourceVersion, retrying on conflict.
 */
public final class ClientSideApply {
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final int ATTEMPTS = 5;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ClientSideApply() {}

  public static HasMetadata apply(KubernetesClient client, HasMetadata object) {
    Map<String, Object> desired = tree(object);
    desired.remove("status");
    metadataOf(desired).remove("resourceVersion");
    annotationsOf(desired).remove(LAST_APPLIED);
    String lastApplied = SERIALIZATION.asJson(desired);
    for (int attempt = 1; ; attempt++) {
      HasMetadata live = client.resource(object).get();
      try {
        if (live == null) {
          Map<String, Object> created = copy(desired);
          annotationsOf(created).put(LAST_APPLIED, lastApplied);
          return client.resource(toObject(created)).create();
        }
        Map<String, Object> current = tree(live);
        String previous = annotationsOf(current).get(LAST_APPLIED) instanceof String s ? s : "{}";
        Map<String, Object> patch =
            MergePatch.diff(SERIALIZATION.unmarshal(previous, Map.class), desired);
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) MergePatch.apply(current, patch);
        annotationsOf(merged).put(LAST_APPLIED, lastApplied);
        if (Objects.equals(merged, current)) {
          return live;
        }
        return client.resource(toObject(merged)).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(HasMetadata object) {
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
