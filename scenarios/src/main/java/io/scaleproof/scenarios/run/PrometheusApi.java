package io.scaleproof.scenarios.run;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Prometheus the pipeline's triggers ask, as a run reads it: instant queries, one value each. */
final class PrometheusApi {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  PrometheusApi(URI base) {
    this.base = base;
  }

  /**
   * The one value of {@code promql}, as KEDA's prometheus scaler reads a trigger's query: empty
   * when the result is empty or NaN (a quantile of no requests), an error when it holds more than
   * one series (KEDA refuses those too).
   *
   * @throws IllegalStateException when Prometheus cannot be reached, refuses the query, or answers
   *     with several series
   */
  java.util.Optional<Double> value(String promql) {
    JsonNode result = result(promql);
    if (result.size() > 1) {
      throw new IllegalStateException(
          "the query returned " + result.size() + " series, KEDA takes one: " + promql);
    }
    if (result.isEmpty()) {
      return java.util.Optional.empty();
    }
    double value = Double.parseDouble(result.get(0).path("value").get(1).asString());
    return Double.isNaN(value) ? java.util.Optional.empty() : java.util.Optional.of(value);
  }

  private JsonNode result(String promql) {
    URI uri =
        base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonNode body;
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (!"success".equals(body.path("status").asString())) {
      throw new IllegalStateException("Prometheus refused " + promql + ": " + body);
    }
    return body.path("data").path("result");
  }
}
