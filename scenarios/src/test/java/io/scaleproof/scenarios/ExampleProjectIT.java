package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.scenarios.cli.ScaleproofCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example team's repository ({@code examples/shop}) proven through the command line, as a team
 * runs {@code ./scaleproof run ramp --project examples/shop/scaleproof.yaml}: its own pipeline,
 * names, rules and triggers, none of them scaleproof's. The same example's own {@code mvn verify}
 * runs it through the JUnit extension. Nightly: a cluster, a pipeline and four minutes of load.
 */
@Tag("nightly")
class ExampleProjectIT {
  @TempDir Path directory;

  @Test
  @DisplayName(
      "examples/shop: ramp through the command line, exit 0, its triggers' queries sampled")
  void exampleProjectPasses() throws IOException {
    Path project = ProjectFiles.find("examples/shop/scaleproof.yaml");
    Path run = directory.resolve("run");

    int exit =
        ScaleproofCommand.execute(
            "run",
            "ramp",
            "--project",
            project.toString(),
            "--out",
            run.toString(),
            "--history",
            directory.resolve("history.csv").toString());

    JsonNode summary = JsonMapper.builder().build().readTree(run.resolve("summary.json").toFile());
    assertThat(exit).as("the run's verdict: %s", summary.path("expectations")).isZero();
    assertThat(summary.path("services").has("checkout")).isTrue();
    assertThat(Files.readString(run.resolve("queries.txt")))
        .as("the latency and rate triggers' own queries, as KEDA asks them")
        .contains("max(shop:request_latency_p95_ms:1m{service_name=\"checkout\"})")
        .contains("sum(shop:requests_per_second:1m{service_name=\"checkout\"})");
    assertThat(Files.readString(run.resolve("objects.yaml")))
        .contains("name: \"checkout-autoscaling\"")
        .contains("name: \"keda-hpa-checkout-autoscaling\"");
  }
}
