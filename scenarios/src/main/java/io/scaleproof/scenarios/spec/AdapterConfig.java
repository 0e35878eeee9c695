package io.scaleproof.scenarios.spec;

import java.util.Objects;

/**
 * The Prometheus Adapter a run starts: how the project says it runs, and the config its pipeline
 * carries.
 *
 * @param adapter the project file's {@code prometheusAdapter}
 * @param configMap {@code namespace/name} of the pipeline's ConfigMap with the config
 * @param text the config, the YAML the ConfigMap's value holds
 */
public record AdapterConfig(DeclaredAdapter adapter, String configMap, String text) {
  public AdapterConfig {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(configMap, "configMap");
    Objects.requireNonNull(text, "text");
  }
}
