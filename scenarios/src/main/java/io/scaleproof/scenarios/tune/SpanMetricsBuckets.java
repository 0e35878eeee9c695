package io.scaleproof.scenarios.tune;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The latency buckets a pipeline's span-metrics connector counts into: its {@code
 * histogram.explicit.buckets}, read from the first OpenTelemetryCollector that declares the
 * connector; the connector's default buckets when none sets them.
 */
final class SpanMetricsBuckets {
  private SpanMetricsBuckets() {}

  static LatencyBuckets of(Pipeline pipeline) {
    for (HasMetadata object : pipeline.objects()) {
      if (!"OpenTelemetryCollector".equals(object.getKind())
          || !(object instanceof GenericKubernetesResource resource)) {
        continue;
      }
      Map<String, Object> spec = PlainValues.map(resource.getAdditionalProperties().get("spec"));
      Map<String, Object> connectors =
          PlainValues.map(PlainValues.map(spec.get("config")).get("connectors"));
      for (Map.Entry<String, Object> connector : connectors.entrySet()) {
        String type = connector.getKey().split("/", 2)[0];
        if (!type.equals("span_metrics") && !type.equals("spanmetrics")) {
          continue;
        }
        Map<String, Object> explicit =
            PlainValues.map(
                PlainValues.map(PlainValues.map(connector.getValue()).get("histogram"))
                    .get("explicit"));
        if (explicit.get("buckets") instanceof List<?> buckets && !buckets.isEmpty()) {
          List<Double> bounds = new ArrayList<>();
          for (Object bucket : buckets) {
            bounds.add(milliseconds(String.valueOf(bucket)));
          }
          return new LatencyBuckets(bounds.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return LatencyBuckets.SPAN_METRICS_DEFAULT;
      }
    }
    return LatencyBuckets.SPAN_METRICS_DEFAULT;
  }

  /** A Go duration ({@code 5ms}, {@code 1s}, {@code 1.5s}, {@code 100us}) in milliseconds. */
  static double milliseconds(String duration) {
    String text = duration.trim();
    String[][] units = {
      {"ms", "1"},
      {"us", "0.001"},
      {"µs", "0.001"},
      {"ns", "0.000001"},
      {"s", "1000"},
      {"m", "60000"},
      {"h", "3600000"}
    };
    for (String[] unit : units) {
      if (text.endsWith(unit[0])) {
        return Double.parseDouble(text.substring(0, text.length() - unit[0].length()))
            * Double.parseDouble(unit[1]);
      }
    }
    return Double.parseDouble(text);
  }
}
