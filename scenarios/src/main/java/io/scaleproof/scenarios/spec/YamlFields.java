package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of a scenario file, read field by field: each getter checks the value and fails with
 * an {@link InvalidInputException} naming the file, the field's full path and the fix.
 */
final class YamlFields {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private final Path file;
  private final String path;
  private final Map<String, Object> values;

  private YamlFields(Path file, String path, Map<String, Object> values) {
    this.file = file;
    this.path = path;
    this.values = values;
  }

  static YamlFields root(Path file, Object document) {
    if (!(document instanceof Map<?, ?> map)) {
      throw new InvalidInputException(
          file,
          "(document)",
          "is not a mapping",
          "Start the file with 'name:', 'load:' and 'slo:'");
    }
    return new YamlFields(file, "", copy(map));
  }

  /** Fails on any key other than {@code known}: a typo must not be silently ignored. */
  YamlFields allowOnly(String... known) {
    Set<String> allowed = Set.of(known);
    for (String key : values.keySet()) {
      if (!allowed.contains(key)) {
        throw invalid(key, "is not a known field", "Use one of " + new TreeSet<>(allowed));
      }
    }
    return this;
  }

  boolean has(String key) {
    return values.get(key) != null;
  }

  YamlFields section(String key) {
    Object value = values.get(key);
    if (value == null) {
      return new YamlFields(file, at(key), Map.of());
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(key, "must be a mapping, not '" + value + "'", "");
    }
    return new YamlFields(file, at(key), copy(map));
  }

  String string(String key) {
    Object value = values.get(key);
    if (value == null) {
      throw invalid(key, "is missing", "Add it");
    }
    return String.valueOf(value);
  }

  String string(String key, String otherwise) {
    return has(key) ? string(key) : otherwise;
  }

  List<String> strings(String key) {
    Object value = values.get(key);
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw invalid(key, "must be a non-empty list", "For example [java-app, node-app]");
    }
    List<String> strings = new ArrayList<>();
    for (Object item : list) {
      strings.add(String.valueOf(item));
    }
    return strings;
  }

  /** A number greater than zero. */
  double positive(String key) {
    double number = number(key);
    if (!(number > 0)) {
      throw invalid(key, "must be greater than 0, not " + values.get(key), "");
    }
    return number;
  }

  /** A number at least zero. */
  double notNegative(String key, double otherwise) {
    if (!has(key)) {
      return otherwise;
    }
    double number = number(key);
    if (number < 0) {
      throw invalid(key, "must not be negative, not " + values.get(key), "");
    }
    return number;
  }

  Double optionalPositive(String key) {
    return has(key) ? positive(key) : null;
  }

  int positiveInt(String key, int otherwise) {
    return has(key) ? positiveInt(key) : otherwise;
  }

  /** A whole number greater than zero. */
  int positiveInt(String key) {
    double number = positive(key);
    if (number != Math.rint(number)) {
      throw invalid(key, "must be a whole number, not " + values.get(key), "");
    }
    return (int) number;
  }

  int notNegativeInt(String key, int otherwise) {
    double number = notNegative(key, otherwise);
    if (number != Math.rint(number)) {
      throw invalid(key, "must be a whole number, not " + values.get(key), "");
    }
    return (int) number;
  }

  /** A duration greater than zero: ISO-8601 ({@code PT30S}) or short ({@code 30s}, {@code 2m}). */
  Duration duration(String key) {
    Duration duration = parseDuration(key, string(key));
    if (duration.isNegative() || duration.isZero()) {
      throw invalid(key, "must be longer than zero, not " + values.get(key), "");
    }
    return duration;
  }

  Duration duration(String key, Duration otherwise) {
    return has(key) ? duration(key) : otherwise;
  }

  Duration optionalDuration(String key) {
    return has(key) ? duration(key) : null;
  }

  Duration durationOrZero(String key) {
    if (!has(key)) {
      return Duration.ZERO;
    }
    Duration duration = parseDuration(key, string(key));
    if (duration.isNegative()) {
      throw invalid(key, "must not be negative, not " + values.get(key), "");
    }
    return duration;
  }

  /** An error about {@code key} of this mapping. */
  InvalidInputException invalid(String key, String problem, String fix) {
    return new InvalidInputException(file, at(key), problem, fix);
  }

  private String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private double number(String key) {
    Object value = values.get(key);
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value == null) {
      throw invalid(key, "is missing", "Add a number");
    }
    throw invalid(key, "must be a number, not '" + value + "'", "");
  }

  private Duration parseDuration(String key, String text) {
    Matcher shortForm = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (shortForm.matches()) {
      double amount = Double.parseDouble(shortForm.group(1));
      long millis =
          switch (shortForm.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
          };
      return Duration.ofMillis(Math.round(amount * millis));
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw invalid(key, "'" + text + "' is not a duration", "Write it as 30s, 2m or PT30S");
    }
  }

  private static Map<String, Object> copy(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(String.valueOf(key), value));
    return copy;
  }
}
