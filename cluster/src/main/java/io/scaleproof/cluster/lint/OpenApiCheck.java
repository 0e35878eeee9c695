package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An object against its CRD's OpenAPI v3 schema, as the API server validates it: fields the schema
 * does not have (the server prunes or refuses them), required fields missing, values of the wrong
 * type (a YAML number where KEDA's trigger metadata takes strings), values outside an enum.
 */
final class OpenApiCheck {
  private final Declared object;
  private final Findings findings;

  private OpenApiCheck(Declared object, Findings findings) {
    this.object = object;
    this.findings = findings;
  }

  /** Checks {@code spec} (the part a user writes) against the schema's {@code spec}. */
  static void check(Declared object, Map<String, Object> schema, Findings findings) {
    Map<String, Object> spec = PlainValues.map(PlainValues.at(schema, "properties", "spec"));
    Object value = object.at("spec");
    if (value != null && !spec.isEmpty()) {
      new OpenApiCheck(object, findings).value(value, spec, new Object[] {"spec"});
    }
  }

  private void value(Object value, Map<String, Object> schema, Object[] path) {
    if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
      if (!(value instanceof Number || value instanceof String)) {
        violation(path, "takes an integer or a string, not " + describe(value));
      }
      return;
    }
    String type = String.valueOf(schema.getOrDefault("type", ""));
    switch (type) {
      case "object" -> {
        if (!(value instanceof Map<?, ?> map)) {
          violation(path, "takes an object, not " + describe(value));
          return;
        }
        object(PlainValues.map(map), schema, path);
      }
      case "array" -> {
        if (!(value instanceof List<?> list)) {
          violation(path, "takes a list, not " + describe(value));
          return;
        }
        Map<String, Object> items = PlainValues.map(schema.get("items"));
        for (int i = 0; i < list.size(); i++) {
          value(list.get(i), items, SchemaChecks.append(path, i));
        }
      }
      case "string" -> {
        if (!(value instanceof String)) {
          violation(
              path,
              "takes a string, not "
                  + describe(value)
                  + (value instanceof Number || value instanceof Boolean
                      ? ": quote it (\"" + value + "\")"
                      : ""));
        }
      }
      case "integer" -> {
        if (!(value instanceof Integer || value instanceof Long)) {
          violation(path, "takes an integer, not " + describe(value));
        }
      }
      case "number" -> {
        if (!(value instanceof Number)) {
          violation(path, "takes a number, not " + describe(value));
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean)) {
          violation(path, "takes true or false, not " + describe(value));
        }
      }
      default -> {}
    }
    List<Object> allowed = PlainValues.list(schema.get("enum"));
    if (!allowed.isEmpty() && !allowed.contains(value)) {
      violation(path, "is " + describe(value) + "; it takes one of " + allowed);
    }
  }

  private void object(Map<String, Object> map, Map<String, Object> schema, Object[] path) {
    Map<String, Object> properties = PlainValues.map(schema.get("properties"));
    for (Object required : PlainValues.list(schema.get("required"))) {
      if (!map.containsKey(String.valueOf(required))) {
        violation(path, "misses the required field `" + required + "`");
      }
    }
    boolean open =
        Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))
            || properties.isEmpty();
    Map<String, Object> additional = PlainValues.map(schema.get("additionalProperties"));
    for (var entry : map.entrySet()) {
      Object[] at = SchemaChecks.append(path, entry.getKey());
      Map<String, Object> property = PlainValues.map(properties.get(entry.getKey()));
      if (properties.containsKey(entry.getKey())) {
        value(entry.getValue(), property, at);
      } else if (!additional.isEmpty()) {
        value(entry.getValue(), additional, at);
      } else if (!open) {
        Set<String> known = new TreeSet<>(properties.keySet());
        findings.add(
            Rule.UNKNOWN_FIELD,
            object,
            at,
            "`"
                + entry.getKey()
                + "` is no field of "
                + object.kind()
                + " "
                + PlainValues.path(path)
                + SchemaChecks.closest(entry.getKey(), known)
                    .map(name -> " (did you mean `" + name + "`?)")
                    .orElse("")
                + ": the API server prunes it, and it has no effect",
            "Use one of: " + String.join(", ", known));
      }
    }
  }

  private void violation(Object[] path, String problem) {
    findings.add(
        Rule.SCHEMA_VIOLATION,
        object,
        path,
        PlainValues.path(path) + " " + problem + ": the API server refuses the " + object.kind(),
        "Write it as the " + object.kind() + " CRD's schema says");
  }

  private static String describe(Object value) {
    if (value instanceof String text) {
      return "the string \"" + text + "\"";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return value instanceof Boolean ? "the boolean " + value : "the number " + value;
  }
}
