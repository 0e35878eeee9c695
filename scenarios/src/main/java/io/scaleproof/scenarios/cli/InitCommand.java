package io.scaleproof.scenarios.cli;

import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.scenarios.spec.Project;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code scaleproof init [DIR]}: a starter project a team edits into its own — the project file, a
 * pipeline (Collector, Jaeger, Prometheus and its rules, the zero-code tracing, one service and its
 * ScaledObject), the runtime table, one scenario and a README. It is {@code examples/shop}, the
 * example a test runs end to end, so the starter is known to pass as it is.
 */
@Command(
    name = "init",
    description = {
      "Write a starter project into DIR: a project file, a pipeline, one scenario and a README,"
          + " that runs as it is with ./scaleproof run --project DIR/scaleproof.yaml and that a"
          + " team edits into its own."
    })
final class InitCommand implements Callable<Integer> {
  /** The example's files the starter is made of; its Maven build stays with the example. */
  private static final List<String> STARTER =
      List.of("scaleproof.yaml", "runtimes.yaml", "deploy", "scaling");

  /** How the example's runtime table reaches scaleproof's sample service from inside the repo. */
  private static final String SAMPLE_APPS = "../../sample-apps/";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "where the project goes (default: the working directory)")
  Path directory;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path target = directory.toAbsolutePath().normalize();
    Path example = ProjectFiles.find("examples/shop");
    List<Path> existing = new ArrayList<>();
    for (String name : STARTER) {
      if (Files.exists(target.resolve(name))) {
        existing.add(target.resolve(name));
      }
    }
    if (!existing.isEmpty()) {
      err.println(
          "scaleproof init: "
              + existing
              + " already exist; nothing was written. Give an empty"
              + " or new DIR");
      return ScaleproofCommand.INVALID;
    }
    try {
      for (String name : STARTER) {
        copy(example.resolve(name), target.resolve(name));
      }
      // The starter's service is scaleproof's Node.js sample service, wherever the project lies.
      Path runtimes = target.resolve("runtimes.yaml");
      Path sampleApps = ProjectFiles.find("sample-apps");
      Files.writeString(
          runtimes, Files.readString(runtimes).replace(SAMPLE_APPS, sampleApps.toString() + "/"));
      Files.writeString(target.resolve("README.md"), readme(target));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the starter project into " + target, e);
    }
    out.println("scaleproof: a starter project in " + target + ":");
    out.println(
        "  " + Project.FILE_NAME + "   the pipeline, the service under test, the scenarios");
    out.println("  deploy/           the pipeline, as its Argo CD Application syncs it");
    out.println("  runtimes.yaml     how the embedded cluster runs the service's image");
    out.println("  scaling/ramp.yaml a scenario: a ramp past the p95 threshold, up and back down");
    out.println("Prove it as it is, then make it yours (README.md says how):");
    out.println("  ./scaleproof run ramp --project " + target.resolve(Project.FILE_NAME));
    return ScaleproofCommand.PASSED;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(file, target);
        }
      }
    }
  }

  private static String readme(Path target) {
    return """
        # Proving this pipeline's autoscaling

        `scaleproof.yaml` names the pipeline (`deploy/`, rendered as the Argo CD Application's path
        is), the service under test (the Deployment its ScaledObject scales, the Service and port
        the load goes to, and which trigger scales on latency), how the embedded cluster runs the
        service's image (`runtimes.yaml`) and where the scenarios are (`scaling/`).
        `./scaleproof run ramp --project %s` installs the pipeline through Git on the embedded
        cluster, drives the load, and judges whether the service scaled up within the SLO windows
        and back down. To make it yours: put your manifests in `deploy/` (or point `pipeline:` at
        them), name your services in `scaleproof.yaml`, map your images to the programs your build
        makes in `runtimes.yaml`, and derive each scenario's bounds from your service's capacity.
        `./scaleproof lint --project %s` checks the layers against each other in seconds.
        """
        .formatted(target.resolve(Project.FILE_NAME), target.resolve(Project.FILE_NAME));
  }
}
