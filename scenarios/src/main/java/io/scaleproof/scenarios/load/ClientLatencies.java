package io.scaleproof.scenarios.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latency of each request as the load's clients saw it, by service: from the moment Gatling
 * sent it to the moment the answer (or the failure) came back. It is the users' view of a breach,
 * with no metric pipeline in between. Thread-safe: Gatling's users record, the run's recorder
 * reads.
 */
public final class ClientLatencies {
  /** Fewer responses than this in a window make no percentile worth comparing. */
  static final int MINIMUM_RESPONSES = 10;

  /** How long responses are kept: the longest window asked for, with room. */
  private static final Duration KEPT = Duration.ofMinutes(5);

  private record Response(Instant completed, double millis) {}

  private final Map<String, Deque<Response>> responses = new HashMap<>();

  /** Records one response of {@code service}, completed at {@code completed}. */
  public synchronized void record(String service, Instant completed, double millis) {
    Deque<Response> kept = responses.computeIfAbsent(service, s -> new ArrayDeque<>());
    kept.addLast(new Response(completed, millis));
    Instant oldest = completed.minus(KEPT);
    while (!kept.isEmpty() && kept.peekFirst().completed().isBefore(oldest)) {
      kept.removeFirst();
    }
  }

  /**
   * The 95th percentile (nearest rank) of the latencies of {@code service}'s responses completed in
   * the {@code window} up to {@code at}; empty when there were fewer than {@value
   * #MINIMUM_RESPONSES}.
   */
  public synchronized Optional<Double> p95(String service, Instant at, Duration window) {
    Instant from = at.minus(window);
    double[] latencies =
        responses.getOrDefault(service, new ArrayDeque<>()).stream()
            .filter(r -> r.completed().isAfter(from) && !r.completed().isAfter(at))
            .mapToDouble(Response::millis)
            .toArray();
    if (latencies.length < MINIMUM_RESPONSES) {
      return Optional.empty();
    }
    Arrays.sort(latencies);
    int rank = (int) Math.ceil(0.95 * latencies.length);
    return Optional.of(latencies[rank - 1]);
  }
}
