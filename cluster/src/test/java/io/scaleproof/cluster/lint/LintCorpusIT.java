package io.scaleproof.cluster.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken pipelines the way people write them (under {@code src/test/resources/lint}), each with the
 * findings lint must make in its {@code expected.txt}: the rule, the file and the field, no more
 * and no fewer. And what each output format carries.
 */
class LintCorpusIT {
  private static final Path CORPUS = ProjectFiles.find("cluster/src/test/resources/lint");

  static Stream<String> pipelines() throws IOException {
    try (Stream<Path> directories = Files.list(CORPUS)) {
      return directories
          .filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void findsWhatIsExpected(String pipeline) throws IOException {
    Path directory = CORPUS.resolve(pipeline);
    LintReport report = Lint.of(directory);
    List<String> expected =
        Files.readAllLines(directory.resolve("expected.txt")).stream()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .sorted()
            .toList();
    List<String> found =
        report.findings().stream()
            .map(f -> f.rule().id() + " " + directory.relativize(f.file()) + " " + f.field())
            .sorted()
            .toList();
    assertThat(found).as(report.text(directory)).isEqualTo(expected);
  }

  @Test
  @DisplayName("SARIF 2.1.0: every rule described, each finding a result on its file's line")
  void sarif() {
    Path directory = CORPUS.resolve("seconds-for-milliseconds");
    String sarif = Lint.of(directory).sarif(directory);
    assertThat(sarif)
        .contains("\"version\":\"2.1.0\"")
        .contains("\"name\":\"scaleproof-lint\"")
        .contains("\"id\":\"" + Rule.THRESHOLD_UNIT.id() + "\"")
        .contains("\"ruleId\":\"threshold-unit\"")
        .contains("\"uri\":\"pipeline.yaml\"")
        .contains("\"startLine\":137");
    for (Rule rule : Rule.values()) {
      assertThat(sarif).contains("\"id\":\"" + rule.id() + "\"");
    }
  }

  @Test
  @DisplayName("JSON: counts and each finding with its rule, severity, file, line and fix")
  void json() {
    Path directory = CORPUS.resolve("seconds-for-milliseconds");
    String json = Lint.of(directory).json(directory);
    assertThat(json)
        .contains("\"errors\":2", "\"warnings\":1")
        .contains("\"rule\":\"threshold-unit\"", "\"severity\":\"error\"", "\"line\":137")
        .contains("\"fix\":\"Write it in milliseconds: 300\"");
  }

  @Test
  @DisplayName("text: grouped by file, each finding with its line, rule, object, field and fix")
  void text() {
    Path directory = CORPUS.resolve("seconds-for-milliseconds");
    String text = Lint.of(directory).text(directory);
    assertThat(text)
        .startsWith("pipeline.yaml\n")
        .contains(
            "  137: error   threshold-unit  ScaledObject team/orders "
                + " spec.triggers[0].metadata.threshold\n"
                + "      a threshold of 0.3 against a latency in milliseconds: 0.3 ms, not 0.3 s\n"
                + "      fix: Write it in milliseconds: 300\n")
        .contains("2 errors, 1 warning; 1 files, 9 objects");
  }
}
