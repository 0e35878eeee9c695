package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The house rule on the size of a room, held against every module's main classes: a source file of
 * more than {@value #MOST_LINES} lines says in its class comment why it is one room ("Larger than
 * 300 lines because ..."), so that a reader meets either a class they can hold in mind or the
 * reason it could not be split (one upstream algorithm whose steps call each other, say).
 */
class ClassSizeTest {
  private static final int MOST_LINES = 300;
  private static final String REASON = "Larger than 300 lines because";
  private static final List<String> MODULES =
      List.of("cluster", "assertions", "reports", "scenarios", "sample-apps/java");

  @Test
  @DisplayName("a main class of more than 300 lines says why it is one room")
  void largeClassesSayWhy() {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> unexplained =
        MODULES.stream()
            .map(module -> root.resolve(module).resolve("src/main/java"))
            .filter(Files::isDirectory)
            .flatMap(ClassSizeTest::javaFiles)
            .filter(file -> lines(file).size() > MOST_LINES)
            .filter(file -> lines(file).stream().noneMatch(line -> line.contains(REASON)))
            .map(file -> root.relativize(file) + " (" + lines(file).size() + " lines)")
            .sorted()
            .toList();
    assertThat(unexplained)
        .as(
            "classes of more than %d lines whose comment does not say \"%s ...\": split them"
                + " by what they do, or write the reason",
            MOST_LINES, REASON)
        .isEmpty();
  }

  @Test
  @DisplayName("the rule reads the modules it names")
  void readsTheModules() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("cluster/src/main/java")).isDirectory();
    assertThat(root.resolve("scenarios/src/main/java")).isDirectory();
  }

  private static Stream<Path> javaFiles(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
