package io.scaleproof.cluster.lint;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fields of a built-in kind (Deployment, Service, ConfigMap…) that the Kubernetes API does not
 * have. fabric8's model is generated from the API's OpenAPI schema and keeps what it does not know
 * in each object's {@code additionalProperties}; a walk over the typed object finds them, with
 * their path.
 */
final class TypedFields {
  private TypedFields() {}

  /** Each unknown field's path, with the names of the object's known fields there. */
  record Unknown(Object[] path, List<String> known) {}

  static List<Unknown> unknown(HasMetadata object) {
    List<Unknown> found = new ArrayList<>();
    if (!(object instanceof GenericKubernetesResource)) {
      walk(object, new Object[0], found, 0);
    }
    return found;
  }

  private static void walk(Object value, Object[] path, List<Unknown> found, int depth) {
    if (value == null || depth > 20) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), SchemaChecks.append(path, i), found, depth + 1);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, entry) -> walk(entry, SchemaChecks.append(path, key), found, depth + 1));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    List<String> known = new ArrayList<>();
    for (Field field : fields(value.getClass())) {
      JsonProperty property = field.getAnnotation(JsonProperty.class);
      if (property == null) {
        continue;
      }
      known.add(property.value());
      try {
        field.setAccessible(true);
        walk(field.get(value), SchemaChecks.append(path, property.value()), found, depth + 1);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a field the model does not let us read holds nothing of the user's
      }
    }
    try {
      Object extra = value.getClass().getMethod("getAdditionalProperties").invoke(value);
      if (extra instanceof Map<?, ?> map) {
        for (Object key : map.keySet()) {
          found.add(new Unknown(SchemaChecks.append(path, key), known));
        }
      }
    } catch (ReflectiveOperationException e) {
      // no additional properties on this type
    }
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> at = type; at != null && at != Object.class; at = at.getSuperclass()) {
      for (Field field : at.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          fields.add(field);
        }
      }
    }
    return fields;
  }
}
