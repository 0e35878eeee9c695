package io.scaleproof.assertions;

import java.time.Instant;
import java.util.Objects;

/**
 * One fault made during a run, and when. Immutable.
 *
 * @param kind what broke, as the scenario names it ({@code prometheusDown}, {@code podCrashLoop},
 *     ...)
 * @param service the service it hit, or null when it hit the pipeline every service shares
 * @param target what it was made on, for the reader ({@code Service monitoring/prometheus}, {@code
 *     pod apps/java-app-7d9f-abcde})
 * @param started when it was made
 * @param ended when it was undone; null while it lasts
 * @param observed what the run saw of the fault's own target while it lasted (the error an Argo CD
 *     Application showed for a broken commit), or null
 */
public record FaultWindow(
    String kind, String service, String target, Instant started, Instant ended, String observed) {

  public FaultWindow(String kind, String service, String target, Instant started, Instant ended) {
    this(kind, service, target, started, ended, null);
  }

  public FaultWindow {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("kind: is required");
    }
    Objects.requireNonNull(started, "started: is required");
    if (ended != null && ended.isBefore(started)) {
      throw new IllegalArgumentException(
          "ended: " + ended + " is before started " + started + " for fault " + kind);
    }
  }

  /** Whether it concerns {@code name}: it hit that service, or the pipeline they all share. */
  public boolean concerns(String name) {
    return service == null || service.equals(name);
  }

  /** The fault's name in messages: its kind, and the service it hit. */
  public String label() {
    return service == null ? kind : kind + " " + service;
  }
}
