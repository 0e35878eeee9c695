package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceFigures;
import io.scaleproof.scenarios.run.Backend;
import io.scaleproof.scenarios.run.PipelineSession;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default scenario on the embedded cluster and on the local backend, where every program
 * between Git and the replica count is the real one (the control plane's HPA controller, KEDA, the
 * OpenTelemetry Operator, Argo CD): the same load, and each service's scaling compared. A working
 * emulation moves replicas as the real programs do: each step of the replica timeline, from the
 * moment the metric asks for it, within one HPA sync period of the real one (and one sampling
 * interval, the recorder's resolution), the same peak and final replica count; and it leaves the
 * same conditions on the HPA and the ScaledObject and the same kinds of Events.
 */
@Tag("nightly")
@Tag("differential")
class BackendsDifferentialIT {
  /** The HPA's default tolerance (--horizontal-pod-autoscaler-tolerance 0.1), as a factor. */
  private static final double HPA_TOLERANCE = 1.1;

  private static final List<String> KINDS_OF_EVENTS =
      List.of("HorizontalPodAutoscaler", "ScaledObject");

  @TempDir Path temp;

  @Test
  @DisplayName("the default scenario scales the same on the embedded cluster and on real programs")
  void scalingAgrees() {
    Scenario scenario = ShippedScenarios.find("default");
    Observed sim = run(scenario, Backend.sim(), temp.resolve("sim"));
    Observed local = run(scenario, Backend.local(), temp.resolve("local"));
    double sync = scenario.timers().hpaSyncPeriod().toSeconds();

    // Both sides sample the replicas at the recorder's interval: a step observed one sample later
    // on one side is still within one HPA sync of the other's.
    double tolerance = sync + samplingInterval(sim.outcome.recorded());
    List<String> differences = new ArrayList<>();
    System.out.printf(
        "differential: the default scenario, embedded vs local (real programs); a step agrees"
            + " within %.0f s (one HPA sync, %.0f s, and one sampling interval)%n",
        tolerance, sync);
    System.out.println("| service | fact | embedded | real | agree |\n|---|---|---|---|---|");
    for (String service : scenario.services()) {
      ServiceFigures s = sim.outcome.figures().get(service);
      ServiceFigures l = local.outcome.figures().get(service);
      compareCount(differences, service, "peak replicas", s.peakReplicas(), l.peakReplicas());
      compareCount(differences, service, "final replicas", s.finalReplicas(), l.finalReplicas());
      Map<String, Double> simSteps = steps(sim.outcome.recorded(), service, s);
      Map<String, Double> localSteps = steps(local.outcome.recorded(), service, l);
      for (String step : union(simSteps.keySet(), localSteps.keySet())) {
        Double a = simSteps.get(step);
        Double b = localSteps.get(step);
        row(
            differences,
            service,
            step,
            format(a),
            format(b),
            a != null && b != null && Math.abs(a - b) <= tolerance);
      }
      // Printed, not compared: how soon p95 recovers is the apps' latency on this machine's
      // processors, and the local backend runs some ten more programs on the same two cores.
      System.out.printf(
          "| %s | breach → p95 recovered (s), not compared | %s | %s | — |%n",
          service, format(s.timeToRecoverySeconds()), format(l.timeToRecoverySeconds()));
    }
    for (String fact : new TreeSet<>(sim.state.keySet())) {
      String s = sim.state.get(fact);
      String l = local.state.get(fact);
      row(
          differences,
          fact.substring(0, fact.indexOf(' ')),
          fact.substring(fact.indexOf(' ') + 1),
          s,
          l,
          s.equals(l));
    }
    assertThat(sim.outcome.passed()).as("every expectation held on the embedded cluster").isTrue();
    assertThat(local.outcome.passed()).as("every expectation held on the local backend").isTrue();
    assertThat(differences).isEmpty();
  }

  private record Observed(RunOutcome outcome, Map<String, String> state) {}

  /**
   * The service's replica timeline as steps, each measured from the first sample whose p95 asks the
   * HPA for it to the first sample that shows it: the autoscaler's own latency, not how fast the
   * apps' p95 rises or falls on this machine's processors (which differs between backends, since
   * {@code local} runs more programs on the same cores). The triggers are {@code metricType:
   * Value}: once value / threshold is outside its 0.1 tolerance, the HPA asks for ceil(value /
   * threshold × ready pods), counting only the pods that are ready ({@code
   * getUsageRatioReplicaCount}). Up to N: p95 above 1.1 × threshold and ceil(p95 / threshold ×
   * ready) at least N; a Java pod that starts slowly holds the next step back on both backends.
   * Down to N, after the load: p95 absent (KEDA's {@code ignoreNullValues} reads 0), or below 0.9 ×
   * threshold with ceil(p95 / threshold × ready) at most N; the scale-down stabilization window
   * then passes on both.
   */
  private static Map<String, Double> steps(
      RecordedRun run, String service, ServiceFigures figures) {
    List<Sample> samples = run.services().get(service).samples();
    double threshold = figures.threshold();
    Map<String, Double> steps = new LinkedHashMap<>();
    for (int count = figures.initialReplicas() + 1; count <= figures.peakReplicas(); count++) {
      int target = count;
      steps.put(
          "p95 asks for " + count + " → " + count + " replicas (s)",
          latency(
              samples,
              sample ->
                  sample.p95Ms() != null
                      && sample.p95Ms() > HPA_TOLERANCE * threshold
                      && asked(sample, threshold) >= target,
              sample -> sample.replicas() >= target));
    }
    for (int count = figures.peakReplicas() - 1; count >= figures.finalReplicas(); count--) {
      int target = count;
      steps.put(
          "p95 asks for " + count + " → " + count + " replicas after the load (s)",
          latency(
              samples,
              sample ->
                  !sample.at().isBefore(run.loadStopped())
                      && sample.replicas() > target
                      && (sample.p95Ms() == null
                          || (sample.p95Ms() < (2 - HPA_TOLERANCE) * threshold
                              && asked(sample, threshold) <= target)),
              sample -> sample.replicas() <= target));
    }
    return steps;
  }

  /** The replicas the HPA's algorithm asks for at the sample's p95 and ready pods. */
  private static double asked(Sample sample, double threshold) {
    return Math.ceil(sample.p95Ms() / threshold * sample.readyReplicas());
  }

  /**
   * Seconds from the first sample of the demand that the step answers to the first sample that
   * shows it; null: never. A demand that lapses before it is answered is no demand: after the load,
   * the last requests' p95 dips below what holds the replicas and rises again before the series
   * ends, and the HPA's stabilization window starts again from its last higher recommendation.
   */
  private static Double latency(
      List<Sample> samples,
      java.util.function.Predicate<Sample> asks,
      java.util.function.Predicate<Sample> shows) {
    Sample demand = null;
    for (Sample sample : samples) {
      if (demand != null && shows.test(sample)) {
        return seconds(demand.at(), sample.at());
      }
      if (!asks.test(sample)) {
        demand = null;
      } else if (demand == null) {
        demand = sample;
        if (shows.test(sample)) {
          return 0.0;
        }
      }
    }
    return null;
  }

  private static double samplingInterval(RecordedRun run) {
    List<Sample> samples = run.services().values().iterator().next().samples();
    List<Double> gaps = new ArrayList<>();
    for (int i = 1; i < samples.size(); i++) {
      gaps.add(seconds(samples.get(i - 1).at(), samples.get(i).at()));
    }
    gaps.sort(null);
    return gaps.isEmpty() ? 0 : gaps.get(gaps.size() / 2);
  }

  private static double seconds(java.time.Instant from, java.time.Instant to) {
    return java.time.Duration.between(from, to).toMillis() / 1000.0;
  }

  private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    List<String> all = new ArrayList<>(a);
    b.stream().filter(x -> !all.contains(x)).forEach(all::add);
    return all;
  }

  private static Observed run(Scenario scenario, Backend backend, Path directory) {
    try (PipelineSession session =
        PipelineSession.open(backend, scenario.timers(), directory, Progress.to(System.out))) {
      RunOutcome outcome =
          ScenarioRunner.run(scenario, directory, Progress.to(System.out), session);
      RunFiles.write(outcome);
      KubernetesClient client = session.cluster().client();
      awaitSettled(client, session.namespace("apps"), scenario.timers().hpaSyncPeriod());
      Map<String, String> state = new LinkedHashMap<>();
      for (String service : scenario.services()) {
        String namespace = session.namespace("apps");
        HorizontalPodAutoscaler hpa =
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(namespace)
                .list()
                .getItems()
                .stream()
                .filter(h -> service.equals(h.getSpec().getScaleTargetRef().getName()))
                .findFirst()
                .orElse(null);
        state.put(
            service + " HPA conditions",
            hpa == null
                ? "none"
                : String.join(
                    ", ",
                    hpa.getStatus().getConditions().stream()
                        .map(c -> c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ")")
                        .sorted()
                        .toList()));
        state.put(
            service + " ScaledObject conditions",
            scaledObjectConditions(client, namespace, service));
      }
      String namespace = session.namespace("apps");
      for (String kind : KINDS_OF_EVENTS) {
        state.put(
            kind + " Event reasons",
            String.join(
                ", ",
                new TreeSet<>(
                    client.v1().events().inNamespace(namespace).list().getItems().stream()
                        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
                        .map(Event::getReason)
                        .toList())));
      }
      return new Observed(outcome, state);
    }
  }

  /**
   * Waits until every HPA's last rescale is older than its scale-down stabilization window and two
   * syncs: until then its AbleToScale condition says ScaleDownStabilized or ReadyForNewScale
   * depending on when the last scale-down happened, and the two backends scale down a few seconds
   * apart. Read after it, the conditions are the settled ones on both.
   */
  private static void awaitSettled(KubernetesClient client, String namespace, Duration sync) {
    for (HorizontalPodAutoscaler hpa :
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(namespace)
            .list()
            .getItems()) {
      Integer seconds =
          hpa.getSpec().getBehavior() == null || hpa.getSpec().getBehavior().getScaleDown() == null
              ? null
              : hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds();
      Duration window = Duration.ofSeconds(seconds == null ? 300 : seconds);
      String last = hpa.getStatus() == null ? null : hpa.getStatus().getLastScaleTime();
      Instant settled =
          (last == null ? Instant.now() : Instant.parse(last))
              .plus(window)
              .plus(sync.multipliedBy(2));
      await("HPA " + hpa.getMetadata().getName() + " settled after its last rescale")
          .atMost(window.plus(sync.multipliedBy(4)))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !Instant.now().isBefore(settled));
    }
  }

  private static String scaledObjectConditions(
      KubernetesClient client, String namespace, String service) {
    ResourceDefinitionContext scaledObjects =
        new ResourceDefinitionContext.Builder()
            .withGroup("keda.sh")
            .withVersion("v1alpha1")
            .withPlural("scaledobjects")
            .withNamespaced(true)
            .build();
    List<String> conditions = new ArrayList<>();
    for (GenericKubernetesResource object :
        client.genericKubernetesResources(scaledObjects).inNamespace(namespace).list().getItems()) {
      Map<String, Object> spec = map(object.getAdditionalProperties().get("spec"));
      if (!service.equals(map(spec.get("scaleTargetRef")).get("name"))) {
        continue;
      }
      Object list = map(object.getAdditionalProperties().get("status")).get("conditions");
      if (list instanceof List<?> items) {
        for (Object item : items) {
          Map<String, Object> c = map(item);
          conditions.add(c.get("type") + "=" + c.get("status") + " (" + c.get("reason") + ")");
        }
      }
    }
    return conditions.isEmpty() ? "none" : String.join(", ", new TreeSet<>(conditions));
  }

  private static void compareCount(
      List<String> differences, String service, String fact, Integer sim, Integer real) {
    row(
        differences,
        service,
        fact,
        String.valueOf(sim),
        String.valueOf(real),
        java.util.Objects.equals(sim, real));
  }

  private static void row(
      List<String> differences,
      String service,
      String fact,
      String sim,
      String real,
      boolean agree) {
    System.out.printf(
        "| %s | %s | %s | %s | %s |%n", service, fact, sim, real, agree ? "yes" : "NO");
    if (!agree) {
      differences.add(service + " " + fact + ": embedded " + sim + ", real " + real);
    }
  }

  private static String format(Double seconds) {
    return seconds == null ? "never" : String.format("%.1f", seconds);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
