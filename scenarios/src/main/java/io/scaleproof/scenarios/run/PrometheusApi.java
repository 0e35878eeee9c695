package io.scaleproof.scenarios.run;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pipeline's Prometheus, as a run reads it: instant queries, one value per series. */
final class PrometheusApi {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  PrometheusApi(URI base) {
    this.base = base;
  }

  /**
   * Each series of {@code promql}'s result by the value of its {@code label}; NaN values (a
   * quantile of no requests) are left out, as no value.
   *
   * @throws IllegalStateException when Prometheus cannot be reached or refuses the query
   */
  Map<String, Double> query(String promql, String label) {
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
    Map<String, Double> values = new LinkedHashMap<>();
    for (JsonNode series : body.path("data").path("result")) {
      double value = Double.parseDouble(series.path("value").get(1).asString());
      if (!Double.isNaN(value)) {
        values.put(series.path("metric").path(label).asString(), value);
      }
    }
    return values;
  }
}
