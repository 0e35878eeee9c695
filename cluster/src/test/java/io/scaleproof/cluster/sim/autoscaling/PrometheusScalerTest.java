package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KEDA's Prometheus scaler against a loopback server, ported from kedacore/keda
 * pkg/scalers/prometheus_scaler_test.go (commit 8b4f083): TestPrometheusScalerExecutePromQuery (the
 * testPromQueryResult table), TestPrometheusScalerCustomHeaders and
 * TestPrometheusScalerExecutePromQueryParameters; plus quantityFromFloat64 of
 * pkg/scalers/scaler.go.
 */
class PrometheusScalerTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00.750Z");
  private HttpServer server;
  private final AtomicReference<HttpExchange> seen = new AtomicReference<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @ParameterizedTest(name = "testPromQueryResult: {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          no results                                  | 200 | {}                                              | true  | 0  | false
          no values                                   | 200 | {"data":{"result":[]}}                          | true  | 0  | false
          no values but shouldn't ignore              | 200 | {"data":{"result":[]}}                          | false | -1 | true
          value is empty list                         | 200 | {"data":{"result":[{"value": []}]}}             | true  | 0  | false
          value is empty list but shouldn't ignore    | 200 | {"data":{"result":[{"value": []}]}}             | false | -1 | true
          valid value                                 | 200 | {"data":{"result":[{"value": ["1", "2"]}]}}     | true  | 2  | false
          not enough values                           | 200 | {"data":{"result":[{"value": ["1"]}]}}          | true  | -1 | true
          multiple results                            | 200 | {"data":{"result":[{},{}]}}                     | true  | -1 | true
          error status response                       | 400 | {}                                              | true  | -1 | true
          +Inf                                        | 200 | {"data":{"result":[{"value": ["1", "+Inf"]}]}}  | true  | 0  | false
          +Inf but shouldn't ignore                   | 200 | {"data":{"result":[{"value": ["1", "+Inf"]}]}}  | false | -1 | true
          -Inf                                        | 200 | {"data":{"result":[{"value": ["1", "-Inf"]}]}}  | true  | 0  | false
          -Inf but shouldn't ignore                   | 200 | {"data":{"result":[{"value": ["1", "-Inf"]}]}}  | false | -1 | true
          NaN                                         | 200 | {"data":{"result":[{"value": ["1", "NaN"]}]}}   | true  | 0  | false
          NaN but shouldn't ignore                    | 200 | {"data":{"result":[{"value": ["1", "NaN"]}]}}   | false | -1 | true
          """)
  void executePromQuery(
      String name,
      int status,
      String body,
      boolean ignoreNullValues,
      double expectedValue,
      boolean isError)
      throws IOException {
    serve(status, body);

    PrometheusScaler.Result result =
        scaler(metadata(ignoreNullValues, Map.of(), Map.of())).query(NOW);

    assertThat(result.value()).isEqualTo(expectedValue);
    assertThat(result.failed()).as("error: %s", result.error()).isEqualTo(isError);
  }

  @Test
  @DisplayName("TestPrometheusScalerCustomHeaders: each custom header is sent")
  void customHeaders() throws IOException {
    serve(200, "{\"data\":{\"result\":[]}}");
    Map<String, String> headers =
        Map.of("X-Client-Id", "cid", "X-Tenant-Id", "tid", "X-Organization-Token", "oid");

    PrometheusScaler.Result result = scaler(metadata(true, headers, Map.of())).query(NOW);

    assertThat(result.failed()).isFalse();
    headers.forEach(
        (header, value) ->
            assertThat(seen.get().getRequestHeaders().getFirst(header)).isEqualTo(value));
  }

  @Test
  @DisplayName(
      "TestPrometheusScalerExecutePromQueryParameters: path, time to the second, parameters")
  void queryParameters() throws IOException {
    serve(200, "{\"data\":{\"result\":[]}}");

    PrometheusScaler.Result result =
        scaler(metadata(true, Map.of(), Map.of("first", "foo", "second", "bar"))).query(NOW);

    assertThat(result.failed()).isFalse();
    assertThat(seen.get().getRequestURI().getPath()).isEqualTo("/api/v1/query");
    assertThat(seen.get().getRequestURI().getQuery())
        .contains("query=up{job=\"x\"}")
        .contains("time=2026-06-01T12:00:00Z")
        .contains("first=foo")
        .contains("second=bar");
  }

  @Test
  @DisplayName("a Prometheus that does not answer is an error naming the server, never a value")
  void unreachable() {
    PrometheusScaler.Metadata metadata =
        new PrometheusScaler.Metadata(
            "http://127.0.0.1:9",
            "up",
            1,
            0,
            null,
            Map.of(),
            Map.of(),
            true,
            Duration.ofSeconds(2));
    PrometheusScaler.Result result =
        new PrometheusScaler(metadata, HttpClient.newHttpClient()).query(NOW);
    assertThat(result.failed()).isTrue();
    assertThat(result.error()).startsWith("Get \"http://127.0.0.1:9/api/v1/query\"");
  }

  @ParameterizedTest(name = "quantityFromFloat64({0}) = {1} milli")
  @CsvSource({
    "2, 2000",
    "0.0005, 1", // 0.0005 is a little above half in binary, and %.3f rounds the exact value
    "0.0015, 2",
    "1.2344, 1234",
    "103.33333333, 103333",
    "-3, 0",
    "NaN, 0",
    "Infinity, 0",
  })
  void milli(double value, long expected) {
    assertThat(PrometheusScaler.milli(value)).isEqualTo(expected);
  }

  @Test
  @DisplayName("activity is strictly above activationThreshold")
  void activation() {
    PrometheusScaler scaler =
        new PrometheusScaler(
            new PrometheusScaler.Metadata(
                "http://127.0.0.1:9",
                "up",
                1,
                20,
                null,
                Map.of(),
                Map.of(),
                true,
                Duration.ofSeconds(1)),
            HttpClient.newHttpClient());
    assertThat(scaler.isActive(20)).isFalse();
    assertThat(scaler.isActive(20.001)).isTrue();
  }

  private PrometheusScaler scaler(PrometheusScaler.Metadata metadata) {
    return new PrometheusScaler(metadata, HttpClient.newHttpClient());
  }

  private PrometheusScaler.Metadata metadata(
      boolean ignoreNullValues, Map<String, String> headers, Map<String, String> parameters) {
    String address = "http://127.0.0.1:" + server.getAddress().getPort();
    return new PrometheusScaler.Metadata(
        address,
        "up{job=\"x\"}",
        1,
        0,
        null,
        parameters,
        headers,
        ignoreNullValues,
        Duration.ofSeconds(5));
  }

  private void serve(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.set(exchange);
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }
}
