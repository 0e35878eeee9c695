package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scenarios scaleproof ships with, in {@code scenarios/specs/}, or those of a project's
 * scenario directory, and how a name finds one.
 */
public final class ShippedScenarios {
  private ShippedScenarios() {}

  /** The directory of the shipped scenarios. */
  public static Path directory() {
    return ProjectFiles.find("scenarios/specs");
  }

  /** Every shipped scenario, by name. */
  public static List<Scenario> all() {
    return all(directory());
  }

  /** Every scenario of a project's scenario directory, by file name; none when it has none. */
  public static List<Scenario> all(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".yaml"))
          .sorted()
          .map(ScenarioFile::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The scenario a command line names: a YAML file's path, or the name of a shipped one.
   *
   * @throws InvalidInputException when it is neither
   */
  public static Scenario find(String nameOrFile) {
    return find(nameOrFile, directory());
  }

  /**
   * The scenario a command line names: a YAML file's path, or the name of one in {@code directory}
   * (a project's scenarios).
   *
   * @throws InvalidInputException when it is neither
   */
  public static Scenario find(String nameOrFile, Path directory) {
    Path file = Path.of(nameOrFile);
    if (Files.isRegularFile(file)) {
      return ScenarioFile.read(file);
    }
    Path shipped = directory.resolve(nameOrFile + ".yaml");
    if (!nameOrFile.contains("/") && Files.isRegularFile(shipped)) {
      return ScenarioFile.read(shipped);
    }
    throw new InvalidInputException(
        file.toAbsolutePath(),
        "SCENARIO",
        "is neither a scenario file nor a scenario of " + directory,
        "Give a YAML file, or one of "
            + all(directory).stream().map(Scenario::name).toList()
            + " (./scaleproof scenarios lists them)");
  }
}
