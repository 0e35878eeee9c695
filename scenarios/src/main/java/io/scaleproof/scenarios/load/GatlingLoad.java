package io.scaleproof.scenarios.load;

import io.gatling.app.Gatling$;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs {@link ScalingLoadSimulation} in this JVM, as {@code gatling:test} would in a separate step,
 * and keeps its HTML report under the run's directory. One run at a time per JVM.
 */
public final class GatlingLoad {
  private GatlingLoad() {}

  /**
   * The outcome: Gatling's status (0 when the simulation ran) and where its report is.
   *
   * @param status Gatling's exit status
   * @param report the report's {@code index.html}, when Gatling wrote one
   */
  public record Result(int status, Optional<Path> report) {}

  /** Runs {@code plan} to its end; blocks until the last request has answered or timed out. */
  public static Result run(LoadPlan plan, Path resultsFolder, String description) {
    try {
      Files.createDirectories(resultsFolder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + resultsFolder, e);
    }
    NoReleaseCheck.record();
    LoadPlan.begin(plan);
    try {
      int status =
          Gatling$.MODULE$.fromArgs(
              new String[] {
                "--simulation",
                ScalingLoadSimulation.class.getName(),
                "--results-folder",
                resultsFolder.toString(),
                "--run-description",
                description,
                "--launcher",
                "scaleproof"
              });
      return new Result(status, report(resultsFolder));
    } finally {
      LoadPlan.end();
    }
  }

  private static Optional<Path> report(Path resultsFolder) {
    try (Stream<Path> files = Files.walk(resultsFolder, 2)) {
      return files.filter(file -> file.getFileName().toString().equals("index.html")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
