package io.scaleproof.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kubectl apply's three-way merge, case by case. */
class ThreeWayMergeTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String text) {
    return YAML.unmarshal(text, Map.class);
  }

  @Test
  void aHandEditOfAConfiguredFieldIsUndone() {
    Map<String, Object> config = yaml("spec: {replicas: 2}");
    Map<String, Object> live = yaml("spec: {replicas: 4, paused: false}");
    assertThat(ThreeWayMerge.apply(config, config, live))
        .isEqualTo(yaml("spec: {replicas: 2, paused: false}"));
  }

  @Test
  void aFieldDroppedFromTheConfigurationIsRemovedButOthersFieldsStay() {
    Map<String, Object> previous = yaml("spec: {replicas: 2, minReadySeconds: 5}");
    Map<String, Object> config = yaml("spec: {minReadySeconds: 5}");
    Map<String, Object> live =
        yaml("spec: {replicas: 3, minReadySeconds: 5, revisionHistoryLimit: 10}");
    assertThat(ThreeWayMerge.apply(previous, config, live))
        .isEqualTo(yaml("spec: {minReadySeconds: 5, revisionHistoryLimit: 10}"));
  }

  @Test
  void keyedListsMergeByElementSoServerDefaultsAreNotChanges() {
    Map<String, Object> config = yaml("spec: {ports: [{name: http, port: 8080}]}");
    Map<String, Object> live =
        yaml("spec: {clusterIP: 10.0.0.1, ports: [{name: http, port: 8080, protocol: TCP}]}");
    assertThat(ThreeWayMerge.apply(config, config, live)).isEqualTo(live);
  }

  @Test
  void keyedListElementsRemovedFromTheConfigurationGoOthersAddedStay() {
    Map<String, Object> previous = yaml("env: [{name: A, value: '1'}, {name: B, value: '2'}]");
    Map<String, Object> config = yaml("env: [{name: A, value: '9'}]");
    Map<String, Object> live =
        yaml("env: [{name: A, value: '1'}, {name: B, value: '2'}, {name: C, value: '3'}]");
    assertThat(ThreeWayMerge.apply(previous, config, live))
        .isEqualTo(yaml("env: [{name: A, value: '9'}, {name: C, value: '3'}]"));
  }

  @Test
  void otherListsAreReplaced() {
    Map<String, Object> config = yaml("args: [a, b]");
    Map<String, Object> live = yaml("args: [a, b, c]");
    assertThat(ThreeWayMerge.apply(config, config, live)).isEqualTo(yaml("args: [a, b]"));
  }
}
