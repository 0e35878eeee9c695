package io.scaleproof.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** RFC 7386, Appendix A: every example, target + patch = result. */
  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"a":"b"}              | {"a":"c"}                      | {"a":"c"}
          {"a":"b"}              | {"b":"c"}                      | {"a":"b","b":"c"}
          {"a":"b"}              | {"a":null}                     | {}
          {"a":"b","b":"c"}      | {"a":null}                     | {"b":"c"}
          {"a":["b"]}            | {"a":"c"}                      | {"a":"c"}
          {"a":"c"}              | {"a":["b"]}                    | {"a":["b"]}
          {"a":{"b":"c"}}        | {"a":{"b":"d","c":null}}       | {"a":{"b":"d"}}
          {"a":[{"b":"c"}]}      | {"a":[1]}                      | {"a":[1]}
          ["a","b"]              | ["c","d"]                      | ["c","d"]
          {"a":"b"}              | ["c"]                          | ["c"]
          {"a":"foo"}            | null                           | null
          {"a":"foo"}            | "bar"                          | "bar"
          {"e":null}             | {"a":1}                        | {"e":null,"a":1}
          [1,2]                  | {"a":"b","c":null}             | {"a":"b"}
          {}                     | {"a":{"bb":{"ccc":null}}}      | {"a":{"bb":{}}}
          """)
  void appliesRfc7386Examples(String target, String patch, String result) {
    assertThat(MergePatch.apply(parse(target), parse(patch))).isEqualTo(parse(result));
  }

  @ParameterizedTest(name = "diff({0}, {1}) applied to {0} gives {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"a":"b","c":{"d":1,"e":2}}   | {"a":"b","c":{"d":1}}
          {"spec":{"replicas":2}}       | {"spec":{"replicas":3,"paused":true}}
          {"list":[1,2,3]}              | {"list":[3]}
          {"gone":{"deep":true}}        | {}
          """)
  void diffIsTheInverseOfApply(String original, String modified) {
    Map<?, ?> before = (Map<?, ?>) parse(original);
    Map<?, ?> after = (Map<?, ?>) parse(modified);

    assertThat(MergePatch.apply(before, MergePatch.diff(before, after))).isEqualTo(after);
  }

  private static Object parse(String json) {
    return JSON.unmarshal(json, Object.class);
  }
}
