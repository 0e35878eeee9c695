package io.scaleproof.scenarios.junit;

import io.qameta.allure.Allure;
import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.Backend;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.ProjectFile;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import io.scaleproof.scenarios.spec.Timers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * scaleproof in a team's own JUnit 5 build: the whole run of a project's scenario from a test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Scaleproof scaleproof = Scaleproof.project(Path.of("scaleproof.yaml"));
 *
 * @Test
 * void checkoutScalesOnP95() {
 *   RunOutcome ramp = scaleproof.run("ramp");
 *   assertThat(ramp).holdsItsExpectations();
 *   assertThat(ramp).service("checkout").whenP95Exceeds(200).scalesUp()
 *       .decisionWithin(Duration.ofSeconds(20));
 * }
 * }</pre>
 *
 * <p>The project is read and its chain followed before the first test ({@link BeforeAllCallback}):
 * a broken project fails the class with the file and the field. The cluster and the pipeline come
 * up at the first {@link #run} and serve every run of the class with the same timers, each run
 * leaving the pipeline as it found it; they are closed after the class ({@link AfterAllCallback}),
 * passed or failed. The backend is the one the system properties name ({@code
 * -Dscaleproof.backend=sim}, the default; see {@link Backend#fromSystemProperties()}) unless {@link
 * #withBackend} sets one.
 *
 * <p>Each run's files (summary, timeline, chart, queries, objects, failed pods' logs, Gatling's
 * report) go to {@code target/scaleproof/<class>/<test>-<scenario>}. With allure-junit5 in the
 * build, the run's phases, expectations and files are added to the test's Allure result; without
 * it, the run's own results go to {@code target/allure-results} (or {@code
 * allure.results.directory}). When a test fails its run directories are printed, and the cluster's
 * evidence is kept as the backend keeps it, like the Java Operator SDK's {@code
 * preserveNamespaceOnError}.
 */
public final class Scaleproof
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final Path projectFile;
  private final Backend backend;
  private final Path runs;
  private ProjectPipeline subject;
  private PipelineSession session;
  private String currentTest = "run";
  private final List<Path> runsOfThisTest = new ArrayList<>();

  private Scaleproof(Path projectFile, Backend backend, Path runs) {
    this.projectFile = Objects.requireNonNull(projectFile, "projectFile");
    this.backend = backend;
    this.runs = Objects.requireNonNull(runs, "runs");
  }

  /** The project of {@code projectFile} (a {@code scaleproof.yaml}), on the default backend. */
  public static Scaleproof project(Path projectFile) {
    return new Scaleproof(projectFile, null, Path.of("target", "scaleproof"));
  }

  /** On {@code backend} instead of the one the system properties name. */
  public Scaleproof withBackend(Backend backend) {
    return new Scaleproof(projectFile, Objects.requireNonNull(backend, "backend"), runs);
  }

  /** Each run's files under {@code directory} instead of {@code target/scaleproof}. */
  public Scaleproof withRunsDirectory(Path directory) {
    return new Scaleproof(projectFile, backend, directory);
  }

  /** The project, read with its pipeline and each service's chain. */
  public ProjectPipeline subject() {
    if (subject == null) {
      subject = ProjectPipeline.load(ProjectFile.read(projectFile));
    }
    return subject;
  }

  /**
   * Runs the project's scenario {@code name} (a file of its scenarios directory, or a path) and
   * returns what it found; whether its expectations held is for the test to assert.
   *
   * @throws io.scaleproof.cluster.InvalidInputException when the scenario does not fit the project
   * @throws io.scaleproof.scenarios.run.PipelineNotReadyException when the pipeline did not come up
   *     or could not be put back
   */
  public RunOutcome run(String name) {
    Scenario scenario = ShippedScenarios.find(name, subject().project().scenarios());
    subject().check(scenario);
    Path directory = runs.resolve(currentTest + "-" + scenario.name()).toAbsolutePath().normalize();
    runsOfThisTest.add(directory);
    RunOutcome outcome =
        ScenarioRunner.run(
            scenario, directory, Progress.to(System.out), session(scenario.timers()));
    RunFiles.write(outcome);
    if (Allure.getLifecycle().getCurrentTestCase().isPresent()) {
      // allure-junit5 records the test: the run's phases, expectations and files go into it.
      AllureResults.addToCurrentTest(outcome);
    } else {
      AllureResults.write(
          outcome,
          Path.of(System.getProperty("allure.results.directory", "target/allure-results")));
    }
    return outcome;
  }

  /** The session for runs with {@code timers}: the class's, or a new one when the timers differ. */
  private PipelineSession session(Timers timers) {
    if (session != null && (session.timers() != timers || session.notAsFound().isPresent())) {
      session.close();
      session = null;
    }
    if (session == null) {
      Backend chosen = backend != null ? backend : Backend.fromSystemProperties();
      session =
          PipelineSession.open(
              subject(),
              chosen,
              timers,
              runs.resolve("cluster-" + timers.name().toLowerCase(java.util.Locale.ROOT))
                  .toAbsolutePath(),
              Progress.to(System.out));
    }
    return session;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    subject();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    currentTest =
        context.getRequiredTestClass().getSimpleName()
            + "/"
            + context.getRequiredTestMethod().getName();
    runsOfThisTest.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && !runsOfThisTest.isEmpty()) {
      System.err.println(
          "scaleproof: "
              + context.getDisplayName()
              + " failed; the evidence of its runs (summary, timeline, objects, failed pods' logs):"
              + " "
              + runsOfThisTest);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
