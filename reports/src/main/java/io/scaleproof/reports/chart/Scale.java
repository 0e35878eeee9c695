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

  /**
   * From 0 to the first of 1, 2, 2.5 or 5 times a power of ten that leaves {@code max} a little
   * room; 1 when nothing is above 0.
   */
  static Scale nice(double max) {
    if (max <= 0) {
      return linear(0, 1, "%.1f");
    }
    double wanted = max * 1.05;
    double power = Math.pow(10, Math.floor(Math.log10(wanted)));
    double top = power * 10;
    for (double step : new double[] {1, 2, 2.5, 5}) {
      if (power * step >= wanted) {
        top = power * step;
        break;
      }
    }
    return linear(0, top, top >= 10 ? "%.0f" : top >= 1 ? "%.1f" : "%.2f");
  }

  /** Pixels from a timeline panel's top; values outside the scale are drawn at its edge. */
  double y(double value) {
    return y(value, TimelineChart.PANEL_HEIGHT);
  }

  /** Pixels from the top of a panel {@code height} high; values outside are drawn at its edge. */
  double y(double value, double height) {
    double position =
        logarithmic
            ? (Math.log10(Math.max(value, min)) - Math.log10(min))
                / (Math.log10(max) - Math.log10(min))
            : (value - min) / (max - min);
    return height * (1 - Math.min(1, Math.max(0, position)));
  }

  String label(double value) {
    return String.format(Locale.ROOT, format, value);
  }
}
