package io.scaleproof.cluster.sim.autoscaling;

import static io.scaleproof.cluster.PlainValues.map;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One trigger of a ScaledObject read as KEDA's scaler builder reads it: the type (the embedded
 * cluster runs the prometheus scaler), the metric type, and the prometheus scaler's typed metadata
 * ({@code serverAddress}, {@code query}, {@code threshold}, {@code activationThreshold}, {@code
 * ignoreNullValues}, {@code timeout}, query parameters and headers), refused with upstream's
 * messages.
 */
final class TriggerMetadata {
  private TriggerMetadata() {}

  /**
   * A trigger and its scaler's metadata, refused as building the scaler refuses it: the errors of
   * every field at once, one per line, behind upstream's doubled prefix.
   */
  static ScaledObjectSpec.Trigger read(int index, Map<String, Object> trigger)
      throws ScaledObjectSpec.Invalid {
    String type = string(trigger.get("type"));
    if (!"prometheus".equals(type)) {
      throw new ScaledObjectSpec.Invalid(
          ScaledObjectSpec.HPA_ERROR,
          "no scaler found for type: "
              + type
              + (type == null ? "" : " (the embedded cluster runs the prometheus scaler)"),
          true);
    }
    String metricType =
        Optional.ofNullable(string(trigger.get("metricType"))).orElse("AverageValue");
    if (!metricType.equals("AverageValue") && !metricType.equals("Value")) {
      throw new ScaledObjectSpec.Invalid(
          ScaledObjectSpec.HPA_ERROR,
          "error getting scaler metric type: "
              + (metricType.equals("Utilization")
                  ? "'Utilization' metric type is unsupported for external metrics, allowed values"
                      + " are 'Value' or 'AverageValue'"
                  : "unknown metric type: " + metricType),
          true);
    }
    Map<String, Object> metadata = map(trigger.get("metadata"));
    List<String> errors = new ArrayList<>();
    String server = required(metadata, "serverAddress", errors);
    String query = required(metadata, "query", errors);
    double threshold = number(metadata, "threshold", true, 0, errors);
    double activation = number(metadata, "activationThreshold", false, 0, errors);
    if (!errors.isEmpty()) {
      throw new ScaledObjectSpec.Invalid(
          ScaledObjectSpec.HPA_ERROR,
          "error parsing prometheus metadata: error parsing prometheus metadata: "
              + String.join("\n", errors),
          true);
    }
    boolean ignoreNull =
        !"false"
            .equalsIgnoreCase(String.valueOf(metadata.getOrDefault("ignoreNullValues", "true")));
    Duration timeout =
        metadata.get("timeout") == null
            ? Duration.ofSeconds(3)
            : Duration.ofMillis(Long.parseLong(String.valueOf(metadata.get("timeout")).strip()));
    return new ScaledObjectSpec.Trigger(
        "s" + index + "-prometheus",
        string(trigger.get("name")),
        metricType.equals("Value"),
        Boolean.parseBoolean(String.valueOf(trigger.get("useCachedMetrics"))),
        new PrometheusScaler.Metadata(
            server,
            query,
            threshold,
            activation,
            string(metadata.get("namespace")),
            pairs(string(metadata.get("queryParameters"))),
            pairs(string(metadata.get("customHeaders"))),
            ignoreNull,
            timeout));
  }

  /** A required parameter; blank is missing, as the typed config trims. */
  private static String required(Map<String, Object> metadata, String key, List<String> errors) {
    String value = string(metadata.get(key));
    if (value == null || value.isBlank()) {
      errors.add(missing(key));
      return null;
    }
    return value.strip();
  }

  /** A float64 parameter, decoded as the typed config decodes it: as a JSON value. */
  private static double number(
      Map<String, Object> metadata,
      String key,
      boolean required,
      double otherwise,
      List<String> errors) {
    String value = string(metadata.get(key));
    if (value == null || value.isBlank()) {
      if (required) {
        errors.add(missing(key));
      }
      return otherwise;
    }
    try {
      return GoJson.float64(value.strip());
    } catch (GoJson.SyntaxError e) {
      errors.add(
          "unable to set param \""
              + key
              + "\" value \""
              + value.strip()
              + "\": unable to unmarshal to field type float64: "
              + e.getMessage());
      return otherwise;
    }
  }

  private static String missing(String key) {
    return "missing required parameter \"" + key + "\" in [triggerMetadata]";
  }

  /** KEDA's map syntax for customHeaders and queryParameters: {@code k=v,k2=v2}. */
  private static Map<String, String> pairs(String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (text != null) {
      for (String pair : text.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          pairs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
      }
    }
    return pairs;
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
