package io.scaleproof.assertions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recorded run: when the load started and stopped, and each service's timeline. Immutable: the
 * map is copied.
 *
 * @param scenario the scenario's name
 * @param loadStarted when the load generator started sending traffic
 * @param loadStopped when it stopped; not before {@code loadStarted}
 * @param services each service's timeline, keyed by {@link ServiceTimeline#service()}
 * @param faults the faults made during the run, in the order they started
 */
public record RecordedRun(
    String scenario,
    Instant loadStarted,
    Instant loadStopped,
    Map<String, ServiceTimeline> services,
    List<FaultWindow> faults) {

  /** A run without faults. */
  public RecordedRun(
      String scenario,
      Instant loadStarted,
      Instant loadStopped,
      Map<String, ServiceTimeline> services) {
    this(scenario, loadStarted, loadStopped, services, List.of());
  }

  public RecordedRun {
    if (scenario == null || scenario.isBlank()) {
      throw new IllegalArgumentException("scenario: is required");
    }
    Objects.requireNonNull(loadStarted, "loadStarted: is required");
    Objects.requireNonNull(loadStopped, "loadStopped: is required");
    if (loadStopped.isBefore(loadStarted)) {
      throw new IllegalArgumentException(
          "loadStopped: " + loadStopped + " is before loadStarted " + loadStarted);
    }
    services = Map.copyOf(Objects.requireNonNull(services, "services: is required"));
    faults = List.copyOf(Objects.requireNonNull(faults, "faults: is required"));
    services.forEach(
        (name, timeline) -> {
          if (!name.equals(timeline.service())) {
            throw new IllegalArgumentException(
                "services: key '"
                    + name
                    + "' holds the timeline of '"
                    + timeline.service()
                    + "'; key each timeline by its service");
          }
        });
  }
}
