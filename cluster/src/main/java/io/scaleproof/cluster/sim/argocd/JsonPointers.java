package io.scaleproof.cluster.sim.argocd;

import java.util.List;
import java.util.Map;

/**
 * What an RFC 6901 JSON pointer names: read, removed (as an RFC 6902 {@code remove}), or set in
 * maps (as {@code add}).
 */
final class JsonPointers {
  private JsonPointers() {}

  /** The value at {@code pointer}, or null. */
  static Object get(Object document, String pointer) {
    Object node = document;
    for (String token : tokens(pointer)) {
      if (node instanceof Map<?, ?> map) {
        node = map.get(token);
      } else if (node instanceof List<?> list && token.matches("[0-9]+")) {
        int index = Integer.parseInt(token);
        node = index < list.size() ? list.get(index) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  /** Sets {@code value} at {@code pointer}, creating the maps on the way. */
  @SuppressWarnings("unchecked")
  static void set(Map<String, Object> document, String pointer, Object value) {
    List<String> tokens = tokens(pointer);
    if (tokens.isEmpty()) {
      return;
    }
    Object node = document;
    for (int i = 0; i < tokens.size() - 1; i++) {
      String token = tokens.get(i);
      if (node instanceof Map<?, ?> map) {
        Object next = map.get(token);
        if (next == null) {
          next = new java.util.LinkedHashMap<String, Object>();
          ((Map<String, Object>) map).put(token, next);
        }
        node = next;
      } else if (node instanceof List<?> list && token.matches("[0-9]+")) {
        int index = Integer.parseInt(token);
        if (index >= list.size()) {
          return;
        }
        node = list.get(index);
      } else {
        return;
      }
    }
    String last = tokens.get(tokens.size() - 1);
    if (node instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(last, value);
    } else if (node instanceof List<?> list && last.matches("[0-9]+")) {
      int index = Integer.parseInt(last);
      if (index < list.size()) {
        ((List<Object>) list).set(index, value);
      }
    }
  }

  private static List<String> tokens(String pointer) {
    if (pointer == null || !pointer.startsWith("/")) {
      return List.of();
    }
    return java.util.Arrays.stream(pointer.substring(1).split("/", -1))
        .map(t -> t.replace("~1", "/").replace("~0", "~"))
        .toList();
  }

  /** Removes the value at {@code pointer}; a pointer to nothing changes nothing. */
  static void remove(Object document, String pointer) {
    if (pointer == null || pointer.isEmpty() || !pointer.startsWith("/")) {
      return;
    }
    String[] tokens = pointer.substring(1).split("/", -1);
    Object node = document;
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i].replace("~1", "/").replace("~0", "~");
      boolean last = i == tokens.length - 1;
      if (node instanceof Map<?, ?> map) {
        if (last) {
          map.remove(token);
          return;
        }
        node = map.get(token);
      } else if (node instanceof List<?> list) {
        int index;
        try {
          index = Integer.parseInt(token);
        } catch (NumberFormatException e) {
          return;
        }
        if (index < 0 || index >= list.size()) {
          return;
        }
        if (last) {
          list.remove(index);
          return;
        }
        node = list.get(index);
      } else {
        return;
      }
    }
  }
}
