package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.YamlMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of a scenario file, read field by field: the checks every file the user writes gets
 * ({@link YamlMapping}: the file, the field's full path and the fix in every error), and the
 * scenario's own kinds of value, numbers and durations.
 */
final class YamlFields {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private final YamlMapping mapping;

  private YamlFields(YamlMapping mapping) {
    this.mapping = mapping;
  }

  /** {@code mapping}, read with these fields' kinds of value. */
  static YamlFields of(YamlMapping mapping) {
    return new YamlFields(mapping);
  }

  /** A scenario file's one document. */
  static YamlFields file(Path file) {
    return new YamlFields(
        YamlMapping.file(
            file, "Keep one scenario per file, starting with 'name:', 'load:' and 'slo:'"));
  }

  /** Fails on any key other than {@code known}: a typo must not be silently ignored. */
  YamlFields allowOnly(String... known) {
    mapping.allowOnly(known);
    return this;
  }

  boolean has(String key) {
    return mapping.has(key);
  }

  YamlFields section(String key) {
    return new YamlFields(mapping.section(key));
  }

  /** Whether {@code key} holds a list rather than a mapping or a value. */
  boolean isList(String key) {
    return mapping.value(key) instanceof List<?>;
  }

  /** A non-empty list of mappings. */
  List<YamlFields> sections(String key, String fix) {
    return mapping.sections(key, fix).stream().map(YamlFields::new).toList();
  }

  /** The full path of {@code key}, as errors name it. */
  String at(String key) {
    return mapping.at(key);
  }

  Object value(String key) {
    return mapping.value(key);
  }

  String string(String key) {
    return mapping.string(key, "Add it");
  }

  String string(String key, String otherwise) {
    return has(key) ? string(key) : otherwise;
  }

  List<String> strings(String key) {
    return mapping.strings(key, "For example [checkout, cart]");
  }

  /** A number greater than zero. */
  double positive(String key) {
    double number = number(key);
    if (!(number > 0)) {
      throw invalid(key, "must be greater than 0, not " + mapping.value(key), "");
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
      throw invalid(key, "must not be negative, not " + mapping.value(key), "");
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
      throw invalid(key, "must be a whole number, not " + mapping.value(key), "");
    }
    return (int) number;
  }

  int notNegativeInt(String key, int otherwise) {
    double number = notNegative(key, otherwise);
    if (number != Math.rint(number)) {
      throw invalid(key, "must be a whole number, not " + mapping.value(key), "");
    }
    return (int) number;
  }

  /** A duration greater than zero: ISO-8601 ({@code PT30S}) or short ({@code 30s}, {@code 2m}). */
  Duration duration(String key) {
    Duration duration = parseDuration(key, string(key));
    if (duration.isNegative() || duration.isZero()) {
      throw invalid(key, "must be longer than zero, not " + mapping.value(key), "");
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
      throw invalid(key, "must not be negative, not " + mapping.value(key), "");
    }
    return duration;
  }

  /** An error about {@code key} of this mapping. */
  InvalidInputException invalid(String key, String problem, String fix) {
    return mapping.invalid(mapping.at(key), problem, fix);
  }

  private double number(String key) {
    Object value = mapping.value(key);
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
}
