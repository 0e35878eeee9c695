package io.scaleproof.scenarios.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * One change to the objects of a YAML file, made on the loaded objects (never on the text) and
 * written back: the way a run changes the pipeline's files in Git. Comments do not survive; every
 * field does.
 */
final class ManifestEdit {
  private ManifestEdit() {}

  /**
   * {@code yaml} with {@code change} applied to each object of {@code kind} whose name is in {@code
   * names}.
   */
  static String apply(
      String yaml, String kind, List<String> names, Consumer<Map<String, Object>> change) {
    Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
    List<String> documents = new ArrayList<>();
    for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      if (document instanceof Map<?, ?> object
          && kind.equals(object.get("kind"))
          && names.contains(name(object))) {
        change.accept(asMap(object));
      }
      if (document != null) {
        documents.add(dump.dumpToString(document));
      }
    }
    return String.join("---\n", documents);
  }

  static String name(Map<?, ?> object) {
    return object.get("metadata") instanceof Map<?, ?> metadata
        ? Objects.toString(metadata.get("name"))
        : null;
  }

  /** The mapping at {@code key}, made (empty) when absent. */
  static Map<String, Object> child(Map<String, Object> parent, String key) {
    if (!(parent.get(key) instanceof Map<?, ?>)) {
      parent.put(key, new java.util.LinkedHashMap<String, Object>());
    }
    return asMap((Map<?, ?>) parent.get(key));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object map) {
    return (Map<String, Object>) map;
  }

  /** A number as Kubernetes manifests write it in strings: {@code 150}, {@code 0.05}. */
  static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
