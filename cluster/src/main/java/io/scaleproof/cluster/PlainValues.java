package io.scaleproof.cluster;

import java.util.List;
import java.util.Map;

/**
 * Walking the plain maps and lists that YAML and JSON read into (and that fabric8's generic
 * resources hold): a value that is not what was asked for reads as empty, never as a cast error.
 */
public final class PlainValues {
  private PlainValues() {}

  /** The value at a path of keys (String) and list indexes (Integer); null when absent. */
  public static Object at(Object root, Object... path) {
    Object value = root;
    for (Object step : path) {
      if (step instanceof Integer index && value instanceof List<?> list) {
        value = index < list.size() ? list.get(index) : null;
      } else if (value instanceof Map<?, ?> map) {
        value = map.get(String.valueOf(step));
      } else {
        return null;
      }
    }
    return value;
  }

  /** The value as a map; an empty one when it is none. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** The value as a list; an empty one when it is none. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object value) {
    return value instanceof List<?> list ? (List<Object>) list : List.of();
  }

  /** A path as a reader writes it: {@code spec.triggers[0].metadata.threshold}. */
  public static String path(Object... path) {
    StringBuilder text = new StringBuilder();
    for (Object step : path) {
      if (step instanceof Integer index) {
        text.append('[').append(index).append(']');
      } else {
        if (!text.isEmpty()) {
          text.append('.');
        }
        text.append(step);
      }
    }
    return text.toString();
  }
}
