package io.scaleproof.cluster.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kubernetes' own cases for {@code $(VAR)} expansion, from {@code
 * third_party/forked/golang/expansion/expand_test.go} (TestMapping and TestMapReference).
 */
class ExpansionTest {
  private static final Map<String, String> CONTEXT =
      Map.of("VAR_A", "A", "VAR_B", "B", "VAR_C", "C", "VAR_REF", "$(VAR_A)", "VAR_EMPTY", "");

  static Stream<Arguments> upstreamCases() {
    return Stream.of(
        Arguments.of("whole string", "$(VAR_A)", "A"),
        Arguments.of("repeat", "$(VAR_A)-$(VAR_A)", "A-A"),
        Arguments.of("beginning", "$(VAR_A)-1", "A-1"),
        Arguments.of("middle", "___$(VAR_B)___", "___B___"),
        Arguments.of("end", "___$(VAR_C)", "___C"),
        Arguments.of("compound", "$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"),
        Arguments.of("escape & expand", "$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A"),
        Arguments.of("compound escape", "$$(VAR_A)_$$(VAR_B)", "$(VAR_A)_$(VAR_B)"),
        Arguments.of("mixed in escapes", "f000-$$VAR_A", "f000-$VAR_A"),
        Arguments.of("backslash escape ignored", "foo\\$(VAR_C)bar", "foo\\Cbar"),
        Arguments.of("backslash escape ignored (2)", "foo\\\\$(VAR_C)bar", "foo\\\\Cbar"),
        Arguments.of("lots of backslashes", "foo\\\\\\\\$(VAR_A)bar", "foo\\\\\\\\Abar"),
        Arguments.of("nested var references", "$(VAR_A$(VAR_B))", "$(VAR_A$(VAR_B))"),
        Arguments.of("nested var references second type", "$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)"),
        Arguments.of("value is a reference", "$(VAR_REF)", "$(VAR_A)"),
        Arguments.of(
            "value is a reference x 2", "%%$(VAR_REF)--$(VAR_REF)%%", "%%$(VAR_A)--$(VAR_A)%%"),
        Arguments.of("empty var", "foo$(VAR_EMPTY)bar", "foobar"),
        Arguments.of("unterminated expression", "foo$(VAR_Awhoops!", "foo$(VAR_Awhoops!"),
        Arguments.of("expression without operator", "f00__(VAR_A)__", "f00__(VAR_A)__"),
        Arguments.of("shell special vars pass through", "$?_boo_$!", "$?_boo_$!"),
        Arguments.of("bare operators are ignored", "$VAR_A", "$VAR_A"),
        Arguments.of("undefined vars are passed through", "$(VAR_DNE)", "$(VAR_DNE)"),
        Arguments.of(
            "multiple (even) operators, var undefined", "$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)"),
        Arguments.of("multiple (even) operators, var defined", "$$$$$$(VAR_A)", "$$$(VAR_A)"),
        Arguments.of(
            "multiple (odd) operators, var undefined", "$$$$$$$(GOOD_ODDS)", "$$$$(GOOD_ODDS)"),
        Arguments.of("multiple (odd) operators, var defined", "$$$$$$$(VAR_A)", "$$$A"),
        Arguments.of("missing open expression", "$VAR_A)", "$VAR_A)"),
        Arguments.of("shell syntax ignored", "${VAR_A}", "${VAR_A}"),
        Arguments.of(
            "trailing incomplete expression not consumed", "$(VAR_B)_______$(A", "B_______$(A"),
        Arguments.of(
            "trailing incomplete expression, no content, is not consumed",
            "$(VAR_C)_______$(",
            "C_______$("),
        Arguments.of(
            "operator at end of input string is preserved", "$(VAR_A)foobarzab$", "Afoobarzab$"),
        Arguments.of("shell escaped incomplete expr", "foo-\\$(VAR_A", "foo-\\$(VAR_A"),
        Arguments.of("lots of $( in middle", "--$($($($($--", "--$($($($($--"),
        Arguments.of("lots of $( in beginning", "$($($($($--foo$(", "$($($($($--foo$("),
        Arguments.of("lots of $( at end", "foo0--$($($($(", "foo0--$($($($("),
        Arguments.of(
            "escaped operators in variable names are not escaped", "$(foo$$var)", "$(foo$$var)"),
        Arguments.of("newline not expanded", "\n", "\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamCases")
  void expandsAsKubernetesDoes(String name, String input, String expected) {
    assertThat(Expansion.expand(input, CONTEXT)).isEqualTo(expected);
  }

  @Test
  @DisplayName("each env value expands against the values resolved before it (TestMapReference)")
  void chainsReferencesThroughEarlierValues() {
    List<String[]> envs =
        List.of(
            new String[] {"FOO", "bar"},
            new String[] {"ZOO", "$(FOO)-1"},
            new String[] {"BLU", "$(ZOO)-2"});
    Map<String, String> declared = new LinkedHashMap<>();
    envs.forEach(env -> declared.put(env[0], env[1]));

    for (String[] env : envs) {
      declared.put(env[0], Expansion.expand(env[1], declared));
    }

    assertThat(declared).isEqualTo(Map.of("FOO", "bar", "ZOO", "bar-1", "BLU", "bar-1-2"));
  }
}
