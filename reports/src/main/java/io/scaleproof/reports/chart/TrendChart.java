package io.scaleproof.reports.chart;

import static io.scaleproof.reports.chart.TimelineChart.AXIS;
import static io.scaleproof.reports.chart.TimelineChart.BACKGROUND;
import static io.scaleproof.reports.chart.TimelineChart.PALETTE;

import io.scaleproof.reports.history.Kpi;
import io.scaleproof.reports.history.RunHistory;
import io.scaleproof.reports.history.RunHistory.Entry;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The KPIs of a scenario's last runs as one picture: a panel per {@link Kpi}, top to bottom, the
 * runs from left to right, a line per service in the colour the timeline gives it, a dot per run
 * (hollow when the run failed) and a red ring on each value that the rule of {@link
 * RunHistory#worse} judges worse than the runs before it. Drawn once through {@link Canvas},
 * written as SVG and PNG.
 */
public final class TrendChart {
  public static final int WIDTH = 1200;
  static final int LEFT = 70;
  static final int RIGHT = 170;
  static final int TOP = 76;
  static final int PANEL_HEIGHT = 120;
  static final int GAP = 44;
  public static final int HEIGHT = TOP + Kpi.values().length * (PANEL_HEIGHT + GAP);

  static final Color REGRESSION = TimelineChart.THRESHOLD;

  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private TrendChart() {}

  /**
   * The chart of the last {@code lastRuns} runs of {@code scenario} as an SVG document; {@code
   * band} is the regression rule's (0.25: 25 %).
   *
   * @throws IllegalArgumentException when {@code lastRuns} is below 1 or {@code band} below 0
   */
  public static String svg(RunHistory history, String scenario, int lastRuns, double band) {
    SvgCanvas canvas = new SvgCanvas(WIDTH, HEIGHT);
    draw(TrendWindow.of(history, scenario, lastRuns, band), canvas);
    return canvas.document();
  }

  /** The chart of {@link #svg} as an image, for PNG, {@link #WIDTH} by {@link #HEIGHT}. */
  public static BufferedImage image(
      RunHistory history, String scenario, int lastRuns, double band) {
    ImageCanvas canvas = new ImageCanvas(WIDTH, HEIGHT);
    draw(TrendWindow.of(history, scenario, lastRuns, band), canvas);
    return canvas.image();
  }

  /**
   * Writes {@code trends.svg} and {@code trends.png} into {@code directory} and returns their
   * paths; writes nothing, and returns an empty list, when {@code scenario} has no runs yet.
   */
  public static List<Path> write(
      RunHistory history, String scenario, int lastRuns, double band, Path directory) {
    if (history.runs(scenario).isEmpty()) {
      return List.of();
    }
    return ChartFiles.write(
        directory,
        "trends",
        "trend chart",
        svg(history, scenario, lastRuns, band),
        image(history, scenario, lastRuns, band));
  }

  private static void draw(TrendWindow trend, Canvas canvas) {
    canvas.rectangle(0, 0, WIDTH, HEIGHT, BACKGROUND);
    canvas.text(
        LEFT,
        20,
        String.format(
            Locale.ROOT,
            "scenario %s — KPIs of the last %d of %d runs, oldest left (UTC); lower is better",
            trend.scenario(),
            trend.runs().size(),
            trend.allRuns()),
        AXIS,
        true);
    markLegend(canvas, trend.band());
    List<String> services = trend.services();
    for (int i = 0; i < services.size(); i++) {
      canvas.rectangle(WIDTH - RIGHT + 15, TOP + 20 * i, 14, 4, colour(i));
      canvas.text(WIDTH - RIGHT + 35, TOP + 6 + 20 * i, services.get(i), AXIS, false);
    }
    Kpi[] kpis = Kpi.values();
    for (int panel = 0; panel < kpis.length; panel++) {
      Kpi kpi = kpis[panel];
      double top = TOP + panel * (PANEL_HEIGHT + GAP);
      Scale scale = Scale.nice(trend.max(kpi));
      frame(canvas, kpi, trend.runs(), scale, top);
      List<Canvas.Point> regressions = new ArrayList<>();
      List<Map<String, String>> regressed = new ArrayList<>();
      for (int i = 0; i < services.size(); i++) {
        String service = services.get(i);
        Map<String, String> data = Map.of("service", service, "kpi", kpi.key());
        List<Entry> values = trend.values(service, kpi);
        series(canvas, values, scale, top, colour(i), "series " + kpi.key(), service);
        for (int run = 0; run < values.size(); run++) {
          Entry entry = values.get(run);
          if (entry == null) {
            continue;
          }
          Canvas.Point point = point(run, values.size(), entry.value(), scale, top);
          canvas.circle(
              point,
              3.5,
              colour(i),
              entry.passed() ? colour(i) : BACKGROUND,
              entry.passed() ? "point" : "point failed",
              data);
          if (trend.regressed(entry)) {
            regressions.add(point);
            regressed.add(data);
          }
        }
      }
      // Rings last, so that no other service's line covers them.
      for (int i = 0; i < regressions.size(); i++) {
        canvas.circle(regressions.get(i), 8, REGRESSION, null, "regression", regressed.get(i));
      }
    }
  }

  /** What the dots and rings mean, under the title. */
  private static void markLegend(Canvas canvas, double band) {
    double y = 44;
    canvas.circle(new Canvas.Point(LEFT + 4, y - 4), 3.5, AXIS, AXIS, "legend", Map.of());
    canvas.text(LEFT + 14, y, "passed run", AXIS, false);
    canvas.circle(new Canvas.Point(LEFT + 104, y - 4), 3.5, AXIS, BACKGROUND, "legend", Map.of());
    canvas.text(LEFT + 114, y, "failed run", AXIS, false);
    canvas.circle(new Canvas.Point(LEFT + 208, y - 4), 8, REGRESSION, null, "legend", Map.of());
    double percent = Math.round(band * 1000) / 10.0;
    String rounded =
        percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
    canvas.text(
        LEFT + 222,
        y,
        String.format(
            Locale.ROOT,
            "red ring: worse than the median of the runs before by more than %s %%",
            rounded),
        AXIS,
        false);
  }

  private static void frame(Canvas canvas, Kpi kpi, List<Instant> runs, Scale scale, double top) {
    double bottom = top + PANEL_HEIGHT;
    canvas.line(LEFT, bottom, WIDTH - RIGHT, bottom, AXIS, false);
    canvas.line(LEFT, top, LEFT, bottom, AXIS, false);
    canvas.text(LEFT, top - 6, kpi.key() + " (" + kpi.unit() + ")", AXIS, true);
    canvas.text(8, top + 10, scale.label(scale.max()), AXIS, false);
    canvas.text(8, bottom, scale.label(scale.min()), AXIS, false);
    for (int run = 0; run < runs.size(); run++) {
      double x = x(run, runs.size());
      canvas.line(x, bottom, x, bottom + 4, AXIS, false);
    }
    if (!runs.isEmpty()) {
      runLabel(canvas, runs, 0, bottom);
    }
    if (runs.size() > 1) {
      runLabel(canvas, runs, runs.size() - 1, bottom);
    }
  }

  private static void runLabel(Canvas canvas, List<Instant> runs, int run, double bottom) {
    // About half the width of "yyyy-MM-dd HH:mm" in the 12 px font: centred under the tick.
    double x = x(run, runs.size()) - 48;
    canvas.text(x, bottom + 16, RUN_TIME.format(runs.get(run)), AXIS, false);
  }

  /** One service's values as polylines, broken at runs without a value. */
  private static void series(
      Canvas canvas,
      List<Entry> values,
      Scale scale,
      double top,
      Color color,
      String css,
      String service) {
    List<Canvas.Point> points = new ArrayList<>();
    for (int run = 0; run < values.size(); run++) {
      Entry entry = values.get(run);
      if (entry == null) {
        polyline(canvas, points, color, css, service);
        points = new ArrayList<>();
      } else {
        points.add(point(run, values.size(), entry.value(), scale, top));
      }
    }
    polyline(canvas, points, color, css, service);
  }

  private static void polyline(
      Canvas canvas, List<Canvas.Point> points, Color color, String css, String service) {
    if (!points.isEmpty()) {
      canvas.polyline(points, color, false, css, service);
    }
  }

  private static Canvas.Point point(int run, int runs, double value, Scale scale, double top) {
    return new Canvas.Point(x(run, runs), top + scale.y(value, PANEL_HEIGHT));
  }

  /** The middle of the run's slot: one run is drawn in the middle, not on the axis. */
  private static double x(int run, int runs) {
    return LEFT + (run + 0.5) * (WIDTH - RIGHT - LEFT) / runs;
  }

  private static Color colour(int service) {
    return PALETTE.get(service % PALETTE.size());
  }
}
