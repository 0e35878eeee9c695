package io.scaleproof.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An open-model load: requests start at a fixed rate whether or not earlier ones have finished, as
 * independent users arrive, so that a slow service sees its queue grow instead of the load easing
 * off. Each answer is recorded with its start time, latency and status.
 */
final class SteadyLoad implements AutoCloseable {
  /** One request: when it started (ns, System.nanoTime), how long it took (ms), its status. */
  record Sample(long startNanos, double latencyMs, int status) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService ticks =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "steady-load");
            thread.setDaemon(true);
            return thread;
          });
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

  private SteadyLoad() {}

  /** Starts sending GET {@code target} at {@code perSecond} requests per second. */
  static SteadyLoad start(URI target, double perSecond) {
    SteadyLoad load = new SteadyLoad();
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).build();
    long periodNanos = (long) (1_000_000_000L / perSecond);
    load.ticks.scheduleAtFixedRate(
        () -> {
          long start = System.nanoTime();
          load.http
              .sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (response, error) ->
                      load.samples.add(
                          new Sample(
                              start,
                              (System.nanoTime() - start) / 1e6,
                              error == null ? response.statusCode() : -1)));
        },
        0,
        periodNanos,
        TimeUnit.NANOSECONDS);
    return load;
  }

  /** The samples of requests that started at or after {@code fromNanos}, answered so far. */
  List<Sample> since(long fromNanos) {
    List<Sample> chosen = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.startNanos() >= fromNanos) {
        chosen.add(sample);
      }
    }
    return chosen;
  }

  /** The {@code q} quantile (0..1) of the latencies of {@code samples}, nearest rank. */
  static double quantile(List<Sample> samples, double q) {
    double[] latencies = samples.stream().mapToDouble(Sample::latencyMs).sorted().toArray();
    if (latencies.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    int rank = (int) Math.ceil(q * latencies.length);
    return latencies[Math.max(0, rank - 1)];
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
