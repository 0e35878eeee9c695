package io.scaleproof.cluster.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerCommandTest {
  private static final RuntimeImage IMAGE =
      new RuntimeImage("app", List.of("/ep-1"), List.of("foo", "bar"), null, Map.of(), Map.of());

  /**
   * The table of "Define a Command and Arguments for a Container" in the Kubernetes documentation:
   * image ENTRYPOINT [/ep-1] and CMD [foo bar].
   */
  @ParameterizedTest(name = "command [{0}] args [{1}] runs [{2}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
                      |          | /ep-1 foo bar
          /ep-2       |          | /ep-2
                      | zoo boo  | /ep-1 zoo boo
          /ep-2       | zoo boo  | /ep-2 zoo boo
          """)
  void combinesCommandAndArgsWithTheImage(String command, String args, String runs) {
    assertThat(ContainerCommand.argv(IMAGE, words(command), words(args), Map.of()))
        .isEqualTo(words(runs));
  }

  @ParameterizedTest(name = "[{0}] with VAR=value runs [{1}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          echo $(VAR)       | echo value
          echo $$(VAR)      | echo $(VAR)
          echo $(MISSING)   | echo $(MISSING)
          """)
  void expandsReferencesInCommandAndArgs(String command, String runs) {
    List<String> argv =
        ContainerCommand.argv(IMAGE, words(command), List.of(), Map.of("VAR", "value"));

    assertThat(argv).isEqualTo(words(runs));
  }

  private static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
  }
}
