package io.scaleproof.assertions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a synthetic timeline in the tests' own words: {@code
 * at(10).replicas(3).ready(1).p95(220)}. Each {@code at(..)} starts a sample that repeats the
 * previous one's values unless told otherwise, so a test only writes what changes. Times are
 * seconds from the load's start.
 */
final class Recording {

  static final Instant LOAD_STARTED = Instant.parse("2025-03-01T12:00:00Z");

  private final String service;
  private final double thresholdMs;
  private final List<Sample> samples = new ArrayList<>();
  private Instant at;
  private int replicas = 1;
  private int ready = 1;
  private Double p95;
  private Double errors;
  private Double rps;
  private Double clientP95;
  private Boolean fallback;
  private Boolean scalerError;
  private final List<FaultWindow> faults = new ArrayList<>();

  private Recording(String service, double thresholdMs) {
    this.service = service;
    this.thresholdMs = thresholdMs;
  }

  /** A recording of {@code java-app}, whose autoscaler scales on a p95 of 150 ms. */
  static Recording javaApp() {
    return new Recording("java-app", 150);
  }

  static Recording of(String service, double thresholdMs) {
    return new Recording(service, thresholdMs);
  }

  static Instant t(double seconds) {
    return LOAD_STARTED.plusMillis(Math.round(seconds * 1000));
  }

  Recording at(double seconds) {
    flush();
    at = t(seconds);
    return this;
  }

  Recording replicas(int replicas) {
    this.replicas = replicas;
    return this;
  }

  Recording ready(int ready) {
    this.ready = ready;
    return this;
  }

  Recording p95(double ms) {
    this.p95 = ms;
    return this;
  }

  Recording noP95() {
    this.p95 = null;
    return this;
  }

  Recording errors(double ratio) {
    this.errors = ratio;
    return this;
  }

  /** The p95 the load's clients saw. */
  Recording clientP95(double ms) {
    this.clientP95 = ms;
    return this;
  }

  /** The ScaledObject's Fallback condition, from this sample on. */
  Recording fallback(boolean active) {
    this.fallback = active;
    return this;
  }

  /** Whether KEDA reports the trigger failing, from this sample on. */
  Recording scalerError(boolean failing) {
    this.scalerError = failing;
    return this;
  }

  /** A fault of the shared pipeline from {@code from} to {@code to} seconds. */
  Recording fault(String kind, double from, double to) {
    faults.add(new FaultWindow(kind, null, "Service observability/" + kind, t(from), t(to)));
    return this;
  }

  Recording rps(double requestsPerSecond) {
    this.rps = requestsPerSecond;
    return this;
  }

  ServiceTimeline timeline() {
    flush();
    return new ServiceTimeline(service, thresholdMs, samples);
  }

  /** A run of this one service whose load ran from t+0 to {@code loadStoppedSeconds}. */
  RecordedRun run(double loadStoppedSeconds) {
    return new RecordedRun(
        "burst", t(0), t(loadStoppedSeconds), Map.of(service, timeline()), faults);
  }

  private void flush() {
    if (at != null) {
      samples.add(
          new Sample(at, replicas, ready, p95, errors, rps, clientP95, fallback, scalerError));
      at = null;
    }
  }
}
