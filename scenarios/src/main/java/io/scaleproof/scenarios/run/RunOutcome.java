package io.scaleproof.scenarios.run;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.scenarios.spec.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run found: the recorded timeline, each expectation judged, each service's figures, and
 * where its files are.
 *
 * @param scenario the scenario that ran
 * @param backend the cluster backend it ran on
 * @param recorded the timeline the expectations were judged on
 * @param expectations each expectation and whether it held
 * @param figures each service's figures
 * @param directory the run's directory (summary, timeline, Gatling report, cluster files)
 * @param loadReport Gatling's HTML report, when it wrote one
 * @param phases the run's phases, in order
 * @param queries the PromQL the run sampled, as {@code queries.txt} keeps it
 */
public record RunOutcome(
    Scenario scenario,
    String backend,
    RecordedRun recorded,
    List<Expectation> expectations,
    Map<String, ServiceFigures> figures,
    Path directory,
    Optional<Path> loadReport,
    List<Phase> phases,
    String queries) {
  public RunOutcome {
    expectations = List.copyOf(expectations);
    phases = List.copyOf(phases);
    figures = Map.copyOf(figures);
  }

  /** Whether every expectation held. */
  public boolean passed() {
    return expectations.stream().allMatch(Expectation::passed);
  }
}
