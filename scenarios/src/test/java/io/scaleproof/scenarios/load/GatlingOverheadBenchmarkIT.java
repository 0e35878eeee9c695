package io.scaleproof.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gatling.app.Gatling$;
import io.scaleproof.scenarios.spec.LoadProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark P6: what driving Gatling through scaleproof costs. The same endpoint (an HTTP server in
 * this JVM on loopback that answers {@code /work} after 5 ms) gets the same load twice, from {@link
 * ScalingLoadSimulation} through {@link GatlingLoad} (the harness: its plan, a new connection a
 * user, each response's latency recorded for the clients' p95) and from {@link
 * PlainGatlingSimulation} (plain Gatling), first as many closed-model users as the machine can
 * drive (throughput), then at a fixed open rate (latency). Prints the throughput ratio and the p95
 * difference, as Gatling's own report states them; asserts only that every request was answered.
 */
@Tag("benchmark")
class GatlingOverheadBenchmarkIT {
  private static final Duration SERVICE_TIME = Duration.ofMillis(5);
  private static final Duration RUN = Duration.ofSeconds(20);
  private static final int USERS = 16;
  private static final double RATE = 200;
  private static final Pattern CELL =
      Pattern.compile("<td class=\"value total col-(\\d+)\">([0-9.]+)</td>");

  @TempDir Path directory;

  @Test
  @DisplayName(
      "benchmark: Gatling through scaleproof against plain Gatling, same load and endpoint")
  void harnessAgainstPlainGatling() throws IOException {
    AtomicLong answered = new AtomicLong();
    ExecutorService workers = Executors.newFixedThreadPool(64);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 512);
    server.setExecutor(workers);
    server.createContext(
        "/work",
        exchange -> {
          try {
            // The service time is spent waiting, as the sample apps' is: sleeping is the
            // behaviour itself.
            Thread.sleep(SERVICE_TIME.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
          answered.incrementAndGet();
        });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try {
      // Warm-up, not counted: both paths load the same Gatling classes.
      plain(url, "warm-up", USERS, null, Duration.ofSeconds(5));

      Stats plainClosed = plain(url, "plain-closed", USERS, null, RUN);
      Stats harnessClosed =
          harness(url, "harness-closed", new LoadProfile.Closed(USERS, RUN, Duration.ZERO));
      Stats plainOpen = plain(url, "plain-open", null, RATE, RUN);
      Stats harnessOpen = harness(url, "harness-open", new LoadProfile.Constant(RATE, RUN));

      System.out.printf(
          "benchmark P6 (Gatling overhead): %d closed users, no think time, %d s each, endpoint"
              + " %d ms:%n  throughput plain %.1f req/s, through scaleproof %.1f req/s: ratio %.3f"
              + "%n  p95 plain %.0f ms, through scaleproof %.0f ms%n",
          USERS,
          RUN.toSeconds(),
          SERVICE_TIME.toMillis(),
          plainClosed.perSecond(),
          harnessClosed.perSecond(),
          harnessClosed.perSecond() / plainClosed.perSecond(),
          plainClosed.p95(),
          harnessClosed.p95());
      System.out.printf(
          "benchmark P6 (Gatling overhead): open model at %.0f req/s, %d s each:%n  p95 plain %.0f"
              + " ms, through scaleproof %.0f ms: overhead %+.0f ms; throughput ratio %.3f%n",
          RATE,
          RUN.toSeconds(),
          plainOpen.p95(),
          harnessOpen.p95(),
          harnessOpen.p95() - plainOpen.p95(),
          harnessOpen.perSecond() / plainOpen.perSecond());
      for (Stats stats : List.of(plainClosed, harnessClosed, plainOpen, harnessOpen)) {
        assertThat(stats.failed()).as("requests failed in " + stats.name()).isZero();
      }
      assertThat(answered.get()).isPositive();
    } finally {
      server.stop(0);
      workers.shutdownNow();
    }
  }

  private record Stats(String name, double perSecond, double p95, long failed) {}

  private Stats plain(URI url, String name, Integer users, Double rate, Duration duration) {
    System.setProperty(PlainGatlingSimulation.URL, url.toString());
    System.setProperty(PlainGatlingSimulation.SECONDS, String.valueOf(duration.toSeconds()));
    if (users != null) {
      System.setProperty(PlainGatlingSimulation.USERS, String.valueOf(users));
      System.clearProperty(PlainGatlingSimulation.RATE);
    } else {
      System.clearProperty(PlainGatlingSimulation.USERS);
      System.setProperty(PlainGatlingSimulation.RATE, String.valueOf(rate));
    }
    Path results = directory.resolve(name);
    int status =
        Gatling$.MODULE$.fromArgs(
            new String[] {
              "--simulation",
              PlainGatlingSimulation.class.getName(),
              "--results-folder",
              results.toString(),
              "--launcher",
              "scaleproof-benchmark"
            });
    assertThat(status).as("plain Gatling's status").isZero();
    return stats(name, results);
  }

  private Stats harness(URI url, String name, LoadProfile profile) {
    Path results = directory.resolve(name);
    GatlingLoad.Result result =
        GatlingLoad.run(
            new LoadPlan(profile, List.of(LoadPlan.Target.get("harness", url, "/work"))),
            results,
            name);
    assertThat(result.status()).as("Gatling's status through scaleproof").isZero();
    return stats(name, results);
  }

  /** The "All Requests" row of Gatling's statistics table: requests, KOs, req/s, p95. */
  private static Stats stats(String name, Path results) {
    String html =
        read(report(results).orElseThrow(() -> new AssertionError("no report of " + name)));
    double[] cells = new double[15];
    Matcher cell = CELL.matcher(html);
    boolean[] seen = new boolean[15];
    while (cell.find()) {
      int column = Integer.parseInt(cell.group(1));
      if (column < cells.length && !seen[column]) {
        seen[column] = true;
        cells[column] = Double.parseDouble(cell.group(2));
      }
    }
    assertThat(seen[2] && seen[6] && seen[10]).as("Gatling's statistics table of " + name).isTrue();
    // Columns: 2 requests, 3 OK, 4 KO, 6 requests a second, 10 the 95th percentile.
    return new Stats(name, cells[6], cells[10], (long) cells[4]);
  }

  private static Optional<Path> report(Path results) {
    try (Stream<Path> files = Files.walk(results, 2)) {
      return files.filter(file -> file.getFileName().toString().equals("index.html")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
