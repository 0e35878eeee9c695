package io.scaleproof.scenarios.run;

import io.scaleproof.assertions.Sample;
import io.scaleproof.scenarios.spec.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's status line, once a second: the phase and its clock, then per service its replicas
 * (ready/wanted), p95 against the threshold and its request rate, from the recorder's newest
 * samples. For example {@code load t+42s | java-app 2/3 p95 182ms/150 118rps | ...}.
 */
final class LiveStatus implements AutoCloseable {
  private final Recorder recorder;
  private final Scenario scenario;
  private final Progress progress;
  private final Clock clock;
  private Ticker ticks;
  private volatile Instant loadStarted;
  private volatile Instant loadStopped;

  private LiveStatus(Recorder recorder, Scenario scenario, Progress progress, Clock clock) {
    this.recorder = recorder;
    this.scenario = scenario;
    this.progress = progress;
    this.clock = clock;
  }

  static LiveStatus start(Recorder recorder, Scenario scenario, Progress progress, Clock clock) {
    LiveStatus status = new LiveStatus(recorder, scenario, progress, clock);
    status.ticks =
        Ticker.every(
            Duration.ofSeconds(1), Duration.ofSeconds(1), "scaleproof-status", status::show);
    return status;
  }

  void loadStarted(Instant at) {
    loadStarted = at;
  }

  void loadStopped(Instant at) {
    loadStopped = at;
  }

  private void show() {
    Instant now = clock.instant();
    String phase;
    if (loadStarted == null) {
      phase = "baseline";
    } else if (loadStopped == null) {
      phase =
          "load t+%ds/%ds"
              .formatted(
                  Duration.between(loadStarted, now).toSeconds(),
                  scenario.load().duration().toSeconds());
    } else {
      phase = "after load +%ds".formatted(Duration.between(loadStopped, now).toSeconds());
    }
    List<String> parts = new ArrayList<>();
    parts.add(phase);
    for (String service : scenario.services()) {
      parts.add(
          recorder
              .latest(service)
              .map(sample -> describe(service, sample))
              .orElse(service + " (no sample yet)"));
    }
    recorder.lastProblem().ifPresent(problem -> parts.add("sampling: " + problem));
    progress.status(String.join(" | ", parts));
  }

  private String describe(String service, Sample sample) {
    return String.format(
        Locale.ROOT,
        "%s %d/%d p95 %s/%.0fms %srps",
        service,
        sample.readyReplicas(),
        sample.replicas(),
        sample.p95Ms() == null ? "-" : String.format(Locale.ROOT, "%.0f", sample.p95Ms()),
        recorder.p95ThresholdMs(service),
        sample.requestsPerSecond() == null
            ? "-"
            : String.format(Locale.ROOT, "%.0f", sample.requestsPerSecond()));
  }

  @Override
  public void close() {
    ticks.close();
  }
}
