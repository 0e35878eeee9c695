package io.scaleproof.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program run to its end within a bound. Its output goes to a file, read once the program is
 * gone: reading a pipe to its end first would wait for as long as the program (or a child of it)
 * keeps the pipe open, and the bound could never hold. At the bound the program and every process
 * it started are stopped.
 */
public final class BoundedProcess {
  private BoundedProcess() {}

  /**
   * How the program ended: within the bound (with its exit code) or stopped at it; what it printed,
   * stdout and stderr together, stripped.
   */
  public record Result(boolean finished, int exitCode, String output) {
    public boolean succeeded() {
      return finished && exitCode == 0;
    }
  }

  /** Runs {@code builder}'s program with no input, to its end or {@code timeout}. */
  public static Result run(ProcessBuilder builder, Duration timeout)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("scaleproof-process", ".log");
    try {
      Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
      process.getOutputStream().close();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        destroyTree(process);
      }
      return new Result(
          finished,
          finished ? process.exitValue() : -1,
          Files.readString(output, StandardCharsets.UTF_8).strip());
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * Stops the program and every process it started: the children are listed first, since once their
   * parent is gone they are no longer its descendants.
   */
  public static void destroyTree(Process process) throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.waitFor();
  }
}
