package io.scaleproof.cluster.lint;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.gitops.SyncOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object of the rendered pipeline, as plain maps and lists, with the file and the document it
 * came from.
 */
record Declared(
    String kind,
    String namespace,
    String name,
    Map<String, Object> body,
    Path file,
    int document,
    HasMetadata typed) {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT = Pattern.compile("document (\\d+)");

  @SuppressWarnings("unchecked")
  static Declared of(Manifests.Sourced sourced) {
    HasMetadata object = sourced.object();
    Map<String, Object> body = SERIALIZATION.convertValue(object, Map.class);
    Matcher document = DOCUMENT.matcher(sourced.where());
    return new Declared(
        object.getKind(),
        Optional.ofNullable(object.getMetadata().getNamespace()).orElse("default"),
        object.getMetadata().getName(),
        body,
        sourced.file(),
        document.find() ? Integer.parseInt(document.group(1)) : 1,
        object);
  }

  /** {@code Kind namespace/name}. */
  String describe() {
    return kind + " " + namespace + "/" + name;
  }

  /** The value at a path of keys (String) and list indexes (Integer); null when absent. */
  Object at(Object... path) {
    return PlainValues.at(body, path);
  }

  Map<String, Object> map(Object... path) {
    return PlainValues.map(at(path));
  }

  List<Object> list(Object... path) {
    return PlainValues.list(at(path));
  }

  String string(Object... path) {
    Object value = at(path);
    return value == null ? null : String.valueOf(value);
  }

  /** The object's sync wave, as Argo CD reads it. */
  int wave() {
    return SyncOrder.wave(typed);
  }
}
