package io.scaleproof.cluster.sim.autoscaling;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * KEDA's Prometheus scaler ({@code pkg/scalers/prometheus_scaler.go}): one instant query over HTTP
 * to the real Prometheus, and upstream's reading of the answer, case by case — a non-2xx status, an
 * empty result, several series, a short or empty value, null, NaN and ±Inf, with {@code
 * ignoreNullValues} deciding which of these are 0 and which are errors.
 */
public final class PrometheusScaler {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** The trigger's metadata that the query uses. */
  public record Metadata(
      String serverAddress,
      String query,
      double threshold,
      double activationThreshold,
      String namespace,
      Map<String, String> queryParameters,
      Map<String, String> customHeaders,
      boolean ignoreNullValues,
      Duration timeout) {}

  /**
   * A query's outcome: a value, or upstream's error text (the value is then -1); {@code
   * emptyUpstream} when Prometheus answered with no series or no sample, which KEDA counts in
   * {@code keda_scaler_empty_upstream_responses_total} whether or not it is an error.
   */
  public record Result(double value, String error, boolean emptyUpstream) {
    static Result of(double value) {
      return new Result(value, null, false);
    }

    static Result failed(String error) {
      return new Result(-1, error, false);
    }

    /** An empty answer: 0 with {@code ignoreNullValues}, else the error. */
    static Result empty(boolean ignoreNullValues, String error) {
      return ignoreNullValues ? new Result(0, null, true) : new Result(-1, error, true);
    }

    public boolean failed() {
      return error != null;
    }
  }

  private final Metadata metadata;
  private final HttpClient http;

  public PrometheusScaler(Metadata metadata, HttpClient http) {
    this.metadata = metadata;
    this.http = http;
  }

  /** {@code ExecutePromQuery}: the request, then {@link #interpret}. */
  public Result query(Instant now) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(requestUri(metadata, now)).timeout(metadata.timeout()).GET();
    metadata.customHeaders().forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return interpret(response.statusCode(), response.body(), metadata);
    } catch (IOException e) {
      return Result.failed("Get \"" + metadata.serverAddress() + "/api/v1/query\": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.failed("interrupted");
    }
  }

  /**
   * {@code {server}/api/v1/query?query=<escaped>&time=<RFC 3339, UTC>}, then {@code &namespace=}
   * (unescaped, as upstream) and each query parameter escaped.
   */
  static URI requestUri(Metadata metadata, Instant now) {
    StringBuilder url =
        new StringBuilder(metadata.serverAddress())
            .append("/api/v1/query?query=")
            .append(escape(metadata.query()))
            .append("&time=")
            .append(escape(RFC3339.format(now.truncatedTo(ChronoUnit.SECONDS))));
    if (metadata.namespace() != null && !metadata.namespace().isEmpty()) {
      url.append("&namespace=").append(metadata.namespace());
    }
    metadata
        .queryParameters()
        .forEach((k, v) -> url.append('&').append(escape(k)).append('=').append(escape(v)));
    return URI.create(url.toString());
  }

  /** Upstream's reading of a query answer. */
  static Result interpret(int status, String body, Metadata metadata) {
    if (status < 200 || status > 299) {
      return Result.failed("prometheus query api returned error. status: " + status);
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      return Result.failed(e.getOriginalMessage());
    }
    JsonNode result = root.path("data").path("result");
    int results = result.isArray() ? result.size() : 0;
    if (results == 0) {
      return Result.empty(
          metadata.ignoreNullValues(),
          "prometheus metrics 'prometheus' target may be lost, the result is empty");
    }
    if (results > 1) {
      return Result.failed("prometheus query " + metadata.query() + " returned multiple elements");
    }
    JsonNode value = result.get(0).path("value");
    int length = value.isArray() ? value.size() : 0;
    if (length == 0) {
      return Result.empty(
          metadata.ignoreNullValues(),
          "prometheus metrics 'prometheus' target may be lost, the value list is empty");
    }
    if (length < 2) {
      return Result.failed("prometheus query " + metadata.query() + " didn't return enough values");
    }
    double v = -1;
    JsonNode sample = value.get(1);
    if (!sample.isNull()) {
      try {
        v = parseFloat(sample.asString());
      } catch (NumberFormatException e) {
        return Result.failed(
            "strconv.ParseFloat: parsing \"" + sample.asString() + "\": invalid syntax");
      }
    }
    if (Double.isInfinite(v) || Double.isNaN(v)) {
      return metadata.ignoreNullValues()
          ? Result.of(0)
          : Result.failed("prometheus query returns " + goFloat(v));
    }
    return Result.of(v);
  }

  /** Whether a value activates the trigger: strictly above {@code activationThreshold}. */
  public boolean isActive(double value) {
    return value > metadata.activationThreshold();
  }

  /**
   * A value as KEDA hands it to the HPA ({@code quantityFromFloat64}): rounded to 3 decimals as
   * {@code "%.3f"} rounds, in milli-units; NaN, ±Inf and negatives are 0.
   */
  public static long milli(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
      return 0;
    }
    BigDecimal milli = new BigDecimal(value).setScale(3, RoundingMode.HALF_EVEN).movePointRight(3);
    return milli.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
        ? Long.MAX_VALUE
        : milli.longValueExact();
  }

  /** Go's strconv.ParseFloat for the values Prometheus writes: numbers, NaN, +Inf, -Inf. */
  private static double parseFloat(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  private static String goFloat(double v) {
    return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
  }

  private static String escape(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
