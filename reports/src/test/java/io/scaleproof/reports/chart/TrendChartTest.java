package io.scaleproof.reports.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.scaleproof.reports.history.Kpi;
import io.scaleproof.reports.history.RunHistory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendChartTest {
  private static final Instant NIGHT = Instant.parse("2026-11-20T02:00:00Z");
  private static final List<String> SERVICES = List.of("java-app", "node-app");
  private static final double BAND = 0.25;

  @TempDir Path directory;

  @Test
  @DisplayName("the PNG has the chart's size and every KPI panel drawn in each service's colour")
  void pngDrawsEveryPanel() throws IOException {
    // Given
    RunHistory history = new HistoryFile().nightly(10, 11, 10, 12, 11).load();

    // When
    List<Path> files = TrendChart.write(history, "nightly", 10, BAND, directory);
    BufferedImage image = ImageIO.read(files.get(1).toFile());

    // Then
    assertThat(files)
        .extracting(Path::getFileName)
        .map(Path::toString)
        .containsExactly("trends.svg", "trends.png");
    assertThat(image.getWidth()).isEqualTo(TrendChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(TrendChart.HEIGHT);
    for (Kpi kpi : Kpi.values()) {
      Map<Integer, Integer> colours = colours(image, kpi);
      int drawn = colours.values().stream().mapToInt(Integer::intValue).sum();
      assertThat(drawn).as("pixels drawn in the %s panel", kpi.key()).isGreaterThan(500);
      for (int i = 0; i < SERVICES.size(); i++) {
        assertThat(colours)
            .as("the colour of %s in the %s panel", SERVICES.get(i), kpi.key())
            .containsKey(rgb(TimelineChart.PALETTE.get(i)));
      }
      assertThat(colours).doesNotContainKey(rgb(TimelineChart.PALETTE.get(2)));
    }
  }

  @Test
  @DisplayName("the SVG has one series per service in each KPI panel, in the timeline's colours")
  void svgHasOneSeriesPerServicePerKpi() throws IOException {
    String svg = TrendChart.svg(new HistoryFile().nightly(10, 11, 10).load(), "nightly", 10, BAND);

    for (Kpi kpi : Kpi.values()) {
      assertThat(services(svg, "series " + kpi.key()))
          .as("the series of %s", kpi.key())
          .containsExactly("java-app", "node-app");
      assertThat(svg).contains(">" + kpi.key() + " (" + kpi.unit() + ")</text>");
    }
    assertThat(svg)
        .containsPattern(
            "data-service=\"java-app\" points=\"[^\"]+\" fill=\"none\" stroke=\"#e67e22\"")
        .containsPattern(
            "data-service=\"node-app\" points=\"[^\"]+\" fill=\"none\" stroke=\"#27ae60\"")
        .contains(">replicaSeconds (replica-seconds)</text>", ">directionChanges (changes)</text>")
        .contains("by more than 25 %</text>")
        .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
  }

  @Test
  @DisplayName("a time to scale up that jumps from 10-12 s to 30 s gets the one red ring, on it")
  void marksTheValueThatGotWorse() throws IOException {
    // Given
    RunHistory history = new HistoryFile().nightly(10, 11, 10, 12, 30).load();

    // When
    String svg = TrendChart.svg(history, "nightly", 10, BAND);
    BufferedImage image = TrendChart.image(history, "nightly", 10, BAND);

    // Then
    List<Marker> markers = markers(svg);
    assertThat(markers)
        .extracting(Marker::service, Marker::kpi)
        .containsExactly(tuple("java-app", "timeToScaleUpSeconds"));
    List<Canvas.Point> line = points(svg, Kpi.TIME_TO_SCALE_UP, "java-app");
    assertThat(markers.get(0).centre()).isEqualTo(line.get(line.size() - 1));
    assertThat(colours(image, Kpi.TIME_TO_SCALE_UP)).containsKey(rgb(TrendChart.REGRESSION));
    assertThat(colours(image, Kpi.TIME_TO_RECOVERY)).doesNotContainKey(rgb(TrendChart.REGRESSION));
  }

  @Test
  @DisplayName("a steady history, and a move over the band but under 1 s, get no red ring")
  void steadyHistoryHasNoMarker() throws IOException {
    // Given: 12.4 s is within 25 % of the median 10.5 s; 2.9 s of SLO violation after 2 s is over
    // the band but under the floor of 1 s.
    HistoryFile file = new HistoryFile().nightly(10, 11, 10, 12);
    file.run("nightly", true, Map.of(Kpi.TIME_TO_SCALE_UP, 12.4, Kpi.SLO_VIOLATION, 2.9));
    RunHistory history = file.load();

    // When
    String svg = TrendChart.svg(history, "nightly", 10, BAND);
    BufferedImage image = TrendChart.image(history, "nightly", 10, BAND);

    // Then
    assertThat(markers(svg)).isEmpty();
    for (Kpi kpi : Kpi.values()) {
      assertThat(colours(image, kpi)).doesNotContainKey(rgb(TrendChart.REGRESSION));
    }
  }

  @Test
  @DisplayName("only the last runs are drawn, each judged against the runs before it, shown or not")
  void drawsOnlyTheLastRuns() throws IOException {
    RunHistory history = new HistoryFile().nightly(10, 10, 10, 10, 10, 10, 10, 30).load();

    String lastThree = TrendChart.svg(history, "nightly", 3, BAND);
    String lastOne = TrendChart.svg(history, "nightly", 1, BAND);

    for (Kpi kpi : Kpi.values()) {
      for (String service : SERVICES) {
        assertThat(points(lastThree, kpi, service)).as("%s %s", service, kpi.key()).hasSize(3);
      }
    }
    assertThat(lastThree)
        .contains("the last 3 of 8 runs")
        .contains(">2026-11-25 02:00</text>", ">2026-11-27 02:00</text>")
        .doesNotContain("2026-11-24 02:00", "2026-11-20 02:00");
    assertThat(markers(lastOne))
        .as("the last run alone, judged against the five before it")
        .extracting(Marker::service)
        .containsExactly("java-app");
  }

  @Test
  @DisplayName("another scenario's runs and services are left out of the chart and its scales")
  void ignoresOtherScenarios() throws IOException {
    HistoryFile file = new HistoryFile();
    for (int night = 0; night < 4; night++) {
      file.nightly(10);
      file.other("default", "go-app", 1000);
    }

    String svg = TrendChart.svg(file.load(), "nightly", 10, BAND);

    assertThat(svg).doesNotContain("go-app").contains("the last 4 of 4 runs");
    assertThat(points(svg, Kpi.TIME_TO_SCALE_UP, "java-app")).hasSize(4);
    assertThat(svg)
        .as("the time to scale up scale ends at 20 s (node-app: 15 s), not at 2000 (go-app: 1000)")
        .contains(">20</text>")
        .doesNotContain(">2000</text>");
  }

  @Test
  @DisplayName("a failed run's dots are hollow, the passed runs' filled")
  void failedRunsAreHollow() throws IOException {
    HistoryFile file = new HistoryFile().nightly(10, 11);
    file.run("nightly", false, Map.of());
    RunHistory history = file.nightly(10).load();

    String svg = TrendChart.svg(history, "nightly", 10, BAND);

    int perRun = SERVICES.size() * Kpi.values().length;
    assertThat(count(svg, "<circle class=\"point failed\"[^>]* fill=\"#ffffff\""))
        .isEqualTo(perRun);
    assertThat(count(svg, "<circle class=\"point\"[^>]* fill=\"#(e67e22|27ae60)\""))
        .isEqualTo(3 * perRun);
  }

  @Test
  @DisplayName("a scenario without runs writes no files; a chart of no runs is refused")
  void emptyScenarioWritesNothing() throws IOException {
    RunHistory history = new HistoryFile().nightly(10, 11).load();
    Path charts = directory.resolve("charts");

    assertThat(TrendChart.write(history, "weekly", 10, BAND, charts)).isEmpty();
    assertThat(charts).doesNotExist();
    assertThatThrownBy(() -> TrendChart.svg(history, "nightly", 0, BAND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lastRuns must be at least 1");
  }

  /** A red ring: whose it is and where. */
  private record Marker(String service, String kpi, Canvas.Point centre) {}

  /**
   * A history file written run by run, one night apart. Every KPI of a service is steady (node-app
   * half as high again as java-app, so that their lines do not cover each other) but for what a run
   * sets.
   */
  private final class HistoryFile {
    private final StringBuilder rows = new StringBuilder(RunHistory.HEADER + "\n");
    private int nights;

    /** Passed runs of {@code nightly}, one per java-app time to scale up. */
    HistoryFile nightly(double... javaScaleUp) {
      for (double seconds : javaScaleUp) {
        run("nightly", true, Map.of(Kpi.TIME_TO_SCALE_UP, seconds));
      }
      return this;
    }

    /** A run in which java-app has the given values and the rest are steady. */
    HistoryFile run(String scenario, boolean passed, Map<Kpi, Double> java) {
      Instant at = nextNight();
      for (int i = 0; i < SERVICES.size(); i++) {
        for (Kpi kpi : Kpi.values()) {
          double value =
              i == 0 && java.containsKey(kpi) ? java.get(kpi) : steady(kpi) * (1 + i * 0.5);
          row(at, scenario, passed, SERVICES.get(i), kpi, value);
        }
      }
      return this;
    }

    /** A run of another scenario, with every KPI of its one service at {@code value}. */
    HistoryFile other(String scenario, String service, double value) {
      Instant at = nextNight();
      for (Kpi kpi : Kpi.values()) {
        row(at, scenario, true, service, kpi, value);
      }
      return this;
    }

    RunHistory load() throws IOException {
      Path file = directory.resolve("history.csv");
      Files.writeString(file, rows);
      return RunHistory.load(file);
    }

    private Instant nextNight() {
      return NIGHT.plus(Duration.ofDays(nights++));
    }

    private void row(
        Instant at, String scenario, boolean passed, String service, Kpi kpi, double value) {
      rows.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%s,%s,%.3f%n",
              at,
              scenario,
              passed,
              service,
              kpi.key(),
              value));
    }

    private static double steady(Kpi kpi) {
      switch (kpi) {
        case TIME_TO_SCALE_UP:
          return 10;
        case SLO_VIOLATION:
          return 2;
        case DIRECTION_CHANGES:
          return 2;
        case REPLICA_SECONDS:
          return 300;
        default:
          return 60;
      }
    }
  }

  /** How many pixels of each colour other than the background the KPI's plot area has. */
  private static Map<Integer, Integer> colours(BufferedImage image, Kpi kpi) {
    int top = TrendChart.TOP + kpi.ordinal() * (TrendChart.PANEL_HEIGHT + TrendChart.GAP);
    Map<Integer, Integer> colours = new HashMap<>();
    for (int x = TrendChart.LEFT + 1; x < TrendChart.WIDTH - TrendChart.RIGHT; x++) {
      for (int y = top + 1; y < top + TrendChart.PANEL_HEIGHT; y++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        if (rgb != rgb(TimelineChart.BACKGROUND)) {
          colours.merge(rgb, 1, Integer::sum);
        }
      }
    }
    return colours;
  }

  private static int rgb(Color color) {
    return color.getRGB() & 0xffffff;
  }

  private static List<String> services(String svg, String css) {
    Matcher matcher =
        Pattern.compile(
                "<polyline class=\"" + css + "\" data-service=\"([^\"]+)\" points=\"[^\"]+\"")
            .matcher(svg);
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static List<Canvas.Point> points(String svg, Kpi kpi, String service) {
    Matcher matcher =
        Pattern.compile(
                "<polyline class=\"series "
                    + kpi.key()
                    + "\" data-service=\""
                    + service
                    + "\" points=\"([^\"]+)\"")
            .matcher(svg);
    assertThat(matcher.find()).as("the %s series of %s", kpi.key(), service).isTrue();
    List<Canvas.Point> points = new ArrayList<>();
    for (String point : matcher.group(1).split(" ")) {
      String[] xy = point.split(",");
      points.add(new Canvas.Point(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
    }
    return points;
  }

  private static List<Marker> markers(String svg) {
    Matcher matcher =
        Pattern.compile(
                "<circle class=\"regression\" data-kpi=\"([^\"]+)\" data-service=\"([^\"]+)\""
                    + " cx=\"([^\"]+)\" cy=\"([^\"]+)\"")
            .matcher(svg);
    List<Marker> markers = new ArrayList<>();
    while (matcher.find()) {
      markers.add(
          new Marker(
              matcher.group(2),
              matcher.group(1),
              new Canvas.Point(
                  Double.parseDouble(matcher.group(3)), Double.parseDouble(matcher.group(4)))));
    }
    return markers;
  }

  private static int count(String svg, String regex) {
    return (int) Pattern.compile(regex).matcher(svg).results().count();
  }
}
