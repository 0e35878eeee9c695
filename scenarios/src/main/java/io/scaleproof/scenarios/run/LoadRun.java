package io.scaleproof.scenarios.run;

import static org.awaitility.Awaitility.await;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.load.ClientLatencies;
import io.scaleproof.scenarios.load.GatlingLoad;
import io.scaleproof.scenarios.load.LoadPlan;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ScalingChain;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ServiceUnderTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A scenario's load on a pipeline that is up and carries the scenario's changes: the recorder
 * watching every service, a short baseline, the load with its faults on time, the wait for the
 * services to come back down, and the expectations judged on the recorded timeline. On a session
 * that outlives the run, the recording starts only once the rules have forgotten whatever ran
 * before, and the run waits for them to forget its own load before it hands the pipeline back.
 */
final class LoadRun {
  private static final Duration SAMPLE_PERIOD = Duration.ofSeconds(1);

  /** Recorded before the load, so that the initial replicas and p95 are known. */
  private static final Duration BASELINE = Duration.ofSeconds(5);

  /**
   * The rules' 30 s rate window, plus the pipeline's lag (span flush 5 s, scrape 5 s, evaluation 5
   * s), with room: after it, the rules answer no series for a service without traffic.
   */
  private static final Duration QUIET_WITHIN = Duration.ofSeconds(90);

  /** How long past the scale-down window the run keeps watching for a late scale-down. */
  private static final Duration SCALE_DOWN_GRACE = Duration.ofSeconds(15);

  private final Scenario scenario;
  private final Path directory;
  private final Progress progress;
  private final PipelineSession session;
  private final boolean sessionOutlivesRun;
  private final List<PlannedFault> faults;
  private final List<Phase> phases;

  /** A run whose phases are added to {@code phases}. */
  LoadRun(
      Scenario scenario,
      Path directory,
      Progress progress,
      PipelineSession session,
      boolean sessionOutlivesRun,
      List<PlannedFault> faults,
      List<Phase> phases) {
    this.scenario = scenario;
    this.directory = directory;
    this.progress = progress;
    this.session = session;
    this.sessionOutlivesRun = sessionOutlivesRun;
    this.faults = faults;
    this.phases = phases;
  }

  /**
   * Records, drives the load with its faults, waits for the scale-down, and judges: the run's
   * outcome.
   */
  RunOutcome drive(Cluster cluster, Pipeline.Installed installed) {
    ProjectPipeline subject = session.subject();
    NamespaceMapping namespaces = installed.namespaces();
    Map<String, ProjectPipeline.Thresholds> thresholds = subject.thresholds(scenario);
    List<LoadPlan.Target> targets = new ArrayList<>();
    List<Recorder.Watched> watched = new ArrayList<>();
    Map<ScalingChain.ServiceAddress, PrometheusApi> prometheus = new HashMap<>();
    Function<ScalingChain.Signal, Recorder.Query> query =
        signal ->
            new Recorder.Query(
                prometheus.computeIfAbsent(
                    signal.server(),
                    server ->
                        new PrometheusApi(
                            cluster.serviceUrl(
                                namespaces.of(server.namespace()), server.name(), server.port()))),
                signal.query());
    for (String name : scenario.services()) {
      ScalingChain chain = subject.chain(name);
      ServiceUnderTest service = chain.service();
      String namespace = namespaces.of(service.namespace());
      targets.add(
          new LoadPlan.Target(
              name,
              cluster.serviceUrl(namespace, service.service(), service.port()),
              service.request()));
      watched.add(
          new Recorder.Watched(
              name,
              namespace,
              service.deployment(),
              thresholds.get(name).p95Ms(),
              query.apply(
                  scenario.pipeline().latencyQuery() == null
                      ? chain.latency()
                      : chain.latency().withQuery(scenario.pipeline().latencyQuery())),
              chain.errors().map(query).orElse(null),
              chain.rate().map(query).orElse(null),
              chain.byKeda() ? chain.scaledObject() : null));
    }
    Clock clock = Clock.systemUTC();
    if (sessionOutlivesRun) {
      // A suite that shared the session may have left its load in the rules' windows, and the
      // autoscaler may still act on it: first the rules forget it, then every Deployment is back
      // where the session found it, and only then does this run's recording start, so that
      // nothing of the earlier load shows in its timeline.
      try (Recorder rules =
          new Recorder(cluster.client(), watched, new ClientLatencies(), clock)
              .start(SAMPLE_PERIOD)) {
        awaitQuietMetrics(rules, "the load starts anyway");
      }
      session.awaitAsFound("the baseline of scenario " + scenario.name(), progress);
    }
    ClientLatencies clients = new ClientLatencies();
    try (Recorder recorder =
            new Recorder(cluster.client(), watched, clients, clock).start(SAMPLE_PERIOD);
        LiveStatus status = LiveStatus.start(recorder, scenario, progress, clock)) {
      progress.phase("recording a " + BASELINE.toSeconds() + " s baseline");
      Instant baseline = clock.instant();
      awaitBaseline(recorder);
      Instant loadStarted = clock.instant();
      phases.add(new Phase("baseline", baseline, loadStarted));
      status.loadStarted(loadStarted);
      progress.phase("load: " + scenario.load().describe() + ", per service");
      GatlingLoad.Result load;
      List<String> faultProblems;
      try (FaultSchedule schedule =
          FaultSchedule.start(
              scenario, faults, cluster, installed, recorder, progress, clock, loadStarted)) {
        load =
            GatlingLoad.run(
                new LoadPlan(scenario.load(), targets, clients),
                directory.resolve("gatling"),
                scenario.name());
        schedule.close();
        faultProblems = schedule.problems();
      }
      Instant loadStopped = clock.instant();
      status.loadStopped(loadStopped);
      progress.phase(
          "load stopped; waiting up to "
              + scenario.slo().scaleDownWithin().plus(SCALE_DOWN_GRACE).toSeconds()
              + " s for the services to scale back down");
      awaitScaleDown(recorder, loadStarted, loadStopped);
      if (sessionOutlivesRun) {
        awaitQuietMetrics(recorder, "the pipeline is restored anyway");
      }
      phases.add(new Phase("load", loadStarted, loadStopped));
      phases.add(new Phase("after the load, until scaled down", loadStopped, clock.instant()));
      LiveObjects.write(
          cluster.client(),
          scenario,
          subject,
          namespaces,
          installed.application(),
          directory.resolve("objects.yaml"));
      RecordedRun recorded = recorder.recorded(scenario.name(), loadStarted, loadStopped);
      Map<String, ServiceFigures> figures = new LinkedHashMap<>();
      recorded
          .services()
          .forEach(
              (service, timeline) ->
                  figures.put(service, ServiceFigures.of(timeline, loadStarted, loadStopped)));
      List<Expectation> judged = new ArrayList<>();
      faultProblems.forEach(
          problem ->
              judged.add(new Expectation("the scenario's faults were made", false, problem)));
      judged.addAll(Expectations.judge(scenario, recorded, thresholds));
      return new RunOutcome(
          scenario,
          session.backend().describe(cluster),
          recorded,
          judged,
          figures,
          directory,
          load.report(),
          phases,
          recorder.queries());
    }
  }

  private void awaitBaseline(Recorder recorder) {
    Instant until = Instant.now().plus(BASELINE);
    await("a " + BASELINE.toSeconds() + " s baseline of every service")
        .atMost(BASELINE.plus(Duration.ofSeconds(30)))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                !Instant.now().isBefore(until)
                    && scenario.services().stream()
                        .allMatch(service -> recorder.latest(service).isPresent()));
  }

  /** Live: until every service is back at its initial replicas, or the window (and grace) ends. */
  private void awaitScaleDown(Recorder recorder, Instant loadStarted, Instant loadStopped) {
    Duration window = scenario.slo().scaleDownWithin().plus(SCALE_DOWN_GRACE);
    try {
      await("every service back at its initial replicas")
          .atMost(window)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                RecordedRun sofar = recorder.recorded(scenario.name(), loadStarted, loadStopped);
                return sofar.services().values().stream()
                    .allMatch(
                        timeline -> {
                          ServiceFigures figures =
                              ServiceFigures.of(timeline, loadStarted, loadStopped);
                          return figures.scaledDown() != null;
                        });
              });
    } catch (ConditionTimeoutException e) {
      // Judged on the timeline: the scale-down expectation names the service and what it did.
    }
  }

  /**
   * Until the rules' windows hold none of the load: no p95 and no error ratio for any service. The
   * next scenario on the session must find the triggers as quiet as the declared thresholds left
   * them, or the autoscaler would react to this run's load after it; and a scenario on a shared
   * session waits for it before its baseline, whatever ran before it.
   */
  private void awaitQuietMetrics(Recorder recorder, String otherwise) {
    try {
      await("the recording rules' windows empty of the load")
          .atMost(QUIET_WITHIN)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  scenario.services().stream()
                      .map(recorder::latest)
                      .allMatch(
                          latest ->
                              latest.isPresent()
                                  && quiet(latest.get().p95Ms())
                                  && quiet(latest.get().errorRatio())));
    } catch (ConditionTimeoutException e) {
      progress.phase(
          "the rules still show the load after " + QUIET_WITHIN.toSeconds() + " s; " + otherwise);
    }
  }

  /** No value, or 0: what a query that tells no traffic from no data answers without traffic. */
  private static boolean quiet(Double value) {
    return value == null || value == 0;
  }
}
