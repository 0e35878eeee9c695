package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.Optional;

/**
 * Samples what a run is about, once per {@code period}: each service's Deployment (the replicas the
 * autoscaler asked for, and how many are ready) from the Kubernetes API, and its p95, error ratio
 * and request rate from the pipeline's recording rules in Prometheus. The samples become the {@link
 * RecordedRun} the assertions read after the fact.
 */
final class Recorder implements AutoCloseable {
  static final String P95 = "service_name:traces_span_metrics_duration_milliseconds:p95_rate30s";
  static final String ERROR_RATIO =
      "service_name:traces_span_metrics_calls_errors_per_calls:ratio_rate30s";
  static final String RATE = "service_name:traces_span_metrics_calls:rate30s";

  /**
   * The window of the clients' p95: the recording rules' rate window, so that both percentiles are
   * over the same requests and the clients' crosses the threshold first by the pipeline's lag.
   */
  static final Duration CLIENT_WINDOW = Duration.ofSeconds(30);

  /** The PromQL the recorder samples, one per line, for the reports. */
  static String queries() {
    return String.join("\n", P95, ERROR_RATIO, RATE) + "\n";
  }

  private final KubernetesClient client;
  private final PrometheusApi prometheus;
  private final String namespace;
  private final Map<String, Double> thresholds;
  private final Clock clock;
  private final ClientLatencies clients;
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
  private Ticker ticks;
  private volatile String lastProblem;

  /**
   * @param thresholds each service under test and the p95 threshold (ms) its autoscaler scales on
   * @param clients the latencies the load's clients see, sampled over the rules' window
   */
  Recorder(
      KubernetesClient client,
      PrometheusApi prometheus,
      String namespace,
      Map<String, Double> thresholds,
      ClientLatencies clients,
      Clock clock) {
    this.client = client;
    this.prometheus = prometheus;
    this.namespace = namespace;
    this.thresholds = Map.copyOf(thresholds);
    this.clock = clock;
    this.clients = clients;
    thresholds.keySet().forEach(service -> samples.put(service, new ArrayList<>()));
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

  /** Why the last sample could not be taken whole, if it could not (Prometheus down, say). */
  Optional<String> lastProblem() {
    return Optional.ofNullable(lastProblem);
  }

  /** Everything recorded so far, as the run of {@code scenario} with its load's start and end. */
  synchronized RecordedRun recorded(String scenario, Instant loadStarted, Instant loadStopped) {
    Map<String, ServiceTimeline> timelines = new LinkedHashMap<>();
    samples.forEach(
        (service, seen) ->
            timelines.put(
                service, new ServiceTimeline(service, thresholds.get(service), List.copyOf(seen))));
    return new RecordedRun(scenario, loadStarted, loadStopped, timelines);
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
    Map<String, Double> p95 = prometheus.query(P95, "service_name");
    Map<String, Double> errors = prometheus.query(ERROR_RATIO, "service_name");
    Map<String, Double> rate = prometheus.query(RATE, "service_name");
    Map<String, Sample> taken = new LinkedHashMap<>();
    for (String service : thresholds.keySet()) {
      Deployment deployment =
          client.apps().deployments().inNamespace(namespace).withName(service).get();
      if (deployment == null) {
        throw new IllegalStateException("Deployment " + namespace + "/" + service + " is gone");
      }
      taken.put(
          service,
          new Sample(
              at,
              orElse(deployment.getSpec().getReplicas(), 1),
              orElse(
                  deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas(),
                  0),
              p95.get(service),
              errors.get(service),
              rate.get(service),
              clients.p95(service, at, CLIENT_WINDOW).orElse(null)));
    }
    synchronized (this) {
      taken.forEach((service, sample) -> samples.get(service).add(sample));
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
