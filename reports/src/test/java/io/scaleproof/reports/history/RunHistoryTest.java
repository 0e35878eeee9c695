package io.scaleproof.reports.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.assertions.ServiceFigures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
  private static final Instant NIGHT = Instant.parse("2026-11-20T02:00:00Z");

  @TempDir Path directory;

  @Test
  @DisplayName("each run appends its KPIs; earlier rows are kept as they were")
  void appends() throws IOException {
    Path file = directory.resolve("history.csv");
    RunHistory.load(file).append(NIGHT, "nightly", true, Map.of("java-app", figures(20, 300)));
    String first = Files.readString(file);

    RunHistory history =
        RunHistory.load(file)
            .append(
                NIGHT.plusSeconds(86400), "nightly", false, Map.of("java-app", figures(25, 310)));

    assertThat(Files.readString(file)).startsWith(first);
    assertThat(Files.readAllLines(file).get(0)).isEqualTo(RunHistory.HEADER);
    assertThat(RunHistory.load(file).entries()).isEqualTo(history.entries());
    assertThat(history.entries())
        .filteredOn(entry -> entry.kpi() == Kpi.TIME_TO_SCALE_UP)
        .extracting(RunHistory.Entry::value)
        .containsExactly(20.0, 25.0);
  }

  @Test
  @DisplayName("a KPI worse than the median of the last runs by more than the band is flagged")
  void flagsRegressions() {
    RunHistory history = RunHistory.load(directory.resolve("history.csv"));
    for (int night = 0; night < 5; night++) {
      history =
          history.append(
              NIGHT.plusSeconds(86400L * night),
              "nightly",
              true,
              Map.of("java-app", figures(20 + night % 2, 300)));
    }

    List<RunHistory.Regression> slower =
        history.regressions("nightly", Map.of("java-app", figures(30, 310)), 5, 0.25);
    List<RunHistory.Regression> usual =
        history.regressions("nightly", Map.of("java-app", figures(24, 310)), 5, 0.25);
    List<RunHistory.Regression> otherScenario =
        history.regressions("default", Map.of("java-app", figures(90, 900)), 5, 0.25);

    assertThat(slower).extracting(RunHistory.Regression::kpi).containsExactly(Kpi.TIME_TO_SCALE_UP);
    assertThat(slower.get(0).baseline()).isEqualTo(20.0);
    assertThat(slower.get(0))
        .hasToString("java-app timeToScaleUpSeconds: 30.0, the median of the last 5 runs was 20.0");
    assertThat(usual).as("within 25 %% of the median").isEmpty();
    assertThat(otherScenario).as("no history of that scenario yet").isEmpty();
  }

  @Test
  @DisplayName("a file that is not a run history is refused, naming it; nothing is written")
  void refusesOtherFiles() throws IOException {
    Path file = directory.resolve("history.csv");
    Files.writeString(file, "something else\n");
    assertThatThrownBy(() -> RunHistory.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + ": line 1: not a scaleproof run history");
    Files.writeString(file, RunHistory.HEADER + "\n2026-11-20T02:00:00Z,nightly,true,java-app\n");
    assertThatThrownBy(() -> RunHistory.load(file))
        .hasMessageContaining(file + ": line 2: not a history row");
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  /** Figures with the given time to scale up and replica-seconds; the rest fixed. */
  private static ServiceFigures figures(double timeToScaleUp, double replicaSeconds) {
    Instant breach = NIGHT.plusSeconds(30);
    return new ServiceFigures(
        150,
        900.0,
        1,
        3,
        1,
        breach,
        breach.plusSeconds((long) timeToScaleUp),
        timeToScaleUp,
        null,
        null,
        80.0,
        null,
        60.0,
        1,
        replicaSeconds,
        40,
        0.1,
        50.0,
        null,
        null,
        breach,
        0.0);
  }
}
