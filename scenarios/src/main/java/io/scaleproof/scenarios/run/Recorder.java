package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.assertions.FaultWindow;
import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceTimeline;
import io.scaleproof.scenarios.load.ClientLatencies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Samples what a run is about, once per {@code period}: each service's Deployment (the replicas the
 * autoscaler asked for, and how many are ready) from the Kubernetes API, and its signals from the
 * Prometheus its triggers ask: the latency and error-ratio triggers' own queries, the values KEDA
 * sees, and the rate; and its ScaledObject's view (the Fallback condition, the trigger's
 * consecutive failures). A signal that cannot be read (Prometheus down, say) is recorded as no
 * value, so the replicas are still seen while it is gone. The samples become the {@link
 * RecordedRun} the assertions read after the fact.
 */
final class Recorder implements AutoCloseable {
  /**
   * The window of the clients' p95: the recording rules' rate window, so that both percentiles are
   * over the same requests and the clients' crosses the threshold first by the pipeline's lag.
   */
  static final Duration CLIENT_WINDOW = Duration.ofSeconds(30);

  /**
   * A service as the recorder watches it.
   *
   * @param service its name in the scenario
   * @param namespace the Deployment's namespace on the cluster
   * @param deployment the Deployment's name
   * @param p95ThresholdMs the threshold its expectations judge p95 against
   * @param latency the query of its latency trigger
   * @param errors the query of its error-ratio trigger, or null
   * @param rate the query of its request rate, or null
   * @param scaledObject the ScaledObject that scales it, in {@code namespace}
   */
  record Watched(
      String service,
      String namespace,
      String deployment,
      double p95ThresholdMs,
      Query latency,
      Query errors,
      Query rate,
      String scaledObject) {}

  /** A PromQL query and the Prometheus that answers it. */
  record Query(PrometheusApi prometheus, String promql) {}

  private final KubernetesClient client;
  private final List<Watched> watched;
  private final Clock clock;
  private final ClientLatencies clients;
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
  private final List<FaultWindow> faults = new ArrayList<>();
  private Ticker ticks;
  private volatile String lastProblem;

  /**
   * @param watched each service under test, where its Deployment is and where its signals are read
   * @param clients the latencies the load's clients see, sampled over the rules' window
   */
  Recorder(KubernetesClient client, List<Watched> watched, ClientLatencies clients, Clock clock) {
    this.client = client;
    this.watched = List.copyOf(watched);
    this.clock = clock;
    this.clients = clients;
    watched.forEach(service -> samples.put(service.service(), new ArrayList<>()));
  }

  /** The PromQL the recorder samples, one line per service and signal, for the reports. */
  String queries() {
    StringBuilder text = new StringBuilder();
    for (Watched service : watched) {
      text.append("# ").append(service.service()).append(" latency\n");
      text.append(service.latency().promql()).append('\n');
      if (service.errors() != null) {
        text.append("# ").append(service.service()).append(" error ratio\n");
        text.append(service.errors().promql()).append('\n');
      }
      if (service.rate() != null) {
        text.append("# ").append(service.service()).append(" request rate\n");
        text.append(service.rate().promql()).append('\n');
      }
    }
    return text.toString();
  }

  /** Samples now and then every {@code period}, until {@link #close}. */
  Recorder start(Duration period) {
    ticks = Ticker.every(period, Duration.ZERO, "scaleproof-recorder", this::sampleQuietly);
    return this;
  }

  /** The newest sample of {@code service}, for the live progress line. */
  synchronized Optional<Sample> latest(String service) {
    List<Sample> seen = samples.get(service);
    return seen.isEmpty() ? Optional.empty() : Optional.of(seen.get(seen.size() - 1));
  }

  /** The threshold {@code service}'s p95 is judged against. */
  double p95ThresholdMs(String service) {
    return watched.stream()
        .filter(w -> w.service().equals(service))
        .findFirst()
        .orElseThrow()
        .p95ThresholdMs();
  }

  /** Why the last sample could not be taken whole, if it could not (Prometheus down, say). */
  Optional<String> lastProblem() {
    return Optional.ofNullable(lastProblem);
  }

  /** Everything recorded so far, as the run of {@code scenario} with its load's start and end. */
  synchronized RecordedRun recorded(String scenario, Instant loadStarted, Instant loadStopped) {
    Map<String, ServiceTimeline> timelines = new LinkedHashMap<>();
    for (Watched service : watched) {
      timelines.put(
          service.service(),
          new ServiceTimeline(
              service.service(),
              service.p95ThresholdMs(),
              List.copyOf(samples.get(service.service()))));
    }
    return new RecordedRun(scenario, loadStarted, loadStopped, timelines, List.copyOf(faults));
  }

  /** A fault made (or undone: the same fault with its end) during the run, for the timeline. */
  synchronized void fault(FaultWindow window) {
    faults.removeIf(
        known ->
            known.kind().equals(window.kind())
                && Objects.equals(known.service(), window.service())
                && known.started().equals(window.started()));
    faults.add(window);
  }

  private void sampleQuietly() {
    try {
      sample();
      lastProblem = null;
    } catch (RuntimeException e) {
      // A missed sample leaves a gap in the timeline; the next tick tries again.
      lastProblem = e.getMessage();
    }
  }

  void sample() {
    Instant at = clock.instant();
    Map<String, Sample> taken = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Watched service : watched) {
      Deployment deployment =
          client
              .apps()
              .deployments()
              .inNamespace(service.namespace())
              .withName(service.deployment())
              .get();
      if (deployment == null) {
        throw new IllegalStateException(
            "Deployment " + service.namespace() + "/" + service.deployment() + " is gone");
      }
      Optional<GenericKubernetesResource> scaledObject = scaledObject(service);
      taken.put(
          service.service(),
          new Sample(
              at,
              orElse(deployment.getSpec().getReplicas(), 1),
              orElse(
                  deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas(),
                  0),
              value(service.latency(), problems),
              value(service.errors(), problems),
              value(service.rate(), problems),
              clients.p95(service.service(), at, CLIENT_WINDOW).orElse(null),
              scaledObject.map(LiveScaledObjects::fallbackActive).orElse(null),
              scaledObject.map(LiveScaledObjects::triggerFailing).orElse(null)));
    }
    synchronized (this) {
      taken.forEach((service, sample) -> samples.get(service).add(sample));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(problems.get(0));
    }
  }

  private Optional<GenericKubernetesResource> scaledObject(Watched service) {
    if (service.scaledObject() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        client
            .genericKubernetesResources(LiveScaledObjects.API_VERSION, "ScaledObject")
            .inNamespace(service.namespace())
            .withName(service.scaledObject())
            .get());
  }

  /** The query's value; no value, and the problem noted, when Prometheus cannot answer. */
  private static Double value(Query query, List<String> problems) {
    if (query == null) {
      return null;
    }
    try {
      return query.prometheus().value(query.promql()).orElse(null);
    } catch (IllegalStateException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private static int orElse(Integer value, int otherwise) {
    return value == null ? otherwise : value;
  }

  @Override
  public void close() {
    if (ticks != null) {
      ticks.close();
    }
  }
}
