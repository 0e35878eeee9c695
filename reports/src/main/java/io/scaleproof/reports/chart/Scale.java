package io.scaleproof.reports.chart;

import java.util.Locale;

/** A panel's vertical scale: a value to pixels down from the panel's top. */
record Scale(double min, double max, boolean logarithmic, String format) {
  static Scale linear(double min, double max, String format) {
    return new Scale(min, max, false, format);
  }

  static Scale logarithmic(double min, double max) {
    return new Scale(min, max, true, "%.0f");
  }

  /** Pixels from the panel's top; values outside the scale are drawn at its edge. */
  double y(double value) {
    double position =
        logarithmic
            ? (Math.log10(Math.max(value, min)) - Math.log10(min))
                / (Math.log10(max) - Math.log10(min))
            : (value - min) / (max - min);
    return TimelineChart.PANEL_HEIGHT * (1 - Math.min(1, Math.max(0, position)));
  }

  String label(double value) {
    return String.format(Locale.ROOT, format, value);
  }
}
