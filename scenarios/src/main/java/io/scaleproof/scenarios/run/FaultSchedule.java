package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.assertions.FaultWindow;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.ClusterFaults;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.spec.Fault;
import io.scaleproof.scenarios.spec.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes a scenario's faults during the load and undoes them: each at its offset from the load's
 * start, for its duration. What it breaks is found in the team's pipeline before anything starts
 * ({@link FaultTargets}); every fault still made when the schedule closes is undone then, whether
 * the run passed, failed or was interrupted, so that a shared session is left whole.
 */
final class FaultSchedule implements AutoCloseable {

  private final Scenario scenario;
  private final List<PlannedFault> planned;
  private final Cluster cluster;
  private final Pipeline.Installed installed;
  private final NamespaceMapping namespaces;
  private final Recorder recorder;
  private final Progress progress;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "scaleproof-faults");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<PlannedFault, Made> made = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  /** A fault while it lasts: when it started, what it was made on, what was seen of it. */
  private static final class Made {
    final Instant started;
    final String target;
    final Runnable undo;
    String observed;

    Made(Instant started, String target, Runnable undo) {
      this.started = started;
      this.target = target;
      this.undo = undo;
    }
  }

  private FaultSchedule(
      Scenario scenario,
      List<PlannedFault> planned,
      Cluster cluster,
      Pipeline.Installed installed,
      Recorder recorder,
      Progress progress,
      Clock clock) {
    this.scenario = scenario;
    this.planned = planned;
    this.cluster = cluster;
    this.installed = installed;
    this.namespaces = installed.namespaces();
    this.recorder = recorder;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * Starts the schedule: each fault made {@code at} after {@code loadStarted}, undone after its
   * duration.
   */
  static FaultSchedule start(
      Scenario scenario,
      List<PlannedFault> planned,
      Cluster cluster,
      Pipeline.Installed installed,
      Recorder recorder,
      Progress progress,
      Clock clock,
      Instant loadStarted) {
    FaultSchedule schedule =
        new FaultSchedule(scenario, planned, cluster, installed, recorder, progress, clock);
    for (PlannedFault p : planned) {
      long startIn = Math.max(0, msUntil(clock, loadStarted.plus(p.fault().at())));
      long endIn = Math.max(0, msUntil(clock, loadStarted.plus(p.fault().until())));
      schedule.timer.schedule(() -> schedule.make(p), startIn, TimeUnit.MILLISECONDS);
      schedule.timer.schedule(() -> schedule.undo(p), endIn, TimeUnit.MILLISECONDS);
    }
    if (planned.stream().anyMatch(p -> p.fault().kind() == Fault.Kind.BROKEN_COMMIT)) {
      schedule.timer.scheduleWithFixedDelay(schedule::watchApplication, 1, 1, TimeUnit.SECONDS);
    }
    return schedule;
  }

  /** Why a fault could not be made or undone, each a sentence; empty when all went as planned. */
  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  private synchronized void make(PlannedFault p) {
    Instant now = clock.instant();
    try {
      Made fault = new Made(now, p.describe(), makeNow(p));
      made.put(p, fault);
      recorder.fault(window(p, fault, null));
      progress.phase("fault: " + p.fault().label() + " (" + p.fault().kind().story() + ")");
    } catch (RuntimeException e) {
      problems.add(
          p.fault().label() + " could not be made on " + p.describe() + ": " + e.getMessage());
    }
  }

  private synchronized void undo(PlannedFault p) {
    Made fault = made.remove(p);
    if (fault == null) {
      return;
    }
    try {
      fault.undo.run();
      progress.phase("fault over: " + p.fault().label());
    } catch (RuntimeException e) {
      problems.add(p.fault().label() + " could not be undone: " + e.getMessage());
    }
    recorder.fault(window(p, fault, clock.instant()));
  }

  private FaultWindow window(PlannedFault p, Made fault, Instant ended) {
    return new FaultWindow(
        p.fault().kind().key(),
        p.fault().service(),
        fault.target,
        fault.started,
        ended,
        fault.observed);
  }

  /** Makes the fault now; what undoes it. */
  private Runnable makeNow(PlannedFault p) {
    String namespace = p.namespace() == null ? null : namespaces.of(p.namespace());
    KubernetesClient client = cluster.client();
    return switch (p.fault().kind()) {
      case PROMETHEUS_DOWN, COLLECTOR_DOWN, TRACE_STORE_DOWN -> {
        ClusterFaults faults = cluster.faults().orElseThrow();
        faults.refuse(namespace, p.name());
        yield () -> faults.restore(namespace, p.name());
      }
      case NETWORK_LATENCY -> {
        ClusterFaults faults = cluster.faults().orElseThrow();
        faults.delay(namespace, p.name(), p.fault().latency());
        yield () -> faults.restore(namespace, p.name());
      }
      case NETWORK_RESETS -> {
        ClusterFaults faults = cluster.faults().orElseThrow();
        faults.reset(namespace, p.name(), p.fault().share());
        yield () -> faults.restore(namespace, p.name());
      }
      case POD_CRASH_LOOP -> {
        ClusterFaults faults = cluster.faults().orElseThrow();
        String pod = oldestReadyPod(client, namespace, p.name());
        faults.crashLoop(namespace, pod, true);
        yield () -> faults.crashLoop(namespace, pod, false);
      }
      case DRIFTED_REPLICAS -> {
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(p.name())
            .scale(p.fault().replicas());
        // Nothing to undo: answering the drift is the autoscaler's (or self-heal's) work.
        yield () -> {};
      }
      case BROKEN_COMMIT -> {
        String file = p.name();
        String declared = installed.read(file);
        installed.commit(
            "scenario " + scenario.name() + ": fault brokenCommit, " + file + " does not parse",
            Map.of(file, declared + "\nmetadata: {broken: [\n"));
        LiveApplication.requestRefresh(client, installed.application());
        yield () -> {
          installed.commit(
              "scenario " + scenario.name() + ": fault brokenCommit over, " + file + " restored",
              Map.of(file, declared));
          LiveApplication.requestRefresh(client, installed.application());
        };
      }
    };
  }

  /** While a broken commit lasts: the first error the Application shows, kept for the judge. */
  private synchronized void watchApplication() {
    made.forEach(
        (p, fault) -> {
          if (p.fault().kind() == Fault.Kind.BROKEN_COMMIT && fault.observed == null) {
            try {
              LiveApplication.comparisonError(cluster.client(), installed.application())
                  .ifPresent(
                      error -> {
                        fault.observed = error;
                        recorder.fault(
                            new FaultWindow(
                                p.fault().kind().key(),
                                p.fault().service(),
                                fault.target,
                                fault.started,
                                null,
                                error));
                      });
            } catch (RuntimeException e) {
              // The next look tries again.
            }
          }
        });
  }

  private static String oldestReadyPod(KubernetesClient client, String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      throw new IllegalStateException("Deployment " + namespace + "/" + name + " is gone");
    }
    return client
        .pods()
        .inNamespace(namespace)
        .withLabels(deployment.getSpec().getSelector().getMatchLabels())
        .list()
        .getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .filter(FaultSchedule::ready)
        .min(Comparator.comparing((Pod pod) -> pod.getMetadata().getCreationTimestamp()))
        .map(pod -> pod.getMetadata().getName())
        .orElseThrow(() -> new IllegalStateException("no ready pod to crash"));
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Milliseconds from now until {@code when}, rounded up: a fault is not made early. */
  private static long msUntil(Clock clock, Instant when) {
    Duration until = Duration.between(clock.instant(), when);
    return until.toMillis() + (until.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
  }

  /** Stops the schedule and undoes every fault still made, whatever the run's fate. */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    for (PlannedFault p : List.copyOf(made.keySet())) {
      undo(p);
    }
  }
}
