package io.scaleproof.scenarios.cli;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.lint.Lint;
import io.scaleproof.cluster.lint.LintReport;
import io.scaleproof.cluster.provision.ProvisioningException;
import io.scaleproof.cluster.provision.Tools;
import io.scaleproof.scenarios.spec.Project;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scaleproof lint [DIR] [--format text|json|sarif]}: the pipeline's layers checked against
 * each other in seconds, no cluster started. Exit 0 when clean (warnings allowed), 1 on an
 * error-level finding, 2 when the pipeline cannot be read.
 */
@Command(
    name = "lint",
    description =
        "Check the pipeline's layers against each other (Instrumentation, Collector, Prometheus,"
            + " rules, triggers, Argo CD), in seconds, before any cluster starts.")
final class LintCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "DIR",
      description =
          "the pipeline: a kustomization or a directory of manifests (default: the project's)")
  Path directory;

  @Option(
      names = "--project",
      paramLabel = "FILE",
      description =
          "the project whose pipeline is linted (default: scaleproof.yaml in the working"
              + " directory, else scaleproof's own)")
  Path projectFile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default, grouped by file), json, or sarif (SARIF 2.1.0, for code scanning)")
  String format;

  @Option(
      names = "--build-tools",
      description =
          "build the Collector and Prometheus tools if they are not yet, so that otelcol validate"
              + " and promtool check rules run too (about 20 minutes the first time)")
  boolean buildTools;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!List.of("text", "json", "sarif").contains(format)) {
      err.println("scaleproof lint: --format: '" + format + "' is not one of text, json, sarif");
      return ScaleproofCommand.INVALID;
    }
    Path pipeline;
    try {
      pipeline =
          directory != null
              ? directory
              : Project.find(projectFile, Path.of("").toAbsolutePath()).pipeline();
    } catch (InvalidInputException e) {
      err.println("scaleproof lint: " + e.getMessage());
      return ScaleproofCommand.INVALID;
    }
    if (!Files.isDirectory(pipeline)) {
      err.println(
          "scaleproof lint: " + pipeline + ": is not a directory; give the pipeline's directory");
      return ScaleproofCommand.INVALID;
    }
    LintReport report;
    try {
      report =
          Lint.of(pipeline, Tools.load(ProjectFiles.find("cluster/tools/tools.yaml")), buildTools);
    } catch (ProvisioningException e) {
      err.println("scaleproof lint: " + e.getMessage());
      return ScaleproofCommand.INVALID;
    }
    Path base = Path.of("").toAbsolutePath();
    out.print(
        switch (format) {
          case "json" -> report.json(base);
          case "sarif" -> report.sarif(base);
          default -> report.text(base);
        });
    out.flush();
    return report.hasErrors() ? ScaleproofCommand.FAILED : ScaleproofCommand.PASSED;
  }
}
