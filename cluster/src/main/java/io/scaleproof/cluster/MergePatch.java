package io.scaleproof.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** JSON merge patch (RFC 7386) over plain maps: create one from two documents, apply one. */
public final class MergePatch {
  private MergePatch() {}

  /** The patch that turns {@code original} into {@code modified}: removed keys map to null. */
  public static Map<String, Object> diff(Map<?, ?> original, Map<?, ?> modified) {
    Map<String, Object> patch = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : original.entrySet()) {
      if (!modified.containsKey(entry.getKey())) {
        patch.put(String.valueOf(entry.getKey()), null);
      }
    }
    for (Map.Entry<?, ?> entry : modified.entrySet()) {
      String key = String.valueOf(entry.getKey());
      Object before = original.get(entry.getKey());
      Object after = entry.getValue();
      if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
        Map<String, Object> nested = diff(b, a);
        if (!nested.isEmpty()) {
          patch.put(key, nested);
        }
      } else if (!original.containsKey(entry.getKey()) || !Objects.equals(before, after)) {
        patch.put(key, after);
      }
    }
    return patch;
  }

  /** Applies {@code patch} to {@code target}; returns the result, leaving both inputs unchanged. */
  public static Object apply(Object target, Object patch) {
    if (!(patch instanceof Map<?, ?> patchMap)) {
      return patch;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    if (target instanceof Map<?, ?> targetMap) {
      targetMap.forEach((k, v) -> result.put(String.valueOf(k), v));
    }
    for (Map.Entry<?, ?> entry : patchMap.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (entry.getValue() == null) {
        result.remove(key);
      } else {
        result.put(key, apply(result.get(key), entry.getValue()));
      }
    }
    return result;
  }
}
