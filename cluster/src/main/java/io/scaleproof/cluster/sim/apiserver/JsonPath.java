package io.scaleproof.cluster.sim.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Kubernetes' JSONPath that a CRD's {@code additionalPrinterColumns} use: fields
 * ({@code .status.replicas}, {@code ['app.kubernetes.io/name']}), indexes ({@code [0]}, {@code
 * [*]}) and filters on a field's value ({@code [?(@.type=="Ready")]}, {@code !=}). The results are
 * every value the path reaches, in document order; a column shows the first.
 */
final class JsonPath {
  private static final Pattern FILTER =
      Pattern.compile(
          "\\?\\(@((?:\\.[A-Za-z0-9_-]+)+)\\s*(==|!=)\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\\s]+))\\s*\\)");

  private JsonPath() {}

  /** Every value {@code path} reaches in {@code document}. */
  static List<Object> find(Object document, String path) {
    List<Object> current = new ArrayList<>();
    current.add(document);
    String rest = path.trim();
    if (rest.startsWith("{") && rest.endsWith("}")) {
      rest = rest.substring(1, rest.length() - 1);
    }
    if (rest.startsWith("$")) {
      rest = rest.substring(1);
    }
    int i = 0;
    while (i < rest.length() && !current.isEmpty()) {
      char c = rest.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
          end++;
        }
        current = field(current, rest.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int end = closing(rest, i);
        current = bracket(current, rest.substring(i + 1, end).trim());
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath " + path);
      }
    }
    return current;
  }

  private static int closing(String path, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '"' || c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '[') {
        depth++;
      } else if (!quoted && c == ']' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed [ in JSONPath " + path);
  }

  private static List<Object> field(List<Object> values, String name) {
    List<Object> found = new ArrayList<>();
    if (name.isEmpty()) {
      return values;
    }
    for (Object value : values) {
      if (value instanceof Map<?, ?> map && map.containsKey(name)) {
        found.add(map.get(name));
      }
    }
    return found;
  }

  private static List<Object> bracket(List<Object> values, String inside) {
    if ((inside.startsWith("'") && inside.endsWith("'"))
        || (inside.startsWith("\"") && inside.endsWith("\""))) {
      return field(values, inside.substring(1, inside.length() - 1));
    }
    List<Object> found = new ArrayList<>();
    Matcher filter = FILTER.matcher(inside);
    for (Object value : values) {
      if (!(value instanceof List<?> list)) {
        continue;
      }
      if (inside.equals("*")) {
        found.addAll(list);
      } else if (filter.matches()) {
        String wanted =
            filter.group(3) != null
                ? filter.group(3)
                : filter.group(4) != null ? filter.group(4) : filter.group(5);
        boolean equal = filter.group(2).equals("==");
        for (Object element : list) {
          List<Object> at = find(element, filter.group(1));
          // An element without the field is left out whatever the operator, as Kubernetes does.
          if (!at.isEmpty() && Objects.equals(String.valueOf(at.get(0)), wanted) == equal) {
            found.add(element);
          }
        }
      } else if (inside.matches("-?\\d+")) {
        int index = Integer.parseInt(inside);
        int at = index < 0 ? list.size() + index : index;
        if (at >= 0 && at < list.size()) {
          found.add(list.get(at));
        }
      } else {
        throw new IllegalArgumentException("unsupported JSONPath subscript [" + inside + "]");
      }
    }
    return found;
  }
}
