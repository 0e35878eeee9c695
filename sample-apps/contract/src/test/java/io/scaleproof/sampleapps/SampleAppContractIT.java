package io.scaleproof.sampleapps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.scaleproof.sampleapps.SampleAppProcess.Language;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sample services' one contract, checked against Java, Node.js and Python alike: the same
 * statuses for the same inputs, latency that follows the declared distribution at low load, and
 * queueing that shows in latency past capacity. Tolerances are stated in sample-apps/README.md.
 */
class SampleAppContractIT {
  private static final Pattern SERVICE_TIME =
      Pattern.compile("\"serviceTimeMs\":\\s*([0-9.eE+-]+)");
  private static final int LOW_LOAD_SAMPLES = 240;
  private static final int LOW_LOAD_CLIENTS = 4;

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void answersTheSameStatusesForTheSameInputs(Language language) {
    try (SampleAppProcess app =
        SampleAppProcess.start(language, Map.of("APP_SERVICE_TIME_MS", "5"))) {
      assertThat(app.statusOf("GET", "/work", "")).isEqualTo(200);
      assertThat(app.statusOf("GET", "/healthz", "")).isEqualTo(200);
      assertThat(app.statusOf("GET", "/readyz", "")).isEqualTo(200);
      assertThat(app.statusOf("GET", "/no-such-path", "")).isEqualTo(404);
      assertThat(app.statusOf("GET", "/admin/behaviour", "")).isEqualTo(405);
      assertThat(app.statusOf("POST", "/admin/behaviour", "{\"concurrency\":\"many\"}"))
          .isEqualTo(400);
      assertThat(app.statusOf("POST", "/admin/behaviour", "{\"errorRate\":2}")).isEqualTo(400);

      assertThat(app.statusOf("POST", "/admin/behaviour", "{\"errorRate\":1}")).isEqualTo(200);
      assertThat(IntStream.range(0, 5).map(i -> app.statusOf("GET", "/work", "")))
          .containsOnly(500);

      assertThat(app.statusOf("POST", "/admin/behaviour", "{\"errorRate\":0}")).isEqualTo(200);
      assertThat(app.statusOf("GET", "/work", "")).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void readinessWaitsForTheStartupDelay(Language language) {
    try (SampleAppProcess app =
        SampleAppProcess.start(language, Map.of("APP_STARTUP_DELAY_MS", "2000"))) {
      assertThat(app.statusOf("GET", "/readyz", "")).isEqualTo(503);

      await(language + " ready after its start-up delay")
          .atMost(Duration.ofSeconds(10))
          .until(() -> app.statusOf("GET", "/readyz", "") == 200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void rejectsAVariableThatDoesNotParse(Language language) throws Exception {
    SampleAppProcess app = SampleAppProcess.launch(language, Map.of("APP_CONCURRENCY", "many"));
    try (app) {
      SampleAppProcess.Exited exited = app.awaitExit(Duration.ofSeconds(30));

      assertThat(exited.code()).isEqualTo(2);
      assertThat(exited.output()).contains("APP_CONCURRENCY", "'many'");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void constantServiceTimeAtLowLoad(Language language) {
    Samples s =
        lowLoad(language, Map.of("APP_SERVICE_TIME_MS", "40", "APP_SERVICE_TIME_DIST", "constant"));

    assertThat(s.serviceMs()).allSatisfy(ms -> assertThat(ms).isCloseTo(40.0, within(0.5)));
    assertThat(percentile(s.clientMs(), 0.05)).as("p5 client latency").isGreaterThanOrEqualTo(39.0);
    printOverhead(language, "constant 40 ms", s);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void exponentialServiceTimeAtLowLoad(Language language) {
    Samples s =
        lowLoad(
            language, Map.of("APP_SERVICE_TIME_MS", "40", "APP_SERVICE_TIME_DIST", "exponential"));

    // Exponential with mean m: median m·ln 2, p90 m·ln 10. Each bound is 4.5 standard errors of
    // its estimator for n samples (a false failure about once in 150,000 checks), plus 1 ms for
    // timer overshoot: the mean's error is m/√n; a quantile q's is √(q(1−q)/n) / f(x_q), with the
    // density f(x_q) = (1−q)/m, so m/√n for the median and 3m/√n for p90.
    double m = 40.0;
    double standardError = m / Math.sqrt(s.serviceMs().size());
    assertThat(mean(s.serviceMs())).as("mean").isCloseTo(m, within(4.5 * standardError + 1));
    assertThat(percentile(s.serviceMs(), 0.5))
        .as("median")
        .isCloseTo(m * Math.log(2), within(4.5 * standardError + 1));
    assertThat(percentile(s.serviceMs(), 0.9))
        .as("p90")
        .isCloseTo(m * Math.log(10), within(4.5 * 3 * standardError + 1));
    assertClientSeesTheServiceTime(language, "exponential, mean 40 ms", s);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void lognormalServiceTimeAtLowLoad(Language language) {
    Samples s =
        lowLoad(
            language,
            Map.of(
                "APP_SERVICE_TIME_MS",
                "40",
                "APP_SERVICE_TIME_DIST",
                "lognormal",
                "APP_SERVICE_TIME_SIGMA",
                "0.5"));

    // Lognormal with mean m and shape σ: median m·e^(−σ²/2).
    double median = 40 * Math.exp(-0.5 * 0.5 / 2);
    assertThat(mean(s.serviceMs())).as("mean").isCloseTo(40.0, within(40.0 * 0.2));
    assertThat(percentile(s.serviceMs(), 0.5)).as("median").isCloseTo(median, within(median * 0.2));
    assertClientSeesTheServiceTime(language, "lognormal, mean 40 ms", s);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void queueingShowsInLatencyAtTwiceCapacity(Language language) throws Exception {
    // 2 workers × 50 ms = 40 requests/s of capacity.
    Map<String, String> env =
        Map.of(
            "APP_CONCURRENCY",
            "2",
            "APP_SERVICE_TIME_MS",
            "50",
            "APP_SERVICE_TIME_DIST",
            "constant",
            "APP_QUEUE_LIMIT",
            "1000");
    try (SampleAppProcess app = SampleAppProcess.start(language, env)) {
      List<Double> halfCapacity = openLoop(app, 20, Duration.ofSeconds(2));
      List<Double> twiceCapacity = openLoop(app, 80, Duration.ofSeconds(2));

      // Past capacity the queue grows by 40 requests a second, so within 2 s the wait passes
      // eight service times; below it, it stays near one. Both bounds hold on a slower machine,
      // which can only lengthen the queue, never shorten it.
      assertThat(percentile(twiceCapacity, 0.95))
          .as("p95 at twice capacity (ms)")
          .isGreaterThan(50.0 * 8)
          .isGreaterThan(4 * percentile(halfCapacity, 0.95));
      System.out.printf(
          "%s: p95 %.0f ms at half capacity, %.0f ms at twice capacity%n",
          language, percentile(halfCapacity, 0.95), percentile(twiceCapacity, 0.95));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Language.class)
  void refusesPastTheQueueBound(Language language) {
    Map<String, String> env =
        Map.of(
            "APP_CONCURRENCY",
            "1",
            "APP_QUEUE_LIMIT",
            "2",
            "APP_SERVICE_TIME_MS",
            "300",
            "APP_SERVICE_TIME_DIST",
            "constant");
    try (SampleAppProcess app = SampleAppProcess.start(language, env)) {
      List<CompletableFuture<HttpResponse<String>>> burst =
          IntStream.range(0, 10)
              .mapToObj(
                  i ->
                      SampleAppProcess.HTTP.sendAsync(
                          HttpRequest.newBuilder(app.uri("/work")).build(),
                          HttpResponse.BodyHandlers.ofString()))
              .toList();
      List<Integer> statuses =
          burst.stream().map(f -> f.orTimeout(20, TimeUnit.SECONDS).join().statusCode()).toList();

      assertThat(statuses).containsOnly(200, 503);
      assertThat(statuses.stream().filter(s -> s == 200).count())
          .as("served: 1 working + 2 queued")
          .isBetween(3L, 4L);
    }
  }

  /** Server-reported service times and client-observed latencies, in ms, below capacity. */
  private record Samples(List<Double> serviceMs, List<Double> clientMs) {}

  private static Samples lowLoad(Language language, Map<String, String> behaviour) {
    Map<String, String> env = new java.util.HashMap<>(behaviour);
    env.put("APP_CONCURRENCY", "8");
    List<Double> service = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Double> client = java.util.Collections.synchronizedList(new ArrayList<>());
    try (SampleAppProcess app = SampleAppProcess.start(language, env)) {
      IntStream.range(0, LOW_LOAD_CLIENTS)
          .parallel()
          .forEach(
              c -> {
                for (int i = 0; i < LOW_LOAD_SAMPLES / LOW_LOAD_CLIENTS; i++) {
                  long start = System.nanoTime();
                  HttpResponse<String> response = app.send("GET", "/work", "");
                  client.add((System.nanoTime() - start) / 1e6);
                  assertThat(response.statusCode()).isEqualTo(200);
                  Matcher m = SERVICE_TIME.matcher(response.body());
                  assertThat(m.find()).as("serviceTimeMs in " + response.body()).isTrue();
                  service.add(Double.parseDouble(m.group(1)));
                }
              });
    }
    return new Samples(List.copyOf(service), List.copyOf(client));
  }

  /**
   * Client latency is the service time plus an overhead: never less than the service time. How
   * large the overhead is depends on the machine, so it is printed as a figure (and measured with
   * and without the agents in InjectionBenchmarkIT), not held to a wall-clock bound here.
   */
  private static void assertClientSeesTheServiceTime(Language language, String what, Samples s) {
    assertThat(percentile(s.clientMs(), 0.5))
        .as("median client latency vs median service time")
        .isGreaterThanOrEqualTo(percentile(s.serviceMs(), 0.5));
    printOverhead(language, what, s);
  }

  private static void printOverhead(Language language, String what, Samples s) {
    System.out.printf(
        "%s, %s: median service time %.1f ms, median client latency %.1f ms%n",
        language, what, percentile(s.serviceMs(), 0.5), percentile(s.clientMs(), 0.5));
  }

  /** Sends at a fixed rate regardless of responses (an open model); returns latencies in ms. */
  private static List<Double> openLoop(SampleAppProcess app, int perSecond, Duration duration)
      throws Exception {
    int total = (int) (perSecond * duration.toSeconds());
    List<CompletableFuture<Double>> latencies = new ArrayList<>();
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < total; i++) {
        latencies.add(new CompletableFuture<>());
      }
      int[] next = {0};
      long periodNanos = 1_000_000_000L / perSecond;
      var task =
          clock.scheduleAtFixedRate(
              () -> {
                if (next[0] >= total) {
                  return;
                }
                CompletableFuture<Double> result = latencies.get(next[0]++);
                long start = System.nanoTime();
                SampleAppProcess.HTTP
                    .sendAsync(
                        HttpRequest.newBuilder(app.uri("/work")).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .whenComplete(
                        (r, e) -> {
                          if (e != null) {
                            result.completeExceptionally(e);
                          } else {
                            result.complete((System.nanoTime() - start) / 1e6);
                          }
                        });
              },
              0,
              periodNanos,
              TimeUnit.NANOSECONDS);
      List<Double> ms = new ArrayList<>();
      for (CompletableFuture<Double> latency : latencies) {
        ms.add(latency.get(60, TimeUnit.SECONDS));
      }
      task.cancel(false);
      return ms;
    } finally {
      clock.shutdownNow();
    }
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double percentile(List<Double> values, double q) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }
}
