package io.scaleproof.reports.chart;

import static io.scaleproof.reports.chart.TimelineChart.AXIS;
import static io.scaleproof.reports.chart.TimelineChart.BACKGROUND;
import static io.scaleproof.reports.chart.TimelineChart.PALETTE;
import static io.scaleproof.reports.chart.TimelineChart.THRESHOLD;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A threshold sweep as one picture: each setting a dot at its cost (replica-seconds, across) and
 * its harm (seconds above the SLO, up), with a bar over the spread of its seeds; the settings no
 * other beats on both joined as the Pareto front; hollow where a seed failed the scenario's
 * expectations; the recommended setting ringed, the recorded run marked. Lower and further left is
 * better. Drawn once through {@link Canvas}, written as SVG and PNG.
 */
public final class ParetoChart {
  static final int WIDTH = 1000;
  static final int HEIGHT = 640;
  static final int LEFT = 80;
  static final int RIGHT = 40;
  static final int TOP = 140;
  static final int BOTTOM = 70;

  /**
   * One setting of the sweep.
   *
   * @param label how the setting is named, such as {@code p95ThresholdMs=175 maxReplicaCount=4}
   * @param replicaSeconds the mean across seeds
   * @param replicaSecondsLow the lowest seed's
   * @param replicaSecondsHigh the highest seed's
   * @param violationSeconds the mean across seeds
   * @param violationSecondsLow the lowest seed's
   * @param violationSecondsHigh the highest seed's
   * @param passed whether every seed passed the scenario's expectations
   * @param front whether it is on the Pareto front
   * @param recommended whether it is the recommendation
   */
  public record Point(
      String label,
      double replicaSeconds,
      double replicaSecondsLow,
      double replicaSecondsHigh,
      double violationSeconds,
      double violationSecondsLow,
      double violationSecondsHigh,
      boolean passed,
      boolean front,
      boolean recommended) {}

  private ParetoChart() {}

  /**
   * Writes {@code pareto.svg} and {@code pareto.png} into {@code directory}; returns their paths.
   */
  public static List<Path> write(
      String title, List<Point> points, double[] recorded, Path directory) {
    SvgCanvas svg = new SvgCanvas(WIDTH, HEIGHT);
    draw(title, points, recorded, svg);
    ImageCanvas image = new ImageCanvas(WIDTH, HEIGHT);
    draw(title, points, recorded, image);
    return ChartFiles.write(directory, "pareto", "Pareto chart", svg.document(), image.image());
  }

  /** The chart as an SVG document. */
  public static String svg(String title, List<Point> points, double[] recorded) {
    SvgCanvas svg = new SvgCanvas(WIDTH, HEIGHT);
    draw(title, points, recorded, svg);
    return svg.document();
  }

  private static void draw(String title, List<Point> points, double[] recorded, Canvas canvas) {
    canvas.rectangle(0, 0, WIDTH, HEIGHT, BACKGROUND);
    canvas.text(LEFT, 24, title, AXIS, true);
    canvas.text(
        LEFT,
        46,
        "dot: a setting, at the mean of its seeds (bars: their spread); hollow: a seed failed the"
            + " scenario's expectations",
        AXIS,
        false);
    canvas.text(
        LEFT,
        64,
        "line: the Pareto front; square: the recorded run; ring: the recommendation",
        AXIS,
        false);
    double maxX = recorded == null ? 0 : recorded[0];
    double maxY = recorded == null ? 0 : recorded[1];
    for (Point p : points) {
      maxX = Math.max(maxX, p.replicaSecondsHigh());
      maxY = Math.max(maxY, p.violationSecondsHigh());
    }
    Scale x = Scale.nice(maxX);
    Scale y = Scale.nice(maxY);
    double width = WIDTH - LEFT - RIGHT;
    double height = HEIGHT - TOP - BOTTOM;
    canvas.line(LEFT, TOP + height, LEFT + width, TOP + height, AXIS, false);
    canvas.line(LEFT, TOP, LEFT, TOP + height, AXIS, false);
    for (int tick = 0; tick <= 4; tick++) {
      double vx = x.min() + (x.max() - x.min()) * tick / 4;
      double px = LEFT + width * tick / 4;
      canvas.line(px, TOP + height, px, TOP + height + 5, AXIS, false);
      canvas.text(px - 12, TOP + height + 20, x.label(vx), AXIS, false);
      double vy = y.min() + (y.max() - y.min()) * tick / 4;
      double py = TOP + y.y(vy, height);
      canvas.line(LEFT - 5, py, LEFT, py, AXIS, false);
      canvas.text(LEFT - 45, py + 4, y.label(vy), AXIS, false);
    }
    canvas.text(
        LEFT + width / 2 - 120, HEIGHT - 22, "cost: replica-seconds (mean of seeds)", AXIS, false);
    canvas.text(LEFT - 40, TOP - 14, "seconds with p95 above the SLO", AXIS, false);

    Color dot = PALETTE.get(0);
    for (Point p : points) {
      double px = LEFT + width * (p.replicaSeconds() - x.min()) / (x.max() - x.min());
      double py = TOP + y.y(p.violationSeconds(), height);
      double lowX = LEFT + width * (p.replicaSecondsLow() - x.min()) / (x.max() - x.min());
      double highX = LEFT + width * (p.replicaSecondsHigh() - x.min()) / (x.max() - x.min());
      canvas.line(lowX, py, highX, py, dot, false);
      canvas.line(
          px,
          TOP + y.y(p.violationSecondsLow(), height),
          px,
          TOP + y.y(p.violationSecondsHigh(), height),
          dot,
          false);
      canvas.circle(
          new Canvas.Point(px, py),
          3.5,
          dot,
          p.passed() ? dot : BACKGROUND,
          p.passed() ? "setting" : "setting failed",
          Map.of("setting", p.label()));
    }
    List<Point> front = new ArrayList<>(points.stream().filter(Point::front).toList());
    front.sort(Comparator.comparingDouble(Point::replicaSeconds));
    List<Canvas.Point> line = new ArrayList<>();
    for (Point p : front) {
      line.add(
          new Canvas.Point(
              LEFT + width * (p.replicaSeconds() - x.min()) / (x.max() - x.min()),
              TOP + y.y(p.violationSeconds(), height)));
    }
    if (line.size() > 1) {
      canvas.polyline(line, PALETTE.get(1), false, "series pareto-front", "sweep");
    }
    for (Point p : points) {
      if (p.recommended()) {
        double px = LEFT + width * (p.replicaSeconds() - x.min()) / (x.max() - x.min());
        double py = TOP + y.y(p.violationSeconds(), height);
        canvas.circle(
            new Canvas.Point(px, py),
            9,
            THRESHOLD,
            null,
            "recommended",
            Map.of("setting", p.label()));
        canvas.text(LEFT, 84, "recommended: " + p.label(), THRESHOLD, true);
      }
    }
    if (recorded != null) {
      double px = LEFT + width * (recorded[0] - x.min()) / (x.max() - x.min());
      double py = TOP + y.y(recorded[1], height);
      canvas.rectangle(px - 4, py - 4, 8, 8, AXIS);
      canvas.text(
          LEFT,
          102,
          String.format(
              Locale.ROOT,
              "recorded run: %.0f replica-seconds, %.0f s above the SLO",
              recorded[0],
              recorded[1]),
          AXIS,
          false);
    }
  }
}
