package io.scaleproof.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kubectl apply's three-way merge of the last applied configuration, the new one and the live
 * object: what the configuration dropped since the last apply is removed, every field it has is
 * set, and what others added is kept. Lists whose elements Kubernetes merges by a key (containers
 * and env by {@code name}, ports by {@code containerPort} or {@code port}, volume mounts by {@code
 * mountPath}, …) are merged element by element, as strategic merge patch does, so that a field the
 * server fills in an element (a port's protocol) is not a change; other lists are replaced.
 */
final class ThreeWayMerge {
  private static final Map<String, List<String>> MERGE_KEYS =
      Map.of(
          "containers", List.of("name"),
          "initContainers", List.of("name"),
          "env", List.of("name"),
          "volumes", List.of("name"),
          "volumeMounts", List.of("mountPath"),
          "imagePullSecrets", List.of("name"),
          "ports", List.of("containerPort", "port"),
          "conditions", List.of("type"),
          "ownerReferences", List.of("uid"));

  private ThreeWayMerge() {}

  /** The live object with the configuration applied. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> apply(
      Map<String, Object> previous, Map<String, Object> desired, Map<String, Object> live) {
    return (Map<String, Object>) merge(previous, desired, live, null);
  }

  @SuppressWarnings("unchecked")
  private static Object merge(Object previous, Object desired, Object live, String field) {
    if (desired instanceof Map<?, ?> config && live instanceof Map<?, ?> current) {
      Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) current);
      if (previous instanceof Map<?, ?> last) {
        for (Object key : last.keySet()) {
          if (!config.containsKey(key)) {
            result.remove(String.valueOf(key));
          }
        }
      }
      for (Map.Entry<?, ?> entry : config.entrySet()) {
        String key = String.valueOf(entry.getKey());
        Object before = previous instanceof Map<?, ?> last ? last.get(key) : null;
        result.put(key, merge(before, entry.getValue(), current.get(key), key));
      }
      return result;
    }
    if (desired instanceof List<?> config && live instanceof List<?> current) {
      String key = mergeKey(field, config);
      if (key != null) {
        List<Object> result = new ArrayList<>();
        for (Object element : config) {
          Object id = ((Map<?, ?>) element).get(key);
          result.add(merge(find(previous, key, id), element, find(current, key, id), null));
        }
        for (Object element : current) {
          Object id = element instanceof Map<?, ?> m ? m.get(key) : null;
          if (find(config, key, id) == null && find(previous, key, id) == null) {
            result.add(element); // Added by someone else: kept.
          }
        }
        return result;
      }
    }
    return desired;
  }

  /** The merge key of a list field, if its elements all carry it. */
  private static String mergeKey(String field, List<?> elements) {
    for (String key : MERGE_KEYS.getOrDefault(field, List.of())) {
      if (!elements.isEmpty()
          && elements.stream().allMatch(e -> e instanceof Map<?, ?> m && m.get(key) != null)) {
        return key;
      }
    }
    return null;
  }

  private static Object find(Object list, String key, Object id) {
    if (!(list instanceof List<?> elements) || id == null) {
      return null;
    }
    return elements.stream()
        .filter(e -> e instanceof Map<?, ?> m && Objects.equals(m.get(key), id))
        .findFirst()
        .orElse(null);
  }
}
