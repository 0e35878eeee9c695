package io.scaleproof.scenarios;

import io.scaleproof.cluster.BackendUnavailableException;
import io.scaleproof.scenarios.run.Backend;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a suite's scenario on the backend the build asks for ({@code -Dscaleproof.backend}, see
 * {@link Backend#fromSystemProperties()}). A backend that cannot run here (k3s without Docker)
 * reports the test as skipped, with the reason; it is never counted as passed.
 */
final class SuiteBackend {
  private SuiteBackend() {}

  static RunOutcome run(Scenario scenario, Path directory) {
    Backend backend = Backend.fromSystemProperties();
    try {
      return ScenarioRunner.run(scenario, directory, Progress.to(System.out), backend);
    } catch (BackendUnavailableException e) {
      System.out.println("skipped on backend " + backend.name() + ": " + e.getMessage());
      Assumptions.abort("backend " + backend.name() + " cannot run here: " + e.getMessage());
      throw e;
    }
  }
}
