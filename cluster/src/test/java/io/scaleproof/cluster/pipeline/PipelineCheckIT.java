package io.scaleproof.cluster.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Pipeline.Check check =
        Pipeline.run(
            List.of("sh", "-c", "sleep 300 & echo $! > " + pidFile + "; echo checked; exit 3"));

    Optional<ProcessHandle> child =
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
    try {
      assertThat(child).as("the child, still running when the check has ended").isPresent();
      assertThat(child.get().isAlive()).isTrue();
      assertThat(check.passed()).as("exit code 3").isFalse();
      assertThat(check.output()).isEqualTo("checked");
    } finally {
      child.ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
