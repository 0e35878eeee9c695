package io.scaleproof.reports.chart;

import io.scaleproof.assertions.FaultWindow;
import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceTimeline;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The timeline of a run as one picture: four panels over the same time axis — replicas (wanted
 * solid, ready dashed, each change ticked), p95 on a log scale against the threshold, request rate
 * and error ratio — one colour per service, the load's time shaded. Drawn once through {@link
 * Canvas}, written as SVG and PNG.
 */
public final class TimelineChart {
  public static final int WIDTH = 1200;
  static final int LEFT = 70;
  static final int RIGHT = 170;
  static final int TOP = 56;
  static final int PANEL_HEIGHT = 150;
  static final int GAP = 40;
  public static final int HEIGHT = TOP + 4 * (PANEL_HEIGHT + GAP);

  static final Color BACKGROUND = Color.WHITE;
  static final Color LOAD = new Color(238, 238, 238);
  static final Color AXIS = new Color(90, 90, 90);
  static final Color THRESHOLD = new Color(200, 0, 0);
  static final Color FAULT = new Color(250, 219, 216);
  static final Color FAULT_TEXT = new Color(192, 57, 43);

  /** One colour per service, in the order of their names. */
  static final List<Color> PALETTE =
      List.of(
          new Color(230, 126, 34),
          new Color(39, 174, 96),
          new Color(41, 128, 185),
          new Color(142, 68, 173),
          new Color(22, 160, 133),
          new Color(127, 140, 141));

  private TimelineChart() {}

  /** The chart as an SVG document. */
  public static String svg(RecordedRun run) {
    SvgCanvas canvas = new SvgCanvas(WIDTH, HEIGHT);
    draw(run, canvas);
    return canvas.document();
  }

  /** The chart as an image, for PNG. */
  public static BufferedImage image(RecordedRun run) {
    ImageCanvas canvas = new ImageCanvas(WIDTH, HEIGHT);
    draw(run, canvas);
    return canvas.image();
  }

  /** Writes {@code timeline.svg} and {@code timeline.png} into {@code directory}. */
  public static List<Path> write(RecordedRun run, Path directory) {
    return ChartFiles.write(directory, "timeline", "timeline chart", svg(run), image(run));
  }

  private static void draw(RecordedRun run, Canvas canvas) {
    canvas.rectangle(0, 0, WIDTH, HEIGHT, BACKGROUND);
    canvas.text(
        LEFT,
        20,
        "scenario "
            + run.scenario()
            + " — t: seconds since the load started (shaded: the load"
            + (run.faults().isEmpty() ? ")" : "; red: the faults)"),
        AXIS,
        true);
    TimeAxis time = TimeAxis.of(run);
    List<ServiceTimeline> services =
        run.services().values().stream()
            .sorted(java.util.Comparator.comparing(ServiceTimeline::service))
            .toList();
    double thresholds =
        services.stream().mapToDouble(ServiceTimeline::p95ThresholdMs).max().orElse(0);
    int panel = 0;
    for (Panel kind : Panel.values()) {
      double top = TOP + panel * (PANEL_HEIGHT + GAP);
      Scale scale = kind.scale(services, thresholds);
      frame(canvas, kind, time, scale, top, run);
      for (int i = 0; i < services.size(); i++) {
        ServiceTimeline timeline = services.get(i);
        Color color = PALETTE.get(i % PALETTE.size());
        series(canvas, timeline, kind.value, kind.steps, time, scale, top, color, false, kind.css);
        if (kind == Panel.REPLICAS) {
          series(
              canvas, timeline, Panel.READY, true, time, scale, top, color, true, "series ready");
          scaleEvents(canvas, timeline, time, top, color);
        }
        if (kind == Panel.P95) {
          series(
              canvas,
              timeline,
              Sample::clientP95Ms,
              false,
              time,
              scale,
              top,
              color,
              true,
              "series client-p95");
          double y = top + scale.y(timeline.p95ThresholdMs());
          canvas.line(LEFT, y, WIDTH - RIGHT, y, THRESHOLD, true);
        }
        if (panel == 0) {
          canvas.rectangle(WIDTH - RIGHT + 15, TOP + 20 * i, 14, 4, color);
          canvas.text(WIDTH - RIGHT + 35, TOP + 6 + 20 * i, timeline.service(), AXIS, false);
        }
      }
      panel++;
    }
  }

  private static void frame(
      Canvas canvas, Panel kind, TimeAxis time, Scale scale, double top, RecordedRun run) {
    double right = WIDTH - RIGHT;
    double loadFrom = time.x(run.loadStarted());
    double loadTo = time.x(run.loadStopped());
    canvas.rectangle(loadFrom, top, Math.max(1, loadTo - loadFrom), PANEL_HEIGHT, LOAD);
    for (FaultWindow fault : run.faults()) {
      double from = time.x(fault.started());
      double to = fault.ended() == null ? time.x(time.toSeconds()) : time.x(fault.ended());
      canvas.rectangle(from, top, Math.max(1, to - from), PANEL_HEIGHT, FAULT);
      canvas.text(from + 3, top + 12, fault.label(), FAULT_TEXT, false);
    }
    canvas.line(LEFT, top + PANEL_HEIGHT, right, top + PANEL_HEIGHT, AXIS, false);
    canvas.line(LEFT, top, LEFT, top + PANEL_HEIGHT, AXIS, false);
    canvas.text(LEFT, top - 6, kind.title, AXIS, true);
    canvas.text(8, top + 10, scale.label(scale.max()), AXIS, false);
    canvas.text(8, top + PANEL_HEIGHT, scale.label(scale.min()), AXIS, false);
    for (double seconds : time.ticks()) {
      double x = time.x(seconds);
      canvas.line(x, top + PANEL_HEIGHT, x, top + PANEL_HEIGHT + 4, AXIS, false);
      String label = seconds == 0 ? "0" : String.format(Locale.ROOT, "%+.0f", seconds);
      canvas.text(x - 10, top + PANEL_HEIGHT + 16, label, AXIS, false);
    }
  }

  /** One service's values as polylines, broken where a sample has no value. */
  private static void series(
      Canvas canvas,
      ServiceTimeline timeline,
      Function<Sample, Double> value,
      boolean steps,
      TimeAxis time,
      Scale scale,
      double top,
      Color color,
      boolean dashed,
      String css) {
    List<Canvas.Point> points = new ArrayList<>();
    for (Sample sample : timeline.samples()) {
      Double v = value.apply(sample);
      if (v == null) {
        canvas.polyline(points, color, dashed, css, timeline.service());
        points = new ArrayList<>();
        continue;
      }
      double x = time.x(sample.at());
      double y = top + scale.y(v);
      if (steps && !points.isEmpty()) {
        points.add(new Canvas.Point(x, points.get(points.size() - 1).y()));
      }
      points.add(new Canvas.Point(x, y));
    }
    canvas.polyline(points, color, dashed, css, timeline.service());
  }

  /** A tick above the replicas panel at each change of the wanted replicas. */
  private static void scaleEvents(
      Canvas canvas, ServiceTimeline timeline, TimeAxis time, double top, Color color) {
    List<Sample> samples = timeline.samples();
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i).replicas() != samples.get(i - 1).replicas()) {
        double x = time.x(samples.get(i).at());
        canvas.line(x, top, x, top + 10, color, false);
      }
    }
  }

  /** The horizontal axis: seconds from the load's start, over every sample of the run. */
  record TimeAxis(Instant origin, double fromSeconds, double toSeconds) {
    static TimeAxis of(RecordedRun run) {
      double from = 0;
      double to = Math.max(1, seconds(run.loadStarted(), run.loadStopped()));
      for (ServiceTimeline timeline : run.services().values()) {
        for (Sample sample : timeline.samples()) {
          double t = seconds(run.loadStarted(), sample.at());
          from = Math.min(from, t);
          to = Math.max(to, t);
        }
      }
      return new TimeAxis(run.loadStarted(), from, to);
    }

    double x(Instant at) {
      return x(seconds(origin, at));
    }

    double x(double seconds) {
      return LEFT + (seconds - fromSeconds) / (toSeconds - fromSeconds) * (WIDTH - RIGHT - LEFT);
    }

    /** Every 30 s (60 s on long runs) from the load's start. */
    List<Double> ticks() {
      double step = toSeconds - fromSeconds > 600 ? 60 : 30;
      List<Double> ticks = new ArrayList<>();
      for (double t = Math.ceil(fromSeconds / step) * step; t <= toSeconds; t += step) {
        ticks.add(t);
      }
      return ticks;
    }

    private static double seconds(Instant from, Instant to) {
      return Duration.between(from, to).toMillis() / 1000.0;
    }
  }
}
