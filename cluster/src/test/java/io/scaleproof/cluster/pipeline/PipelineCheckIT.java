package io.scaleproof.cluster.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the pipeline's checks (otelcol validate, promtool) are run. */
class PipelineCheckIT {
  @TempDir Path directory;

  @Test
  @DisplayName("a check ends when its program does, even while a child of it keeps the output open")
  void endsWithTheProgramNotItsOutput() throws IOException {
    Path pidFile = directory.resolve("child.pid");
    // The program leaves a child behind that inherits its output and outlives it.
    PipelineValidator.Check check =
        PipelineValidator.run(
            List.of("sh", "-c", "sleep 300 & echo $! > " + pidFile + "; echo checked; exit 3"),
            PipelineValidator.CHECK_TIMEOUT);

    Optional<ProcessHandle> child =
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
    try {
      assertThat(child).as("the child, still running when the check has ended").isPresent();
      assertThat(child.get().isAlive()).isTrue();
      assertThat(check.passed()).as("exit code 3").isFalse();
      assertThat(check.timedOut()).isFalse();
      assertThat(check.output()).isEqualTo("checked");
    } finally {
      child.ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @DisplayName(
      "a program that never finishes, its output open, is stopped with its children at the timeout")
  void stopsAProgramThatNeverFinishes() throws IOException {
    Path pidFile = directory.resolve("child.pid");
    // A "tool" that starts checking, then hangs with its output open (and a child holding it too).
    Path tool = directory.resolve("hanging-tool");
    Files.writeString(
        tool, "#!/bin/sh\necho checking\nsleep 300 &\necho $! > " + pidFile + "\nwait\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));

    PipelineValidator.Check check =
        PipelineValidator.run(
            List.of(tool.toString(), "validate", "--config=collector.yaml"), Duration.ofSeconds(2));

    assertThat(check.timedOut()).as("stopped at the timeout").isTrue();
    assertThat(check.passed()).isFalse();
    assertThat(check.output())
        .startsWith(
            tool + " validate --config=collector.yaml did not finish within 2 s and was stopped");
    // The child, if the script got as far as starting it, went with the program.
    Optional<ProcessHandle> child =
        Files.exists(pidFile)
            ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
            : Optional.empty();
    try {
      child.ifPresent(
          running ->
              await("the tool's child stopped with it")
                  .atMost(Duration.ofSeconds(10))
                  .untilAsserted(
                      () -> assertThat(running.isAlive()).as("the child alive").isFalse()));
    } finally {
      child.ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @DisplayName("a program that does not finish is a refusal that names it and says what to do")
  void aProgramThatDoesNotFinishIsRefusedWithWhatToDo() throws IOException {
    Path tool = directory.resolve("otelcol-scaleproof");
    Files.writeString(tool, "#!/bin/sh\nsleep 300\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));

    // The refusal's text, as validate() puts it after the file and the object.
    Optional<Refusal> refusal =
        PipelineValidator.verdict(
            "spec.config",
            "the OpenTelemetry Collector rejects it: ",
            List.of(tool.toString(), "validate"),
            Duration.ofSeconds(1));

    assertThat(refusal).isPresent();
    assertThat(refusal.get().field()).isEqualTo("spec.config");
    assertThat(refusal.get().message())
        .startsWith(tool + " validate did not finish within 1 s")
        .doesNotContain("rejects it");
    assertThat(refusal.get().fix()).contains("run it by hand on the object's spec.config");
  }
}
