package io.scaleproof.cluster.sim.argocd;

import java.util.List;
import java.util.Map;

/** Removing what an RFC 6901 JSON pointer names, as an RFC 6902 {@code remove} does. */
final class JsonPointers {
  private JsonPointers() {}

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
