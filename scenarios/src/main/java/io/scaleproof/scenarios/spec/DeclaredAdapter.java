package io.scaleproof.scenarios.spec;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a project's Prometheus Adapter runs, for a pipeline whose HPAs scale on the external metrics
 * it serves (the {@code prometheusAdapter} section of the project file). Its rules are the
 * pipeline's: the ConfigMap that carries them, as the Adapter's Helm chart renders it.
 *
 * @param prometheusUrl the Prometheus it asks, its {@code --prometheus-url}
 * @param relistInterval how often it lists the series its rules turn into metrics, its {@code
 *     --metrics-relist-interval}: a series that first appears later is not served until then
 * @param configMap {@code namespace/name} of the ConfigMap with its config; empty to take the
 *     pipeline's one ConfigMap with {@code externalRules}
 */
public record DeclaredAdapter(
    URI prometheusUrl, Duration relistInterval, Optional<String> configMap) {
  /** The Adapter's own default {@code --metrics-relist-interval}. */
  public static final Duration DEFAULT_RELIST_INTERVAL = Duration.ofMinutes(10);

  public DeclaredAdapter {
    Objects.requireNonNull(prometheusUrl, "prometheusUrl");
    Objects.requireNonNull(relistInterval, "relistInterval");
    Objects.requireNonNull(configMap, "configMap");
  }
}
