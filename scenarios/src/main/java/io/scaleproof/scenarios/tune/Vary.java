package io.scaleproof.scenarios.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code --vary KEY=VALUES} of {@code tune}: a knob and its values, given as a list ({@code
 * 30s,60s,300s}) or a range with a step ({@code 100..300/25}, both ends included). Durations take
 * {@code ms}, {@code s}, {@code m} or {@code h}; plain numbers are seconds for them.
 */
public record Vary(Knob knob, List<Double> values) {
  /** Ranges longer than this are a typo, not a sweep. */
  static final int MAX_VALUES = 1000;

  public Vary {
    values = List.copyOf(values);
  }

  /**
   * Parses one {@code --vary}.
   *
   * @throws IllegalArgumentException saying what is wrong and what is wanted
   */
  public static Vary parse(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not KEY=VALUES; for example p95ThresholdMs=100..300/25");
    }
    String key = text.substring(0, equals).trim();
    Knob knob = Knob.byKey(key);
    if (knob == null) {
      throw new IllegalArgumentException(
          "'" + key + "' is not a setting tune varies; use one of " + Knob.keys());
    }
    String spec = text.substring(equals + 1).trim();
    List<Double> values = new ArrayList<>();
    if (spec.contains("..")) {
      int dots = spec.indexOf("..");
      int slash = spec.indexOf('/', dots);
      if (slash < 0) {
        throw new IllegalArgumentException(
            key + ": '" + spec + "' is a range without a step; write FROM..TO/STEP");
      }
      double from = value(knob, spec.substring(0, dots));
      double to = value(knob, spec.substring(dots + 2, slash));
      double step = value(knob, spec.substring(slash + 1));
      if (!(step > 0)) {
        throw new IllegalArgumentException(key + ": the step of '" + spec + "' must be above 0");
      }
      if (to < from) {
        throw new IllegalArgumentException(
            key + ": '" + spec + "' is empty (it ends before it starts); write FROM..TO/STEP");
      }
      long count = (long) Math.floor((to - from) / step + 1e-9) + 1;
      if (count > MAX_VALUES) {
        throw new IllegalArgumentException(
            key + ": '" + spec + "' gives " + count + " values; at most " + MAX_VALUES);
      }
      for (long i = 0; i < count; i++) {
        values.add(from + i * step);
      }
    } else {
      for (String part : spec.split(",", -1)) {
        values.add(value(knob, part));
      }
    }
    for (double value : values) {
      if (!knob.accepts(value)) {
        throw new IllegalArgumentException(
            key + ": " + knob.format(value) + " is outside its domain: " + knob.domain());
      }
    }
    return new Vary(knob, values.stream().distinct().toList());
  }

  private static double value(Knob knob, String raw) {
    String text = raw.trim();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(knob.key() + ": an empty value; give " + knob.domain());
    }
    double scale = 1;
    if (knob.isDuration()) {
      if (text.endsWith("ms")) {
        scale = 0.001;
        text = text.substring(0, text.length() - 2);
      } else if (text.endsWith("s")) {
        text = text.substring(0, text.length() - 1);
      } else if (text.endsWith("m")) {
        scale = 60;
        text = text.substring(0, text.length() - 1);
      } else if (text.endsWith("h")) {
        scale = 3600;
        text = text.substring(0, text.length() - 1);
      }
    }
    try {
      return Double.parseDouble(text) * scale;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          knob.key() + ": '" + raw.trim() + "' is not a value; give " + knob.domain());
    }
  }
}
