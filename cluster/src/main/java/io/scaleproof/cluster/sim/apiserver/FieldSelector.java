package io.scaleproof.cluster.sim.apiserver;

import io.scaleproof.cluster.PlainValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list request's {@code fieldSelector}, as kube-apiserver takes it: requirements joined by
 * commas, each {@code field=value}, {@code field==value} or {@code field!=value}, on the fields a
 * kind offers ({@code metadata.name} and {@code metadata.namespace} on every kind, and those each
 * kind's registry adds, e.g. an Event's {@code involvedObject.*}, what {@code kubectl describe}
 * selects its events by). A field a kind does not offer is refused as the API server refuses it.
 */
record FieldSelector(List<Requirement> requirements) {

  /**
   * One requirement: the field's value equals (or, {@code negated}, differs from) {@code value}.
   */
  record Requirement(String field, String value, boolean negated) {
    boolean matches(Map<String, Object> object) {
      return value.equals(valueAt(object, field)) != negated;
    }
  }

  /** The fields each kind's registry offers beside {@code metadata.name/namespace}. */
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "Pod",
          Set.of(
              "spec.nodeName",
              "spec.restartPolicy",
              "spec.schedulerName",
              "spec.serviceAccountName",
              "spec.hostNetwork",
              "status.phase",
              "status.podIP",
              "status.nominatedNodeName"),
          "Event",
          Set.of(
              "involvedObject.kind",
              "involvedObject.namespace",
              "involvedObject.name",
              "involvedObject.uid",
              "involvedObject.apiVersion",
              "involvedObject.resourceVersion",
              "involvedObject.fieldPath",
              "reason",
              "reportingComponent",
              "source",
              "type"),
          "Secret",
          Set.of("type"),
          "Namespace",
          Set.of("status.phase"),
          "Node",
          Set.of("spec.unschedulable"),
          "ReplicaSet",
          Set.of("status.replicas"),
          "Job",
          Set.of("status.successful"));

  /**
   * Parses {@code selector} for a list of {@code kind}.
   *
   * @throws IllegalArgumentException with the API server's message, for a field {@code kind} does
   *     not offer or a requirement that does not parse
   */
  static FieldSelector parse(String selector, String kind) {
    List<Requirement> requirements = new ArrayList<>();
    for (String part : selector.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      boolean negated = part.contains("!=");
      String[] sides = part.split(negated ? "!=" : "==?", 2);
      if (sides.length != 2) {
        throw new IllegalArgumentException("invalid selector: '" + selector + "'");
      }
      String field = sides[0].trim();
      if (!field.equals("metadata.name")
          && !field.equals("metadata.namespace")
          && !FIELDS.getOrDefault(kind, Set.of()).contains(field)) {
        throw new IllegalArgumentException("field label not supported: " + field);
      }
      requirements.add(new Requirement(field, sides[1].trim(), negated));
    }
    return new FieldSelector(List.copyOf(requirements));
  }

  /**
   * Whether the mock's own selection is enough: nothing selected, or only {@code metadata.name} and
   * {@code metadata.namespace}, which it keeps for every object (the controllers' watches use
   * them).
   */
  static boolean mockHandles(String selector) {
    for (String part : selector.split(",")) {
      String field = part.split("!=|==?", 2)[0].trim();
      if (!part.isBlank()
          && !field.equals("metadata.name")
          && !field.equals("metadata.namespace")) {
        return false;
      }
    }
    return true;
  }

  boolean matches(Map<String, Object> object) {
    return requirements.stream().allMatch(r -> r.matches(object));
  }

  /** The field's value as a selector compares it: a string, {@code ""} when it is absent. */
  static String valueAt(Map<String, Object> object, String field) {
    if (field.equals("source")) {
      // An Event's source is its reporting component; the registry falls back to source.component.
      Object reporting = object.get("reportingComponent");
      if (reporting != null && !reporting.toString().isEmpty()) {
        return reporting.toString();
      }
      return valueAt(object, "source.component");
    }
    Object current = object;
    for (String step : field.split("\\.")) {
      if (!(current instanceof Map<?, ?>)) {
        return "";
      }
      current = PlainValues.map(current).get(step);
    }
    return current == null ? "" : current.toString();
  }
}
