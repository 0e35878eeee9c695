package io.scaleproof.scenarios;

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

/** The HTTP APIs of the pipeline's real programs, as a suite reads them: Prometheus and Jaeger. */
final class PipelineApis {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PipelineApis() {}

  /**
   * An instant PromQL query: each series of the result by the value of {@code label}.
   *
   * @throws IllegalStateException when Prometheus answers with an error
   */
  static Map<String, Double> query(URI prometheus, String promql, String label) {
    JsonNode body =
        get(
            prometheus.resolve(
                "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    if (!"success".equals(body.path("status").asString())) {
      throw new IllegalStateException("Prometheus refused " + promql + ": " + body);
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (JsonNode series : body.path("data").path("result")) {
      values.put(
          series.path("metric").path(label).asString(),
          Double.parseDouble(series.path("value").get(1).asString()));
    }
    return values;
  }

  /** Jaeger's {@code /api/traces} for a service: the {@code data} array of traces. */
  static JsonNode traces(URI jaeger, String service) {
    return get(jaeger.resolve(
            "/api/traces?service="
                + URLEncoder.encode(service, StandardCharsets.UTF_8)
                + "&limit=20&lookback=1h"))
        .path("data");
  }

  static JsonNode get(URI uri) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** POST a JSON body, e.g. a sample app's {@code /admin/behaviour}; the status code. */
  static int post(URI uri, String json) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new IllegalStateException("POST " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
