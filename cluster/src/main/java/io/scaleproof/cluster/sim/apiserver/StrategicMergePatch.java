package io.scaleproof.cluster.sim.apiserver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}), as apimachinery's {@code
 * strategicpatch.StrategicMergeMapPatch} applies it on the API server: maps merge, {@code null}
 * deletes, lists whose field has the {@code merge} strategy merge by their key (containers by name,
 * ports by containerPort, a Service's ports by port, …), other lists are replaced, with the
 * directives {@code $patch}, {@code $retainKeys}, {@code $setElementOrder/f} and {@code
 * $deleteFromPrimitiveList/f} and the same ordering of merged lists. It is what {@code kubectl
 * apply} sends for a built-in kind. The fields' strategies are the {@code patchStrategy} tags of
 * the Kubernetes 1.35 API types, in {@link Schema}.
 *
 * <p>Larger than 300 lines because it is one upstream algorithm (apimachinery's strategicpatch:
 * maps, lists merged by key, the $patch and $retainKeys directives) whose steps recurse into each
 * other, with the patch schema of the kinds the embedded cluster serves.
 */
final class StrategicMergePatch {
  private static final String SET_ORDER = "$setElementOrder/";
  private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

  private StrategicMergePatch() {}

  /** A patch the API server refuses, with the HTTP status it answers. */
  static final class Refused extends RuntimeException {
    private final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }

    int code() {
      return code;
    }
  }

  /** A field's patch strategy and merge key, and what its values (or list elements) hold. */
  record Field(Set<String> strategy, String mergeKey, Schema element) {
    static final Field NONE = new Field(Set.of(), null, Schema.ANY);

    boolean merges() {
      return strategy.contains("merge");
    }
  }

  /** The fields of one API type that have a strategy or lead to one; any other field has none. */
  record Schema(Map<String, Field> fields) {
    static final Schema ANY = new Schema(Map.of());

    Field field(String name) {
      return fields.getOrDefault(name, Field.NONE);
    }

    static Field merge(String key, Schema element) {
      return new Field(Set.of("merge"), key, element);
    }

    static Field nested(Schema schema) {
      return new Field(Set.of(), null, schema);
    }

    static final Schema OBJECT_META =
        new Schema(
            Map.of(
                "finalizers", merge(null, ANY),
                "ownerReferences", merge("uid", ANY)));
    static final Schema CONTAINER =
        new Schema(
            Map.of(
                "ports", merge("containerPort", ANY),
                "env", merge("name", ANY),
                "volumeMounts", merge("mountPath", ANY),
                "volumeDevices", merge("devicePath", ANY)));
    static final Schema POD_SPEC =
        new Schema(
            Map.of(
                "containers", merge("name", CONTAINER),
                "initContainers", merge("name", CONTAINER),
                "ephemeralContainers", merge("name", CONTAINER),
                "volumes", new Field(Set.of("merge", "retainKeys"), "name", ANY),
                "imagePullSecrets", merge("name", ANY),
                "hostAliases", merge("ip", ANY),
                "topologySpreadConstraints", merge("topologyKey", ANY),
                "schedulingGates", merge("name", ANY),
                "resourceClaims", new Field(Set.of("merge", "retainKeys"), "name", ANY)));
    static final Schema POD_TEMPLATE =
        new Schema(Map.of("metadata", nested(OBJECT_META), "spec", nested(POD_SPEC)));
    static final Schema CONDITIONS = new Schema(Map.of("conditions", merge("type", ANY)));

    /** A kind's schema: its metadata, and the fields its spec and status have strategies on. */
    static Schema of(String kind) {
      Map<String, Field> fields = new LinkedHashMap<>();
      fields.put("metadata", nested(OBJECT_META));
      switch (kind) {
        case "Pod" -> {
          fields.put("spec", nested(POD_SPEC));
          fields.put(
              "status",
              nested(
                  new Schema(
                      Map.of(
                          "conditions", merge("type", ANY),
                          "podIPs", merge("ip", ANY),
                          "hostIPs", merge("ip", ANY)))));
        }
        case "Deployment" -> {
          fields.put(
              "spec",
              nested(
                  new Schema(
                      Map.of(
                          "template",
                          nested(POD_TEMPLATE),
                          "strategy",
                          new Field(Set.of("retainKeys"), null, ANY)))));
          fields.put("status", nested(CONDITIONS));
        }
        case "ReplicaSet", "DaemonSet", "StatefulSet", "ReplicationController", "Job" -> {
          fields.put("spec", nested(new Schema(Map.of("template", nested(POD_TEMPLATE)))));
          fields.put("status", nested(CONDITIONS));
        }
        case "PodTemplate" -> fields.put("template", nested(POD_TEMPLATE));
        case "CronJob" -> {
          Schema jobSpec = new Schema(Map.of("template", nested(POD_TEMPLATE)));
          Schema jobTemplate =
              new Schema(Map.of("metadata", nested(OBJECT_META), "spec", nested(jobSpec)));
          fields.put("spec", nested(new Schema(Map.of("jobTemplate", nested(jobTemplate)))));
        }
        case "Service" -> {
          fields.put("spec", nested(new Schema(Map.of("ports", merge("port", ANY)))));
          fields.put("status", nested(CONDITIONS));
        }
        case "ServiceAccount" -> fields.put("secrets", merge("name", ANY));
        case "Node" -> {
          fields.put("spec", nested(new Schema(Map.of("podCIDRs", merge(null, ANY)))));
          fields.put(
              "status",
              nested(
                  new Schema(
                      Map.of(
                          "conditions", merge("type", ANY),
                          "addresses", merge("type", ANY)))));
        }
        case "Namespace", "PersistentVolumeClaim", "HorizontalPodAutoscaler" ->
            fields.put("status", nested(CONDITIONS));
        case "PodDisruptionBudget" -> {
          fields.put(
              "spec",
              nested(new Schema(Map.of("selector", new Field(Set.of("replace"), null, ANY)))));
          fields.put("status", nested(CONDITIONS));
        }
        default -> {
          // No strategies beyond the metadata's: maps merge, lists are replaced.
        }
      }
      return new Schema(fields);
    }
  }

  /** {@code original} with {@code patch} applied; neither is changed. */
  static Map<String, Object> apply(
      Map<String, Object> original, Map<String, Object> patch, Schema schema) {
    return mergeMap(copy(original), patch, schema);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mergeMap(
      Map<String, Object> original, Map<String, Object> patchIn, Schema schema) {
    Map<String, Object> patch = new LinkedHashMap<>(patchIn);
    if (patch.containsKey("$patch")) {
      Object directive = patch.remove("$patch");
      if ("replace".equals(directive)) {
        return patch;
      }
      if ("delete".equals(directive)) {
        return new LinkedHashMap<>();
      }
      throw new Refused(500, "unknown patch type: " + directive + " in map: " + patchIn);
    }
    if (patch.containsKey("$retainKeys")) {
      Object retain = patch.remove("$retainKeys");
      if (!(retain instanceof List<?> keys)) {
        throw new Refused(400, "invalid patch format of retainKeys: " + retain);
      }
      for (Map.Entry<String, Object> entry : patch.entrySet()) {
        String key = entry.getKey();
        if (entry.getValue() != null
            && !key.startsWith(DELETE_PRIMITIVE)
            && !key.startsWith(SET_ORDER)
            && !keys.contains(key)) {
          throw new Refused(400, "invalid patch format of retainKeys: " + key + " is not retained");
        }
      }
      original.keySet().removeIf(key -> !keys.contains(key));
    }
    for (String key : List.copyOf(patch.keySet())) {
      if (!key.startsWith(SET_ORDER)) {
        continue;
      }
      String field = key.substring(SET_ORDER.length());
      if (!(patch.remove(key) instanceof List<?> order)) {
        throw new Refused(400, "invalid patch format of " + key);
      }
      Object patchList = patch.remove(field);
      Object originalList = original.get(field);
      Field spec = schema.field(field);
      List<Object> serverOrder =
          originalList instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
      Object merged;
      if (originalList != null && patchList == null) {
        merged = originalList;
      } else if (originalList == null) {
        merged = patchList == null ? null : removeDirectives(patchList);
      } else {
        merged = mergeSliceHandler(originalList, patchList, spec);
      }
      if (merged instanceof List<?> list) {
        original.put(
            field,
            normalize(new ArrayList<>(list), new ArrayList<>(order), serverOrder, spec.mergeKey()));
      }
    }
    for (Map.Entry<String, Object> entry : patch.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.startsWith(DELETE_PRIMITIVE)) {
        String field = key.substring(DELETE_PRIMITIVE.length());
        if (field.isEmpty() || !(value instanceof List<?> values)) {
          throw new Refused(400, "invalid patch format of " + key);
        }
        if (original.get(field) instanceof List<?> current) {
          List<Object> kept = new ArrayList<>(current);
          kept.removeIf(element -> values.stream().anyMatch(v -> same(v, element)));
          original.put(field, kept);
        }
        continue;
      }
      if (value == null) {
        original.remove(key);
        continue;
      }
      Object current = original.get(key);
      Field spec = schema.field(key);
      if (current == null || !sameType(current, value)) {
        Object added = removeDirectives(discardNulls(value));
        if (added == null) {
          original.remove(key);
        } else {
          original.put(key, added);
        }
      } else if (value instanceof Map<?, ?> patchMap) {
        original.put(
            key,
            spec.strategy().contains("replace")
                ? patchMap
                : mergeMap(
                    new LinkedHashMap<>((Map<String, Object>) current),
                    (Map<String, Object>) patchMap,
                    spec.element()));
      } else if (value instanceof List<?>) {
        original.put(key, mergeSliceHandler(current, value, spec));
      } else {
        original.put(key, value);
      }
    }
    return original;
  }

  @SuppressWarnings("unchecked")
  private static Object mergeSliceHandler(Object original, Object patch, Field spec) {
    if (!spec.merges()) {
      return patch;
    }
    return mergeSlice((List<Object>) original, (List<Object>) patch, spec);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> mergeSlice(List<Object> originalIn, List<Object> patch, Field spec) {
    if (originalIn.isEmpty() && patch.isEmpty()) {
      return originalIn;
    }
    List<Object> all = new ArrayList<>(originalIn);
    all.addAll(patch);
    if (all.stream().anyMatch(e -> e instanceof List<?>)) {
      throw new Refused(422, "lists of lists are not supported");
    }
    if (all.stream().noneMatch(e -> e instanceof Map<?, ?>)) {
      List<Object> merged = new ArrayList<>();
      for (Object element : all) {
        if (merged.stream().noneMatch(m -> same(m, element))) {
          merged.add(element);
        }
      }
      return normalize(merged, new ArrayList<>(patch), new ArrayList<>(originalIn), null);
    }
    String key = spec.mergeKey();
    if (key == null) {
      throw new Refused(500, "cannot merge lists without merge key");
    }
    List<Object> original = new ArrayList<>();
    originalIn.forEach(
        e -> original.add(e instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : e));
    boolean replace = false;
    List<Object> elements = new ArrayList<>();
    for (Object element : patch) {
      Map<String, Object> map = (Map<String, Object>) element;
      Object directive = map.get("$patch");
      if (directive == null) {
        elements.add(map);
      } else if ("delete".equals(directive)) {
        Object id = map.get(key);
        original.removeIf(o -> o instanceof Map<?, ?> m && same(m.get(key), id));
      } else if ("replace".equals(directive)) {
        replace = true;
      } else if ("merge".equals(directive)) {
        throw new Refused(500, "merging lists cannot yet be specified in the patch");
      } else {
        throw new Refused(500, "unknown patch type: " + directive + " in map: " + map);
      }
    }
    if (replace) {
      return new ArrayList<>(elements);
    }
    List<Object> serverOrder = new ArrayList<>(original);
    for (Object element : elements) {
      Map<String, Object> map = (Map<String, Object>) element;
      if (!map.containsKey(key)) {
        throw new Refused(500, "map: " + map + " does not contain declared merge key: " + key);
      }
      int at = -1;
      for (int i = 0; i < original.size(); i++) {
        if (original.get(i) instanceof Map<?, ?> o && same(o.get(key), map.get(key))) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        original.add(map);
      } else {
        original.set(at, mergeMap((Map<String, Object>) original.get(at), map, spec.element()));
      }
    }
    return normalize(original, elements, serverOrder, key);
  }

  /**
   * {@code normalizeElementOrder}: the items named in {@code order} in its order, the others in the
   * server's order, the two merged so that server-only items stay beside their neighbours and new
   * items come before the server-only items left.
   */
  private static List<Object> normalize(
      List<Object> merged, List<Object> order, List<Object> serverOrder, String key) {
    List<Object> named = new ArrayList<>();
    List<Object> serverOnly = new ArrayList<>();
    for (Object element : merged) {
      (index(order, element, key) >= 0 ? named : serverOnly).add(element);
    }
    named.sort(Comparator.comparingInt(e -> index(order, e, key)));
    serverOnly.sort(Comparator.comparingInt(e -> index(serverOrder, e, key)));
    List<Object> result = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < serverOnly.size() || j < named.size()) {
      if (j >= named.size()) {
        result.add(serverOnly.get(i++));
      } else if (i >= serverOnly.size()) {
        result.add(named.get(j++));
      } else {
        int left = index(serverOrder, serverOnly.get(i), key);
        int right = index(serverOrder, named.get(j), key);
        if (left >= 0 && right >= 0 && left < right) {
          result.add(serverOnly.get(i++));
        } else {
          result.add(named.get(j++));
        }
      }
    }
    return result;
  }

  private static int index(List<Object> list, Object element, String key) {
    for (int i = 0; i < list.size(); i++) {
      Object candidate = list.get(i);
      if (key == null
          ? same(candidate, element)
          : candidate instanceof Map<?, ?> c
              && element instanceof Map<?, ?> e
              && same(c.get(key), e.get(key))) {
        return i;
      }
    }
    return -1;
  }

  /** JSON equality as Go compares decoded values: numbers by value ({@code 80} is {@code 80.0}). */
  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  private static boolean sameType(Object a, Object b) {
    return (a instanceof Map<?, ?>) == (b instanceof Map<?, ?>)
        && (a instanceof List<?>) == (b instanceof List<?>);
  }

  /** A new subtree: its null values dropped, as {@code discardNullValuesFromPatch}. */
  @SuppressWarnings("unchecked")
  private static Object discardNulls(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> kept = new LinkedHashMap<>();
      ((Map<String, Object>) map)
          .forEach(
              (k, v) -> {
                if (v != null) {
                  kept.put(k, discardNulls(v));
                }
              });
      return kept;
    }
    if (value instanceof List<?> list) {
      List<Object> kept = new ArrayList<>();
      list.forEach(v -> kept.add(discardNulls(v)));
      return kept;
    }
    return value;
  }

  /** A new subtree without the maps that carry {@code $patch}, as {@code removeDirectives}. */
  private static Object removeDirectives(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.containsKey("$patch") ? null : value;
    }
    if (value instanceof List<?> list) {
      List<Object> kept = new ArrayList<>();
      for (Object element : list) {
        if (!(element instanceof Map<?, ?> m && m.containsKey("$patch"))) {
          kept.add(element);
        }
      }
      return kept;
    }
    return value;
  }

  private static Map<String, Object> copy(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, deepCopy(v)));
    return copy;
  }

  /** A value's own copy: its maps and lists copied all the way down, other values shared. */
  @SuppressWarnings("unchecked")
  private static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> m) {
      return copy((Map<String, Object>) m);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return value;
  }
}
