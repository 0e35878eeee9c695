package io.scaleproof.cluster.sim.apiserver;

import io.scaleproof.cluster.PlainValues;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the printers of a {@link Tables Table} share to write a cell: an object's name and age, a
 * time as "how long ago", labels and label selectors as kubectl writes them, {@code <none>} and
 * {@code <unknown>} for what is missing, and the reading of plain values as text and numbers.
 */
final class Cells {
  static final String NONE = "<none>";

  private Cells() {}

  static String name(Map<String, Object> object) {
    return text(object.get("metadata"), "name");
  }

  static String age(Map<String, Object> object, Instant now) {
    return since(text(object.get("metadata"), "creationTimestamp"), now);
  }

  /** {@code translateTimestampSince}: how long ago, {@code <unknown>} without a time. */
  static String since(String timestamp, Instant now) {
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    Instant at = instant(timestamp);
    return at == null ? "<invalid>" : HumanDuration.of(Duration.between(at, now));
  }

  /** An RFC 3339 time, with or without an offset; null when there is none or it is no time. */
  static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(timestamp).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /** {@code labels.FormatLabels}: {@code k=v} sorted by key, {@code <none>} when empty. */
  static String labels(Object map) {
    Map<String, Object> sorted = new TreeMap<>(PlainValues.map(map));
    if (sorted.isEmpty()) {
      return NONE;
    }
    return sorted.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /**
   * A label selector as {@code selector.String()} writes it: requirements sorted by key, {@code
   * k=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}; {@code empty} when
   * there are none.
   */
  static String selector(Object selector, String empty) {
    Map<String, Object> s = PlainValues.map(selector);
    TreeMap<String, List<String>> requirements = new TreeMap<>();
    PlainValues.map(s.get("matchLabels"))
        .forEach(
            (k, v) -> requirements.computeIfAbsent(k, x -> new ArrayList<>()).add(k + "=" + v));
    for (Object expression : PlainValues.list(s.get("matchExpressions"))) {
      String key = text(expression, "key");
      List<String> values =
          PlainValues.list(PlainValues.map(expression).get("values")).stream()
              .map(String::valueOf)
              .sorted()
              .toList();
      String requirement =
          switch (text(expression, "operator")) {
            case "In" -> key + " in (" + String.join(",", values) + ")";
            case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
            case "Exists" -> key;
            case "DoesNotExist" -> "!" + key;
            default -> key;
          };
      requirements.computeIfAbsent(key, x -> new ArrayList<>()).add(requirement);
    }
    if (requirements.isEmpty()) {
      return empty;
    }
    return requirements.values().stream().flatMap(List::stream).collect(Collectors.joining(","));
  }

  /** Whether the first condition of {@code type} is True, as {@code hasPodReadyCondition}. */
  static boolean conditionTrue(Map<String, Object> status, String type) {
    for (Object condition : PlainValues.list(status.get("conditions"))) {
      if (text(condition, "type").equals(type)) {
        return text(condition, "status").equals("True");
      }
    }
    return false;
  }

  static String orNone(String value) {
    return value == null || value.isEmpty() ? NONE : value;
  }

  static String orUnknown(String value) {
    return value == null || value.isEmpty() ? "<unknown>" : value;
  }

  /** The value at {@code key} of a map as text; empty when there is none. */
  static String text(Object map, String key) {
    Object value = PlainValues.map(map).get(key);
    return value == null ? "" : value.toString();
  }

  static String text(Object map, String outer, String inner) {
    return text(PlainValues.map(map).get(outer), inner);
  }

  /** A whole number, or a string of one; 0 for anything else. */
  static long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s && s.matches("-?\\d+")) {
      return Long.parseLong(s);
    }
    return 0;
  }
}
