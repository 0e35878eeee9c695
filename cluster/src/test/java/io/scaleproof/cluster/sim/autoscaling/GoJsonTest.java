package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KEDA's typed trigger config decodes a float64 parameter with Go's {@code json.Unmarshal}. The
 * expected texts are what Go's {@code encoding/json} printed for each input (go1.26, {@code var f
 * float64; json.Unmarshal([]byte(strings.TrimSpace(in)), &f)}).
 */
class GoJsonTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          150  | 150
          1e3  | 1000
          -5   | -5
          0.25 | 0.25
          null | 0
          """)
  void numbers(String input, double expected) throws Exception {
    assertThat(GoJson.float64(input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          abc   | invalid character 'a' looking for beginning of value
          100m  | invalid character 'm' after top-level value
          10x   | invalid character 'x' after top-level value
          -     | invalid character ' ' in numeric literal
          -a    | invalid character 'a' in numeric literal
          1.    | invalid character ' ' after decimal point in numeric literal
          1.a   | invalid character 'a' after decimal point in numeric literal
          1e    | invalid character ' ' in exponent of numeric literal
          1ea   | invalid character 'a' in exponent of numeric literal
          01    | invalid character '1' after top-level value
          1 2   | invalid character '2' after top-level value
          true  | json: cannot unmarshal bool into Go value of type float64
          "5"   | json: cannot unmarshal string into Go value of type float64
          1e400 | json: cannot unmarshal number 1e400 into Go value of type float64
          +5    | invalid character '+' looking for beginning of value
          .5    | invalid character '.' looking for beginning of value
          {}    | json: cannot unmarshal object into Go value of type float64
          [1]   | json: cannot unmarshal array into Go value of type float64
          '5'   | invalid character '\\'' looking for beginning of value
          """)
  void errors(String input, String message) {
    assertThatThrownBy(() -> GoJson.float64(input))
        .isInstanceOf(GoJson.SyntaxError.class)
        .hasMessage(message);
  }
}
