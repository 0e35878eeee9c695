package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.assertions.ServiceTimeline;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.Timers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scaleproof tune}, start to end: calibrate each service of the scenario from a recorded
 * run, replay the run on the twin and hold it against what happened, then sweep the settings on the
 * virtual clock and recommend. Everything that can be refused is refused in {@link #prepare},
 * before a file is written.
 */
public final class Tune {
  private final ProjectPipeline subject;
  private final RunRecord run;
  private final Tuning replay;
  private final Tuning sweep;
  private final List<Vary> varies;
  private final int seeds;
  private final Map<String, Integer> maxReplicasSeen;
  private final String loadFlag;

  private Tune(
      ProjectPipeline subject,
      RunRecord run,
      Tuning replay,
      Tuning sweep,
      List<Vary> varies,
      int seeds,
      Map<String, Integer> maxReplicasSeen,
      String loadFlag) {
    this.subject = subject;
    this.run = run;
    this.replay = replay;
    this.sweep = sweep;
    this.varies = varies;
    this.seeds = seeds;
    this.maxReplicasSeen = maxReplicasSeen;
    this.loadFlag = loadFlag;
  }

  /**
   * Reads the run, checks it against the scenario, calibrates every service and checks that each
   * setting of the sweep makes a ScaledObject KEDA accepts.
   *
   * @throws InvalidInputException naming the file and field: a run of another scenario, a run that
   *     cannot calibrate, a sweep whose settings KEDA would refuse
   * @throws IllegalArgumentException for a sweep without settings or with too many
   */
  public static Tune prepare(
      ProjectPipeline subject,
      Scenario scenario,
      Path runDirectory,
      List<Vary> varies,
      Timers timers,
      int seeds) {
    if (varies.isEmpty()) {
      throw new IllegalArgumentException("--vary: give at least one setting to vary");
    }
    long settings = 1;
    for (Vary vary : varies) {
      settings *= vary.values().size();
    }
    if (settings == 0 || settings > Sweep.MAX_SETTINGS) {
      throw new IllegalArgumentException(
          "--vary: the sweep has "
              + settings
              + " settings; give between 1 and "
              + Sweep.MAX_SETTINGS);
    }
    RunRecord run = RunRecord.read(runDirectory);
    if (!run.scenario().name().equals(scenario.name())) {
      throw new InvalidInputException(
          runDirectory.resolve("scenario.yaml"),
          "name",
          "is '"
              + run.scenario().name()
              + "': the run is of another scenario than '"
              + scenario.name()
              + "'",
          "Give a run of " + scenario.name() + " (./scaleproof run " + scenario.name() + ")");
    }
    subject.check(run.scenario());
    LatencyBuckets buckets = SpanMetricsBuckets.of(subject.pipeline());
    double errorRate =
        run.scenario().faults().errorRate() == null ? 0 : run.scenario().faults().errorRate();
    Map<String, Calibration.Fit> fits = new LinkedHashMap<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (String service : scenario.services()) {
      fits.put(service, Calibration.fit(run, service, run.scenario().load(), errorRate, buckets));
      seen.put(
          service,
          run.recorded().services().get(service).samples().stream()
              .mapToInt(Sample::replicas)
              .max()
              .orElse(0));
    }
    Tuning replay = new Tuning(subject, run.scenario(), run.scenario().timers(), fits);
    Tuning sweep = new Tuning(subject, scenario, timers, fits);
    // Every setting must make ScaledObjects KEDA accepts: refused here, before any file.
    for (Sweep.Setting setting : Sweep.settings(varies)) {
      sweep.settings(setting.applyTo(scenario.pipeline()));
    }
    String loadFlag = null;
    if (!scenario.load().equals(run.scenario().load())) {
      loadFlag =
          "the load ("
              + scenario.load().describe()
              + ") is not the run's ("
              + run.scenario().load().describe()
              + ")"
              + (scenario.load().peakRate() > run.scenario().load().peakRate()
                  ? ", and goes beyond it"
                  : "");
    }
    return new Tune(subject, run, replay, sweep, List.copyOf(varies), seeds, seen, loadFlag);
  }

  public ProjectPipeline subject() {
    return subject;
  }

  /**
   * What a tune found.
   *
   * @param fidelity the replay of the run against it
   * @param sweep the sweep, or null when the twin was not faithful and not forced
   * @param recommended the recommendation, or null
   */
  public record Outcome(Fidelity fidelity, Sweep sweep, Sweep.Result recommended) {}

  /** Checks fidelity, sweeps, writes the files into {@code directory} and tells {@code out}. */
  public Outcome run(Path directory, boolean force, PrintWriter out) {
    Scenario scenario = sweep.scenario();
    StringBuilder page = new StringBuilder();
    page.append("# scaleproof tune: ").append(scenario.name()).append("\n\n");
    page.append("Calibrated from ")
        .append(run.directory())
        .append(" (")
        .append(run.backend())
        .append(", ")
        .append(run.scenario().load().describe())
        .append(").\n\n## Calibration\n\n")
        .append(TuneReport.calibration(sweep))
        .append("\n## Fidelity: the twin replays the recorded run\n\n");
    out.println("scaleproof tune: " + scenario.name() + ", calibrated from " + run.directory());
    out.print(TuneReport.calibration(sweep));
    long started = System.nanoTime();
    Fidelity fidelity = Fidelity.check(replay, run, seeds);
    String fidelityTable = fidelity.markdown();
    page.append(fidelityTable);
    out.println();
    out.println("Fidelity: the twin replays the recorded run (" + seeds + " seeds)");
    out.print(fidelityTable);
    if (!fidelity.acceptable()) {
      String verdict =
          "The twin is not faithful to this run: a KPI is past its bound (marked **no**)."
              + (force
                  ? " --force: sweeping anyway; treat the figures with care."
                  : " No recommendation; record another run, or give --force to sweep anyway.");
      page.append('\n').append(verdict).append('\n');
      out.println(verdict);
      if (!force) {
        TuneReport.write(directory.resolve("tune.md"), page.toString());
        out.println("scaleproof tune: files in " + directory);
        return new Outcome(fidelity, null, null);
      }
    } else {
      page.append("\nEvery KPI is within its bound: the twin is faithful to this run.\n");
      out.println("Every KPI is within its bound: the twin is faithful to this run.");
    }

    Sweep result = Sweep.run(sweep, varies, seeds, maxReplicasSeen, loadFlag);
    double seconds = (System.nanoTime() - started) / 1e9;
    String swept =
        String.format(
            Locale.ROOT,
            "%d settings × %d seeds on the virtual clock (%s timers), with the fidelity check, in"
                + " %.1f s",
            result.results().size(),
            seeds,
            sweep.timers().name().toLowerCase(Locale.ROOT),
            seconds);
    page.append("\n## The sweep\n\n")
        .append(swept)
        .append(
            ". Each KPI: the mean of the seeds (lowest–highest); services combined (costs"
                + " summed, times the worst).\n\n")
        .append(result.markdown())
        .append("\n![Pareto front](pareto.svg)\n\n## Each knob's effect\n\n")
        .append(TuneReport.sensitivity(result));
    out.println();
    out.println("Swept " + swept + ".");
    List<Sweep.Result> ranked = result.ranked();
    double[] recorded = recordedPoint();
    List<Path> chart =
        TuneReport.chart(
            result,
            "scenario " + scenario.name() + ": seconds above the SLO against replica-seconds",
            recorded,
            directory);
    TuneReport.write(directory.resolve("sweep.csv"), TuneReport.csv(result));
    out.println("Pareto chart: " + chart.get(0) + " and " + chart.get(1));
    out.print(TuneReport.sensitivity(result));
    Sweep.Result recommended = ranked.isEmpty() ? null : ranked.get(0);
    page.append("\n## Recommendation\n\n");
    if (recommended == null) {
      String none =
          "No setting passes the scenario's expectations in every seed: nothing to recommend."
              + " Widen the sweep, or look at the Pareto front in the table.";
      page.append(none).append('\n');
      out.println(none);
    } else {
      List<Path> files = TuneReport.recommendation(subject, sweep, recommended, directory);
      String text =
          "Recommended: "
              + recommended.setting().label()
              + " — the cheapest setting whose every seed passes the scenario's expectations ("
              + Fidelity.number(recommended.kpis().get(Kpis.Kpi.REPLICA_SECONDS).mean())
              + " replica-seconds, "
              + Fidelity.number(recommended.kpis().get(Kpis.Kpi.SLO_VIOLATION_SECONDS).mean())
              + " s above the SLO)"
              + (recommended.flags().isEmpty()
                  ? "."
                  : "; beware: " + String.join("; ", recommended.flags()) + ".");
      page.append(text)
          .append("\n\n- the ScaledObject patch: `recommended-patch.yaml`\n")
          .append("- a scenario that confirms it live: `recommended-scenario.yaml`\n");
      out.println(text);
      out.println("Patch: " + files.get(0));
      out.println("Scenario to confirm it: " + files.get(1));
    }
    TuneReport.write(directory.resolve("tune.md"), page.toString());
    out.println("scaleproof tune: files in " + directory);
    return new Outcome(fidelity, result, recommended);
  }

  /** The recorded run as a point of the chart: its replica-seconds and seconds above the SLO. */
  private double[] recordedPoint() {
    double cost = 0;
    double harm = 0;
    for (String service : sweep.scenario().services()) {
      ServiceTimeline timeline = run.recorded().services().get(service);
      ServiceFigures figures =
          ServiceFigures.of(
              new ServiceTimeline(service, sweep.sloP95(service), timeline.samples()),
              run.recorded().loadStarted(),
              run.recorded().loadStopped());
      cost += figures.replicaSeconds();
      harm += figures.sloViolationSeconds();
    }
    return new double[] {cost, harm};
  }

  /** A setting to confirm live: its label, its scenario file, what the twin predicted. */
  public record Candidate(String label, Path scenarioFile, Sweep.Result predicted) {}

  /** The {@code k} best settings, each with a scenario file written into {@code directory}. */
  public List<Candidate> candidates(Outcome outcome, int k, Path directory) {
    List<Candidate> candidates = new ArrayList<>();
    List<Sweep.Result> ranked = outcome.sweep().ranked();
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      Sweep.Result result = ranked.get(i);
      Path file = directory.resolve("confirm-" + (i + 1) + "-scenario.yaml");
      TuneReport.write(
          file, Recommendation.scenario(sweep.scenario(), result.setting(), sweep.commonSloP95()));
      candidates.add(new Candidate(result.setting().label(), file, result));
    }
    return candidates;
  }

  /**
   * Predicted against observed for a confirmed setting, as Markdown; appended to {@code confirm.md}
   * in {@code directory}.
   */
  public String confirmation(
      Candidate candidate, boolean passed, List<ServiceFigures> live, Path directory, int index) {
    return ConfirmationReport.write(candidate, passed, live, directory, index);
  }
}
