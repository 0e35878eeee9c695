package io.scaleproof.sampleapp;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How the service behaves: its capacity (concurrent workers and queue bound), its service-time
 * distribution, its error rate and its start-up delay. Read from the {@code APP_*} environment (the
 * contract in sample-apps/README.md) and changeable at run time through {@code POST
 * /admin/behaviour}.
 *
 * @param concurrency requests served at once per replica ({@code APP_CONCURRENCY})
 * @param queueLimit requests that may wait beyond those; more are answered 503 ({@code
 *     APP_QUEUE_LIMIT})
 * @param serviceTime the mean service time ({@code APP_SERVICE_TIME_MS})
 * @param distribution constant, exponential or lognormal ({@code APP_SERVICE_TIME_DIST})
 * @param sigma the lognormal shape ({@code APP_SERVICE_TIME_SIGMA})
 * @param errorRate the fraction of requests answered 500 ({@code APP_ERROR_RATE})
 * @param startupDelay how long {@code /readyz} answers 503 after start ({@code
 *     APP_STARTUP_DELAY_MS})
 */
record Behaviour(
    int concurrency,
    int queueLimit,
    Duration serviceTime,
    String distribution,
    double sigma,
    double errorRate,
    Duration startupDelay) {

  Behaviour {
    require(concurrency >= 1, "APP_CONCURRENCY", concurrency, "a whole number of at least 1");
    require(queueLimit >= 0, "APP_QUEUE_LIMIT", queueLimit, "a whole number of at least 0");
    require(!serviceTime.isNegative(), "APP_SERVICE_TIME_MS", serviceTime, "0 or more");
    require(
        distribution.equals("constant")
            || distribution.equals("exponential")
            || distribution.equals("lognormal"),
        "APP_SERVICE_TIME_DIST",
        distribution,
        "one of constant, exponential, lognormal");
    require(sigma > 0, "APP_SERVICE_TIME_SIGMA", sigma, "a number above 0");
    require(errorRate >= 0 && errorRate <= 1, "APP_ERROR_RATE", errorRate, "a number from 0 to 1");
    require(!startupDelay.isNegative(), "APP_STARTUP_DELAY_MS", startupDelay, "0 or more");
  }

  static Behaviour fromEnv(Map<String, String> env) {
    return new Behaviour(
        integer(env, "APP_CONCURRENCY", "4"),
        integer(env, "APP_QUEUE_LIMIT", "100"),
        Duration.ofMillis(integer(env, "APP_SERVICE_TIME_MS", "50")),
        env.getOrDefault("APP_SERVICE_TIME_DIST", "exponential").toLowerCase(Locale.ROOT),
        decimal(env, "APP_SERVICE_TIME_SIGMA", "0.5"),
        decimal(env, "APP_ERROR_RATE", "0"),
        Duration.ofMillis(integer(env, "APP_STARTUP_DELAY_MS", "0")));
  }

  /**
   * A copy with the fields present in {@code changes} (names as in the JSON of /admin/behaviour).
   */
  Behaviour with(Map<String, String> changes) {
    return new Behaviour(
        changes.containsKey("concurrency")
            ? parseInt("concurrency", changes.get("concurrency"))
            : concurrency,
        changes.containsKey("queueLimit")
            ? parseInt("queueLimit", changes.get("queueLimit"))
            : queueLimit,
        changes.containsKey("serviceTimeMs")
            ? Duration.ofMillis(parseInt("serviceTimeMs", changes.get("serviceTimeMs")))
            : serviceTime,
        changes.getOrDefault("distribution", distribution),
        changes.containsKey("sigma") ? parseDouble("sigma", changes.get("sigma")) : sigma,
        changes.containsKey("errorRate")
            ? parseDouble("errorRate", changes.get("errorRate"))
            : errorRate,
        startupDelay);
  }

  String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"concurrency\":%d,\"queueLimit\":%d,\"serviceTimeMs\":%d,\"distribution\":\"%s\","
            + "\"sigma\":%s,\"errorRate\":%s}",
        concurrency,
        queueLimit,
        serviceTime.toMillis(),
        distribution,
        sigma,
        errorRate);
  }

  private static int integer(Map<String, String> env, String name, String fallback) {
    return parseInt(name, env.getOrDefault(name, fallback));
  }

  private static double decimal(Map<String, String> env, String name, String fallback) {
    return parseDouble(name, env.getOrDefault(name, fallback));
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
    }
  }

  private static double parseDouble(String name, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a number");
    }
  }

  private static void require(boolean ok, String name, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(name + ": '" + value + "' must be " + expected);
    }
  }
}
