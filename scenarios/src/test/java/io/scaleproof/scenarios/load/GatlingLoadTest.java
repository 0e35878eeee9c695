package io.scaleproof.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gatling.commons.util.LatestGatlingRelease$;
import io.scaleproof.scenarios.spec.LoadProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gatling, in this JVM, against a loopback server that counts what it is sent. */
class GatlingLoadTest {
  @TempDir Path results;

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/work",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  @DisplayName("an open constant profile sends its rate for its duration, and keeps a report")
  void constantRate() {
    LoadPlan plan =
        new LoadPlan(new LoadProfile.Constant(40, Duration.ofSeconds(3)), List.of(target()));

    GatlingLoad.Result result = GatlingLoad.run(plan, results, "constant");

    assertThat(result.status()).isZero();
    // Poisson arrivals: 120 expected, a standard deviation of about 11.
    assertThat(requests.get()).isBetween(80, 160);
    assertThat(result.report()).hasValueSatisfying(report -> assertThat(report).exists());
    assertThat(plan.latencies().p95("counted", java.time.Instant.now(), Duration.ofSeconds(30)))
        .as("the clients' p95 of the responses, as Gatling's users timed them")
        .hasValueSatisfying(p95 -> assertThat(p95).isPositive().isLessThan(1000));
  }

  @Test
  @DisplayName("a closed profile keeps its users busy: far more requests than users")
  void closedUsers() {
    LoadPlan plan =
        new LoadPlan(
            new LoadProfile.Closed(2, Duration.ofSeconds(2), Duration.ofMillis(100)),
            List.of(target()));

    assertThat(GatlingLoad.run(plan, results, "closed").status()).isZero();
    // Two users, each about one request per 100 ms of think time, for 2 s.
    assertThat(requests.get()).isBetween(10, 60);
  }

  @Test
  @DisplayName("Gatling never reaches past loopback: no warm-up call, no usage analytics")
  void staysOnLoopback() {
    Config config = ConfigFactory.parseResources("gatling.conf");
    assertThat(config.getString("gatling.http.warmUpUrl")).isEmpty();
    assertThat(config.getBoolean("gatling.data.enableAnalytics")).isFalse();
  }

  @Test
  @DisplayName("Gatling does not ask Maven Central for its latest release")
  void noReleaseCheck() {
    NoReleaseCheck.record();
    // Gatling's own loader: with a recent check on record it returns without fetching; a fetch
    // from this machine would find the newer releases Central serves.
    assertThat(LatestGatlingRelease$.MODULE$.load().isEmpty()).isTrue();
  }

  private LoadPlan.Target target() {
    return LoadPlan.Target.get(
        "counted", URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "/work");
  }
}
