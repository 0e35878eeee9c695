package io.scaleproof.scenarios.cli;

import io.scaleproof.cluster.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code scaleproof}: the main job. {@code run} proves a scenario on a cluster; {@code lint} checks
 * the pipeline's layers against each other without one; {@code scenarios} lists the ones shipped;
 * {@code report} makes the HTML report of runs; {@code images} lists what the k3s backend needs
 * preloaded; {@code tune} sweeps thresholds and timers on the virtual clock. Exit codes: 0 every
 * expectation held, 1 one failed, 2 bad input or a pipeline that could not be brought up.
 */
@Command(
    name = "scaleproof",
    mixinStandardHelpOptions = true,
    version = "scaleproof 0.1.0",
    description = "Proves that autoscaling on p95 latency works, before production.",
    subcommands = {
      RunCommand.class,
      InitCommand.class,
      LintCommand.class,
      ScenariosCommand.class,
      ReportCommand.class,
      ImagesCommand.class,
      TuneCommand.class
    })
public final class ScaleproofCommand implements Runnable {
  /** Every expectation held. */
  static final int PASSED = 0;

  /** An expectation failed. */
  static final int FAILED = 1;

  /** Bad input, or a pipeline that could not be brought up: nothing was judged. */
  static final int INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line; the exit code. */
  public static int execute(String... args) {
    CommandLine commandLine =
        new CommandLine(new ScaleproofCommand())
            .setExitCodeExceptionMapper(error -> INVALID)
            .setExecutionExceptionHandler(
                (error, failed, parsed) -> {
                  if (!(error instanceof InvalidInputException)) {
                    throw error;
                  }
                  failed.getErr().println("scaleproof: " + error.getMessage());
                  return INVALID;
                })
            .setParameterExceptionHandler(
                (error, arguments) -> {
                  error.getCommandLine().getErr().println("scaleproof: " + error.getMessage());
                  error.getCommandLine().usage(error.getCommandLine().getErr());
                  return INVALID;
                });
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "give a command: run, init, lint, scenarios, report, images or tune");
  }
}
