package io.scaleproof.scenarios.cli;

import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scaleproof scenarios}: a line per shipped scenario. */
@Command(name = "scenarios", description = "List the scenarios scaleproof ships with.")
final class ScenariosCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    for (Scenario scenario : ShippedScenarios.all()) {
      out.printf(
          "%-17s %s (load: %s)%n",
          scenario.name(), scenario.description(), scenario.load().describe());
    }
    out.println("(files in " + ShippedScenarios.directory() + ")");
    return ScaleproofCommand.PASSED;
  }
}
