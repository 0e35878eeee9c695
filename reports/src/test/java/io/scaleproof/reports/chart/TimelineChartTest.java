package io.scaleproof.reports.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceTimeline;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineChartTest {
  private static final Instant START = Instant.parse("2026-11-26T04:00:00Z");

  @TempDir Path directory;

  @Test
  @DisplayName("the PNG has the chart's size, a drawn plot area, and each service in its colour")
  void pngShowsEveryService() throws IOException {
    RecordedRun run = run("java-app", "node-app", "python-app");

    List<Path> files = TimelineChart.write(run, directory);
    BufferedImage image = ImageIO.read(files.get(1).toFile());

    assertThat(image.getWidth()).isEqualTo(TimelineChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(TimelineChart.HEIGHT);
    int top = TimelineChart.TOP;
    Set<Integer> colours = new HashSet<>();
    int drawn = 0;
    for (int x = TimelineChart.LEFT + 1; x < TimelineChart.WIDTH - TimelineChart.RIGHT; x++) {
      for (int y = top + 1; y < top + TimelineChart.PANEL_HEIGHT; y++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        if (rgb != (TimelineChart.BACKGROUND.getRGB() & 0xffffff)
            && rgb != (TimelineChart.LOAD.getRGB() & 0xffffff)) {
          drawn++;
          colours.add(rgb);
        }
      }
    }
    assertThat(drawn).as("pixels drawn in the replicas panel").isGreaterThan(500);
    for (int i = 0; i < 3; i++) {
      assertThat(colours)
          .as("the colour of service %d in the replicas panel", i)
          .contains(TimelineChart.PALETTE.get(i).getRGB() & 0xffffff);
    }
    assertThat(colours).doesNotContain(TimelineChart.PALETTE.get(3).getRGB() & 0xffffff);
  }

  @Test
  @DisplayName("the SVG has one replicas and one p95 series per service, and the threshold")
  void svgHasOneSeriesPerService() {
    String svg = TimelineChart.svg(run("java-app", "node-app"));

    assertThat(services(svg, "series replicas")).containsExactly("java-app", "node-app");
    assertThat(services(svg, "series p95")).containsExactly("java-app", "node-app");
    assertThat(svg).contains("stroke=\"#c80000\" stroke-dasharray");
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
  }

  @Test
  @DisplayName("the clients' p95 is drawn dashed beside the rule's, one line per service")
  void clientsP95() {
    String svg = TimelineChart.svg(run("java-app", "node-app"));

    assertThat(services(svg, "series client-p95")).containsExactly("java-app", "node-app");
    Matcher client =
        Pattern.compile("class=\"series client-p95\" data-service=\"java-app\" points=\"([^\"]+)\"")
            .matcher(svg);
    assertThat(client.find()).isTrue();
    // From t+4 s to t+30 s: 27 samples, six more than the rule's p95.
    assertThat(client.group(1).split(" ")).hasSize(27);
  }

  @Test
  @DisplayName("a gap in p95 (no requests) breaks its line instead of drawing through it")
  void gapsBreakTheLine() {
    String svg = TimelineChart.svg(run("java-app"));

    assertThat(services(svg, "series p95")).hasSize(1);
    Matcher p95 =
        Pattern.compile("class=\"series p95\" data-service=\"java-app\" points=\"([^\"]+)\"")
            .matcher(svg);
    assertThat(p95.find()).isTrue();
    // 40 samples, p95 recorded from t+10 s to the end of the load at t+30 s.
    assertThat(p95.group(1).split(" ")).hasSize(21);
  }

  /**
   * Services sampled every second for 40 s: load 0–30 s; service i scales up to 2 + i replicas at
   * 12 s, so that no two lines cover each other.
   */
  private static RecordedRun run(String... services) {
    Map<String, ServiceTimeline> timelines = new LinkedHashMap<>();
    for (int i = 0; i < services.length; i++) {
      String service = services[i];
      List<Sample> samples = new ArrayList<>();
      for (int t = -5; t < 35; t++) {
        int replicas = t >= 12 && t < 35 ? 2 + i : 1;
        Double p95 = t >= 10 && t <= 30 ? (t < 20 ? 400.0 : 120.0) : null;
        // The clients see it 6 s earlier, from their first 10 responses on.
        Double clientP95 = t >= 4 && t <= 30 ? (t < 14 ? 450.0 : 110.0) : null;
        samples.add(
            new Sample(
                START.plusSeconds(t),
                replicas,
                t >= 18 ? replicas : 1,
                p95,
                p95 == null ? null : 0.01,
                p95 == null ? null : 40.0,
                clientP95));
      }
      timelines.put(service, new ServiceTimeline(service, 150, samples));
    }
    return new RecordedRun("test", START, START.plusSeconds(30), timelines);
  }

  private static List<String> services(String svg, String css) {
    Matcher matcher =
        Pattern.compile("class=\"" + css + "\" data-service=\"([^\"]+)\" points=\"[^\"]+\"")
            .matcher(svg);
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
