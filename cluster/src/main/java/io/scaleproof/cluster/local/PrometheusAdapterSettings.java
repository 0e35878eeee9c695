package io.scaleproof.cluster.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the local backend runs the Prometheus Adapter in KEDA's place, as a platform team installs it
 * for a pipeline whose HPAs scale on external metrics.
 *
 * @param config the Adapter's rules ({@code --config}): its {@code externalRules} turn the
 *     pipeline's series into the external metrics the HPAs name
 * @param prometheusUrl the Prometheus it queries ({@code --prometheus-url}); a cluster name is
 *     resolved as a pod would resolve it
 * @param relistInterval how often it lists the series its rules match ({@code
 *     --metrics-relist-interval}); a metric whose series appeared after the last listing is unknown
 *     to the HPA until the next one
 */
public record PrometheusAdapterSettings(Path config, URI prometheusUrl, Duration relistInterval) {
  public PrometheusAdapterSettings {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(prometheusUrl, "prometheusUrl");
    Objects.requireNonNull(relistInterval, "relistInterval");
    if (relistInterval.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "relistInterval: at least one second, was " + relistInterval);
    }
  }
}
