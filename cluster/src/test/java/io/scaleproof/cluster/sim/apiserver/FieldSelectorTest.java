package io.scaleproof.cluster.sim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Field selectors as the API server takes them: what {@code kubectl describe} sends for events. */
class FieldSelectorTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @SuppressWarnings("unchecked")
  private static final Map<String, Object> EVENT =
      YAML.unmarshal(
          "---\n{metadata: {name: e1, namespace: default}, involvedObject: {kind: Deployment, name:"
              + " echo, namespace: default, uid: u-1}, reason: ScalingReplicaSet, type: Normal,"
              + " source: {component: deployment-controller}}",
          Map.class);

  @Test
  @DisplayName("describe's event selector, in any order of its terms")
  void describesEvents() {
    assertThat(
            FieldSelector.parse(
                    "involvedObject.uid=u-1,involvedObject.name=echo,involvedObject.namespace=default,involvedObject.kind=Deployment",
                    "Event")
                .matches(EVENT))
        .isTrue();
    assertThat(FieldSelector.parse("involvedObject.name=other", "Event").matches(EVENT)).isFalse();
    assertThat(
            FieldSelector.parse("type!=Warning,reason==ScalingReplicaSet", "Event").matches(EVENT))
        .isTrue();
    assertThat(FieldSelector.parse("source=deployment-controller", "Event").matches(EVENT))
        .isTrue();
  }

  @Test
  @DisplayName("a field the kind does not offer is refused with the API server's words")
  void unsupportedField() {
    assertThatThrownBy(() -> FieldSelector.parse("spec.replicas=2", "Deployment"))
        .hasMessage("field label not supported: spec.replicas");
    assertThat(FieldSelector.parse("metadata.name=echo", "Deployment").requirements()).hasSize(1);
  }

  @Test
  @DisplayName("the mock's own selection serves metadata.name and metadata.namespace only")
  void mockHandles() {
    assertThat(FieldSelector.mockHandles("")).isTrue();
    assertThat(FieldSelector.mockHandles("metadata.name=echo")).isTrue();
    assertThat(FieldSelector.mockHandles("metadata.name=echo,involvedObject.uid=1")).isFalse();
  }
}
