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

  /**
   * The controller's checks, with the Ready message upstream writes ({@code
   * scaledobject_controller.go}: {@code "<what failed>: <why>"}; bounds from {@code
   * CheckReplicaCountBoundsAreValid}, triggers from {@code ValidateTriggers}, scaler errors from
   * {@code prometheus_scaler.go} and the typed config).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          missing query         | ``                                        | prometheus | ``          | 150 | failed to ensure HPA is correctly created for ScaledObject: error parsing prometheus metadata: error parsing prometheus metadata: missing required parameter "query" in [triggerMetadata]
          non-numeric threshold | ``                                        | prometheus | `query: up,` | abc | failed to ensure HPA is correctly created for ScaledObject: error parsing prometheus metadata: error parsing prometheus metadata: unable to set param "threshold" value "abc": unable to unmarshal to field type float64: invalid character 'a' looking for beginning of value
          unit on threshold     | ``                                        | prometheus | `query: up,` | 100m | failed to ensure HPA is correctly created for ScaledObject: error parsing prometheus metadata: error parsing prometheus metadata: unable to set param "threshold" value "100m": unable to unmarshal to field type float64: invalid character 'm' after top-level value
          unsupported trigger   | ``                                        | kafka      | `query: up,` | 150 | failed to ensure HPA is correctly created for ScaledObject: no scaler found for type: kafka (the embedded cluster runs the prometheus scaler)
          min above max         | `minReplicaCount: 5; maxReplicaCount: 2`  | prometheus | `query: up,` | 150 | ScaledObject doesn't have correct Idle/Min/Max Replica Counts specification: MinReplicaCount=5 must be less than MaxReplicaCount=2
          idle not below min    | `minReplicaCount: 1; idleReplicaCount: 1` | prometheus | `query: up,` | 150 | ScaledObject doesn't have correct Idle/Min/Max Replica Counts specification: IdleReplicaCount=1 must be less than MinReplicaCount=1
          idle, min unset       | `idleReplicaCount: 0`                     | prometheus | `query: up,` | 150 | ScaledObject doesn't have correct Idle/Min/Max Replica Counts specification: IdleReplicaCount=0 must be less than MinReplicaCount=0
          negative fallback     | `fallback: {failureThreshold: -1, replicas: 3}` | prometheus | `query: up,` | 150 | ScaledObject doesn't have correct fallback specification: FailureThreshold=-1 & Replicas=3 must both be greater than or equal to 0
          """)
  void refusals(
      String name, String min, String type, String query, String threshold, String message) {
    assertThatThrownBy(() -> ScaledObjectSpec.parse(so(min, type, query, threshold)))
        .isInstanceOf(ScaledObjectSpec.Invalid.class)
        .hasMessage(message)
        .extracting(e -> ((ScaledObjectSpec.Invalid) e).reason())
        .isEqualTo("ScaledObjectCheckFailed");
  }

  @Test
  void everyMetadataErrorAtOnceOnePerLine() {
    assertThatThrownBy(() -> ScaledObjectSpec.parse(so("", "prometheus", "", "")))
        .isInstanceOf(ScaledObjectSpec.Invalid.class)
        .hasMessageEndingWith(
            "missing required parameter \"query\" in [triggerMetadata]\n"
                + "missing required parameter \"threshold\" in [triggerMetadata]")
        .satisfies(e -> assertThat(((ScaledObjectSpec.Invalid) e).scalerFailed()).isTrue());
  }

  @Test
  void aMissingTargetIsNamed() {
    assertThatThrownBy(
            () -> ScaledObjectSpec.parse(so("", "prometheus", "query: up,", "150"), t -> false))
        .hasMessage(
            "ScaledObject doesn't have correct scaleTargetRef specification: deployments.apps"
                + " \"web\" not found");
  }

  /** The bounds check reads a declared minimum of 0 as the HPA's 1, so idle 0 passes. */
  @Test
  void idleZeroWithADeclaredMinimumOfZeroPasses() throws Exception {
    ScaledObjectSpec spec =
        ScaledObjectSpec.parse(
            so("minReplicaCount: 0; idleReplicaCount: 0", "prometheus", "query: up,", "150"));
    assertThat(spec.idleReplicaCount()).isZero();
  }

  @Test
  void duplicateTriggerNames() {
    String yaml =
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: web, namespace: apps}
        spec:
          scaleTargetRef: {name: web}
          triggers:
            - {type: prometheus, name: p95, metadata: {serverAddress: "http://p:9090", query: a, threshold: "1"}}
            - {type: prometheus, name: p95, metadata: {serverAddress: "http://p:9090", query: b, threshold: "1"}}
        """;
    assertThatThrownBy(
            () ->
                ScaledObjectSpec.parse(
                    new KubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class)))
        .hasMessage(
            "ScaledObject doesn't have correct triggers specification: triggerName \"p95\" is"
                + " defined multiple times in the ScaledObject/ScaledJob, but it must be unique");
  }

  /**
   * {@code hpa.go}: {@code paused-scale-in} disables the HPA's scale-down, {@code paused-scale-out}
   * its scale-up; either makes the behavior non-nil, with the API defaults for the rest.
   */
  @Test
  void pausedScaleInDisablesScaleDownOnTheHpa() throws Exception {
    GenericKubernetesResource so = so("", "prometheus", "query: up,", "150");
    so.getMetadata().setAnnotations(java.util.Map.of(ScaleExecutor.PAUSED_SCALE_IN, "true"));
    ScaledObjectSpec spec = ScaledObjectSpec.parse(so);

    assertThat(spec.behavior()).isNull();
    assertThat(spec.hpaBehavior())
        .isEqualTo(java.util.Map.of("scaleDown", java.util.Map.of("selectPolicy", "Disabled")));
    assertThat(spec.scaleDownRules().selectPolicy()).isEqualTo(ScalingRules.SelectPolicy.Disabled);
    assertThat(spec.scaleUpRules().selectPolicy()).isEqualTo(ScalingRules.SelectPolicy.Max);
    assertThat(spec.pausedInOneDirection()).isTrue();
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
