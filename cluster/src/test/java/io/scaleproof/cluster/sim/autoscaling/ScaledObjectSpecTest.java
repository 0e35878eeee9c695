package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaledObjectSpecTest {
  private static final String BASE =
      """
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata: {name: web, namespace: apps}
      spec:
        scaleTargetRef: {name: web}
        MIN
        triggers:
          - type: TYPE
            metadata: {serverAddress: "http://prometheus:9090", QUERY threshold: "THRESHOLD"}
      """;

  @Test
  void defaults() throws Exception {
    ScaledObjectSpec spec = ScaledObjectSpec.parse(so("", "prometheus", "query: up,", "150"));

    assertThat(spec.pollingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec.cooldownPeriod()).isEqualTo(300);
    assertThat(spec.minReplicaCount()).isZero();
    assertThat(spec.maxReplicaCount()).isEqualTo(100);
    assertThat(spec.hpaName()).isEqualTo("keda-hpa-web");
    assertThat(spec.triggers())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.metricName()).isEqualTo("s0-prometheus");
              assertThat(t.valueMetricType()).isFalse();
              assertThat(t.metadata().ignoreNullValues()).isTrue();
              assertThat(t.metadata().activationThreshold()).isZero();
            });
    assertThat(spec.behavior()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing query           | ''                                   | prometheus | ''          | 150 | triggers[0].metadata.query: missing required parameter "query"
          non-numeric threshold   | ''                                   | prometheus | 'query: up,' | abc | triggers[0].metadata.threshold: "abc" is not a number
          unsupported trigger     | ''                                   | kafka      | 'query: up,' | 150 | no scaler found for type: kafka
          min above max           | 'minReplicaCount: 5; maxReplicaCount: 2' | prometheus | 'query: up,' | 150 | MinReplicaCount=5 must be less than MaxReplicaCount=2
          idle not below min      | 'minReplicaCount: 1; idleReplicaCount: 1' | prometheus | 'query: up,' | 150 | IdleReplicaCount=1 must be less than MinReplicaCount=1
          """)
  void refusals(
      String name, String min, String type, String query, String threshold, String message) {
    assertThatThrownBy(() -> ScaledObjectSpec.parse(so(min, type, query, threshold)))
        .isInstanceOf(ScaledObjectSpec.Invalid.class)
        .hasMessageContaining(message)
        .extracting(e -> ((ScaledObjectSpec.Invalid) e).reason())
        .isEqualTo("ScaledObjectCheckFailed");
  }

  /** The base ScaledObject with {@code extra} spec keys ({@code "k: v; k2: v2"}) and a trigger. */
  private static GenericKubernetesResource so(
      String extra, String type, String query, String threshold) {
    String yaml =
        BASE.replace("MIN", extra.replace("; ", "\n  "))
            .replace("TYPE", type)
            .replace("QUERY", query)
            .replace("THRESHOLD", threshold);
    return new KubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
  }
}
