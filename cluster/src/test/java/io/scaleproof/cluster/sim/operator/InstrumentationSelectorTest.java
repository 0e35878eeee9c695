package io.scaleproof.cluster.sim.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstrumentationSelectorTest {
  private static final String JAVA = Language.JAVA.injectAnnotation();

  /** The operator's TestEffectiveAnnotationValue; a blank cell is no annotation. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "pod-true-overrides-ns, true, false, true",
    "ns-has-concrete-instance, true, some-instance, some-instance",
    "pod-has-concrete-instance, some-instance-from-pod, some-instance, some-instance-from-pod",
    "pod-has-explicit-false, false, some-instance, false",
    "pod-has-no-annotations, , some-instance, some-instance",
    "ns-has-no-annotations, true, , true"
  })
  void effectiveAnnotationValue(String name, String pod, String ns, String expected) {
    assertThat(InstrumentationSelector.annotationValue(annotations(ns), annotations(pod), JAVA))
        .isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "\"true\" takes the namespace's only Instrumentation; none or two is an error, as upstream")
  void trueNeedsExactlyOneInstance() throws Exception {
    Instrumentation one = named("shop", "default");
    Pod pod = annotated("true");

    assertThat(selector(List.of(one)).select(pod, "shop", Map.of()))
        .containsEntry(Language.JAVA, one);
    assertThatThrownBy(() -> selector(List.of()).select(pod, "shop", Map.of()))
        .hasMessage(InstrumentationSelector.NO_INSTANCES);
    assertThatThrownBy(
            () -> selector(List.of(one, named("shop", "other"))).select(pod, "shop", Map.of()))
        .hasMessage(InstrumentationSelector.MULTIPLE_INSTANCES);
  }

  @Test
  @DisplayName("a name selects in the pod's namespace, ns/name in another; false selects nothing")
  void namesSelectAcrossNamespaces() throws Exception {
    Instrumentation local = named("shop", "tracing");
    Instrumentation shared = named("observability", "shared");
    InstrumentationSelector selector = selector(List.of(local, shared));

    assertThat(selector.select(annotated("tracing"), "shop", Map.of()))
        .containsEntry(Language.JAVA, local);
    assertThat(selector.select(annotated("observability/shared"), "shop", Map.of()))
        .containsEntry(Language.JAVA, shared);
    assertThat(selector.select(annotated("false"), "shop", Map.of())).isEmpty();
    assertThatThrownBy(() -> selector.select(annotated("missing"), "shop", Map.of()))
        .hasMessageContaining("\"missing\" not found in namespace shop");
  }

  private static InstrumentationSelector selector(List<Instrumentation> all) {
    return new InstrumentationSelector(
        ns -> all.stream().filter(i -> i.namespace().equals(ns)).toList(),
        (ns, name) ->
            all.stream()
                .filter(i -> i.namespace().equals(ns) && i.name().equals(name))
                .findFirst()
                .orElse(null));
  }

  private static Instrumentation named(String namespace, String name) {
    return new Instrumentation(
        namespace,
        name,
        "http://collector:4318",
        List.of(),
        "",
        "",
        List.of(),
        Map.of(),
        false,
        false,
        Map.of());
  }

  private static Pod annotated(String value) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .addToAnnotations(JAVA, value)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .endContainer()
        .endSpec()
        .build();
  }

  private static Map<String, String> annotations(String value) {
    Map<String, String> map = new HashMap<>();
    if (value != null && !value.isBlank()) {
      map.put(JAVA, value);
    }
    return map;
  }
}
