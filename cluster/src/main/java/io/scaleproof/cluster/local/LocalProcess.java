package io.scaleproof.cluster.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One program of the local backend, running: its output in a log file of the run, stopped the way a
 * kubelet stops a static pod (SIGTERM, the grace period, then SIGKILL), with whatever it started
 * itself.
 */
final class LocalProcess implements AutoCloseable {
  private static final int TAIL_LINES = 20;

  private final String name;
  private final Process process;
  private final Path log;
  private final Duration grace;

  private LocalProcess(String name, Process process, Path log, Duration grace) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.grace = grace;
  }

  /**
   * Starts {@code command} with only {@code env} in its environment, its output appended to {@code
   * log}.
   */
  static LocalProcess start(
      String name, List<String> command, Map<String, String> env, Path log, Duration grace) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.directory(log.getParent().toFile());
    try {
      return new LocalProcess(name, builder.start(), log, grace);
    } catch (IOException e) {
      throw new ComponentFailedException(
          name,
          "could not be started: " + e.getMessage(),
          "",
          "Check that " + command.get(0) + " exists and is executable");
    }
  }

  String name() {
    return name;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The exit code, if the program has ended. */
  java.util.OptionalInt exitCode() {
    return process.isAlive()
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(process.exitValue());
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** The last lines of the program's log, for an error that names it. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(its log " + log + " cannot be read: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then SIGKILL after the grace period; its own children too. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
