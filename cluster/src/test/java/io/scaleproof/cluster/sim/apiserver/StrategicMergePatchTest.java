package io.scaleproof.cluster.sim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.sim.apiserver.StrategicMergePatch.Field;
import io.scaleproof.cluster.sim.apiserver.StrategicMergePatch.Schema;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Strategic merge patch against apimachinery's own cases ({@code
 * pkg/util/strategicpatch/patch_test.go}, v0.35.4), on its test type {@code MergeItem}: {@code
 * mergingList} merges by {@code name}, {@code nonMergingList} has no strategy, {@code
 * mergingIntList} merges values, {@code retainKeysMap} retains keys, {@code retainKeysMergingList}
 * merges by {@code name} and retains keys. Then the Deployment patch that kubectl 1.35's own code
 * makes for a changed manifest, and a Service's ports by {@code port}.
 */
class StrategicMergePatchTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static final Schema MERGE_ITEM = mergeItem();

  private static Schema mergeItem() {
    java.util.Map<String, Field> fields = new java.util.HashMap<>();
    Schema item = new Schema(fields);
    fields.put("mergingList", new Field(Set.of("merge"), "name", item));
    fields.put("mergingIntList", new Field(Set.of("merge"), null, Schema.ANY));
    fields.put("retainKeysMap", new Field(Set.of("retainKeys"), null, item));
    fields.put("retainKeysMergingList", new Field(Set.of("merge", "retainKeys"), "name", item));
    return item;
  }

  @Test
  @DisplayName("delete map from merging list")
  void deleteFromMergingList() {
    assertPatched(
        "{mergingList: [{name: 1}, {name: 2, other: b}]}",
        "{$setElementOrder/mergingList: [{name: 2}], mergingList: [{name: 1, $patch: delete}]}",
        "{mergingList: [{name: 2, other: b}]}");
  }

  @Test
  @DisplayName("delete field from map in merging list")
  void nullDeletesAField() {
    assertPatched(
        "{mergingList: [{name: 1, value: 1, other: a}, {name: 2, value: 2, other: b}]}",
        "{$setElementOrder/mergingList: [{name: 1}, {name: 2}], mergingList: [{name: 1, value: null}]}",
        "{mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]}");
  }

  @Test
  @DisplayName("set elements order in a list with server-only items (the three cases)")
  void setElementOrderWithServerOnlyItems() {
    assertPatched(
        "{mergingList: [{name: 1, other: a}, {name: 2, value: 2}, {name: 9}, {name: 3, value: 3},"
            + " {name: 4, value: 4}]}",
        "{$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}]}",
        "{mergingList: [{name: 2, value: 2}, {name: 1, other: a}, {name: 9}, {name: 4, value: 4},"
            + " {name: 3, value: 3}]}");
    assertPatched(
        "{mergingList: [{name: 1}, {name: 3}, {name: 4}, {name: 2}, {name: 9}]}",
        "{$setElementOrder/mergingList: [{name: 4}, {name: 2}, {name: 3}, {name: 1}]}",
        "{mergingList: [{name: 4}, {name: 2}, {name: 3}, {name: 1}, {name: 9}]}");
    assertPatched(
        "{mergingList: [{name: 1}, {name: 2}, {name: 7}, {name: 9}, {name: 8}, {name: 3}, {name: 4}]}",
        "{$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}]}",
        "{mergingList: [{name: 2}, {name: 1}, {name: 7}, {name: 9}, {name: 8}, {name: 4}, {name: 3}]}");
    assertPatched(
        "{mergingIntList: [1, 3, 4, 2, 9]}",
        "{$setElementOrder/mergingIntList: [4, 2, 3, 1]}",
        "{mergingIntList: [4, 2, 3, 1, 9]}");
  }

  @Test
  @DisplayName("add and delete items in lists of scalars")
  void deleteFromPrimitiveList() {
    assertPatched(
        "{mergingIntList: [1, 2, 3, 4]}",
        "{$setElementOrder/mergingIntList: [1, 2, 4], $deleteFromPrimitiveList/mergingIntList: [3]}",
        "{mergingIntList: [1, 2, 4]}");
    assertPatched(
        "{mergingIntList: [1, 2, 3]}",
        "{$setElementOrder/mergingIntList: [1, 2, 4], $deleteFromPrimitiveList/mergingIntList: [3],"
            + " mergingIntList: [4]}",
        "{mergingIntList: [1, 2, 4]}");
  }

  @Test
  @DisplayName("retainKeys clears what the patch does not keep, in a map and in a list element")
  void retainKeys() {
    assertPatched(
        "{retainKeysMap: {value: foo}}",
        "{retainKeysMap: {$retainKeys: [other], other: bar}}",
        "{retainKeysMap: {other: bar}}");
    assertPatched(
        "{retainKeysMergingList: [{name: bar}, {name: foo, value: a, other: x}]}",
        "{$setElementOrder/retainKeysMergingList: [{name: bar}, {name: foo}],"
            + " retainKeysMergingList: [{$retainKeys: [name, value], name: foo}]}",
        "{retainKeysMergingList: [{name: bar}, {name: foo, value: a}]}");
  }

  @Test
  @DisplayName("replace non merging list nested in merging list")
  void listWithoutStrategyIsReplaced() {
    assertPatched(
        "{mergingList: [{name: 1, other: a, nonMergingList: [{name: 1}, {name: 2, value: 2}]},"
            + " {name: 2, other: b}]}",
        "{$setElementOrder/mergingList: [{name: 1}, {name: 2}],"
            + " mergingList: [{name: 1, nonMergingList: [{name: 1, value: 1}]}]}",
        "{mergingList: [{name: 1, other: a, nonMergingList: [{name: 1, value: 1}]},"
            + " {name: 2, other: b}]}");
  }

  @Test
  @DisplayName("order without $setElementOrder, replace and delete directives, duplicates")
  void orderAndDirectives() {
    assertPatched(
        "{mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]}",
        "{mergingList: [{name: 3, value: c}, {name: 1, value: a}]}",
        "{mergingList: [{name: 2, value: b}, {name: 3, value: c}, {name: 1, value: a}]}");
    assertPatched(
        "{mergingIntList: [1, 2, 3]}", "{mergingIntList: [3, 1]}", "{mergingIntList: [2, 3, 1]}");
    assertPatched(
        "{mergingIntList: [1, 2]}", "{mergingIntList: [2, 3]}", "{mergingIntList: [1, 2, 3]}");
    assertPatched(
        "{mergingList: [{name: 1}, {name: 2}]}",
        "{mergingList: [{$patch: replace}]}",
        "{mergingList: []}");
    assertPatched(
        "{simpleMap: {key1: 1, key2: 1}}", "{simpleMap: {$patch: delete}}", "{simpleMap: {}}");
    assertPatched("{name: 1, value: 1}", "{other: a, $patch: replace}", "{other: a}");
    assertPatched(
        "{mergingList: [{name: 1}, {name: 1}, {name: 2, value: a}, {name: 3}, {name: 3}]}",
        "{mergingList: [{name: 1, $patch: delete}, {name: 3, $patch: delete}]}",
        "{mergingList: [{name: 2, value: a}]}");
  }

  @Test
  @DisplayName("errors: merge directive in a list, a new element without its key")
  void refusals() {
    assertThatThrownBy(
            () -> patch("{mergingList: [{name: 1}]}", "{mergingList: [{name: 1, $patch: merge}]}"))
        .isInstanceOf(StrategicMergePatch.Refused.class)
        .hasMessageContaining("merging lists cannot yet be specified in the patch");
    assertThatThrownBy(() -> patch("{mergingList: [{name: 1}]}", "{mergingList: [{value: 1}]}"))
        .hasMessageContaining("does not contain declared merge key: name");
  }

  @Test
  @DisplayName("the Deployment patch kubectl 1.35 makes: env reordered and deleted, retainKeys")
  void kubectlDeploymentPatch() {
    Map<String, Object> current =
        map(
            """
            spec:
              replicas: 1
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}
              template:
                spec:
                  containers:
                    - {name: app, image: "app:1", imagePullPolicy: IfNotPresent,
                       env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                    - {name: injected, image: proxy}
                  volumes: [{name: data, emptyDir: {}}]
            """);
    Map<String, Object> patch =
        map(
            """
            {"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"template":{"spec":{
             "$setElementOrder/containers":[{"name":"app"},{"name":"side"}],"$setElementOrder/volumes":[{"name":"data"}],
             "containers":[{"$setElementOrder/env":[{"name":"C"},{"name":"A"}],"env":[{"name":"C","value":"3"},{"$patch":"delete","name":"B"}],
                            "image":"app:2","name":"app"},{"image":"side:1","name":"side"}],
             "volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cfg"},"emptyDir":null,"name":"data"}]}}}}
            """);
    assertThat(StrategicMergePatch.apply(current, patch, Schema.of("Deployment")))
        .isEqualTo(
            map(
                """
                spec:
                  replicas: 1
                  strategy: {type: Recreate}
                  template:
                    spec:
                      containers:
                        - {name: app, image: "app:2", imagePullPolicy: IfNotPresent,
                           env: [{name: C, value: "3"}, {name: A, value: "1"}]}
                        - {name: side, image: "side:1"}
                        - {name: injected, image: proxy}
                      volumes: [{name: data, configMap: {name: cfg}}]
                """));
  }

  @Test
  @DisplayName("a Service's ports merge by port")
  void servicePortsByPort() {
    assertThat(
            StrategicMergePatch.apply(
                map("{spec: {ports: [{name: http, port: 80}, {name: https, port: 443}]}}"),
                map(
                    "{spec: {$setElementOrder/ports: [{port: 443}, {port: 8080}], ports: [{port: 80,"
                        + " $patch: delete}, {name: alt, port: 8080, targetPort: 80}]}}"),
                Schema.of("Service")))
        .isEqualTo(
            map(
                "{spec: {ports: [{name: https, port: 443}, {name: alt, port: 8080, targetPort: 80}]}}"));
  }

  private static void assertPatched(String original, String patch, String expected) {
    assertThat(patch(original, patch)).as(patch).isEqualTo(map(expected));
  }

  private static Map<String, Object> patch(String original, String patch) {
    return StrategicMergePatch.apply(map(original), map(patch), MERGE_ITEM);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String yaml) {
    // A leading "---" makes it YAML (fabric8 reads a text that starts with "{" as JSON).
    return YAML.unmarshal("---\n" + yaml, Map.class);
  }
}
