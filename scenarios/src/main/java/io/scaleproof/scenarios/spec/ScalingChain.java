package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One service's autoscaling chain, as the team's manifests declare it: the autoscaler that scales
 * its Deployment (a KEDA ScaledObject, or an HPA on the Prometheus Adapter's external metrics),
 * each trigger of it, which trigger gives the latency, the error ratio and the rate, the Prometheus
 * that answers their queries and the recording rules they read. Nothing of it is assumed: every
 * name comes from the pipeline.
 *
 * @param service the service as the project declares it
 * @param autoscaler the object that scales it (in the service's namespace)
 * @param deploymentFile the file that declares the Deployment, relative to the pipeline's directory
 * @param triggers every trigger of the ScaledObject, or every external metric of the HPA, in its
 *     order
 * @param latency where its p95 latency is read: the trigger it scales on
 * @param errors where its error ratio is read, if anywhere
 * @param rate where its request rate is read, if anywhere
 * @param pollingInterval how often KEDA asks the triggers; zero for an HPA on the Adapter, which
 *     asks Prometheus on each of the HPA's syncs
 * @param recordingRules the recording rules the signals' queries read, by the name they record
 */
public record ScalingChain(
    ServiceUnderTest service,
    Autoscaler autoscaler,
    String deploymentFile,
    List<DeclaredTrigger> triggers,
    Signal latency,
    Optional<Signal> errors,
    Optional<Signal> rate,
    Duration pollingInterval,
    List<String> recordingRules) {

  /** KEDA's default {@code pollingInterval}. */
  static final Duration KEDA_DEFAULT_POLLING = Duration.ofSeconds(30);

  public ScalingChain {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(autoscaler, "autoscaler");
    Objects.requireNonNull(latency, "latency");
    triggers = List.copyOf(triggers);
    recordingRules = List.copyOf(recordingRules);
  }

  /** {@code kind} of an autoscaler that is a KEDA ScaledObject. */
  public static final String SCALED_OBJECT = "ScaledObject";

  /** {@code kind} of an autoscaler that is an HPA on the Prometheus Adapter's external metrics. */
  public static final String HPA = "HorizontalPodAutoscaler";

  /**
   * The object that scales the service's Deployment.
   *
   * @param kind {@link #SCALED_OBJECT} or {@link #HPA}
   * @param name its name, in the service's namespace
   * @param file the file that declares it, relative to the pipeline's directory
   */
  public record Autoscaler(String kind, String name, String file) {
    /** "ScaledObject checkout", "HorizontalPodAutoscaler checkout". */
    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  /** Whether KEDA scales the service: a ScaledObject, which scenarios and tuning can edit. */
  public boolean byKeda() {
    return SCALED_OBJECT.equals(autoscaler.kind());
  }

  /**
   * The name of the service's ScaledObject.
   *
   * @throws IllegalStateException when an HPA on the Prometheus Adapter scales it instead
   */
  public String scaledObject() {
    if (!byKeda()) {
      throw new IllegalStateException(
          service.name() + " is scaled by " + autoscaler + ", not KEDA");
    }
    return autoscaler.name();
  }

  /**
   * A trigger as the ScaledObject declares it, or an external metric of an HPA as the Prometheus
   * Adapter serves it.
   *
   * @param index its place in {@code spec.triggers}
   * @param name its {@code name}, or null
   * @param type the scaler, such as {@code prometheus}; {@link #EXTERNAL} for an HPA's external
   *     metric
   * @param metricType {@code Value} or {@code AverageValue} (KEDA's default)
   * @param query the PromQL of a prometheus trigger, or the query the Adapter sends for an external
   *     metric; null for other scalers
   * @param threshold its threshold, or null when it has none that is a number
   * @param serverAddress the Prometheus it asks, or null
   */
  public record DeclaredTrigger(
      int index,
      String name,
      String type,
      String metricType,
      String query,
      Double threshold,
      String serverAddress) {
    /** The type of an HPA's external metric served by the Prometheus Adapter. */
    public static final String EXTERNAL = "external";

    /** How errors name it: {@code 'p95-latency'} or {@code triggers[1]}. */
    public String describe() {
      return name != null ? "'" + name + "'" : "triggers[" + index + "]";
    }
  }

  /**
   * Where one signal is read: the query, the Prometheus that answers it, and the trigger it is (if
   * it is one), whose threshold the expectations default to.
   */
  public record Signal(Optional<DeclaredTrigger> trigger, String query, ServiceAddress server) {
    /** The same signal read with another query, as a scenario's pipeline change commits it. */
    public Signal withQuery(String promql) {
      return new Signal(trigger, promql, server);
    }

    public Optional<Double> threshold() {
      return trigger.map(DeclaredTrigger::threshold);
    }
  }

  /** A Service of the pipeline by its declared namespace, name and port. */
  public record ServiceAddress(String namespace, String name, int port) {
    @Override
    public String toString() {
      return namespace + "/" + name + ":" + port;
    }
  }

  /**
   * Reads the chain of every service of {@code project} from {@code pipeline}'s manifests ({@link
   * ChainReader}).
   *
   * @throws InvalidInputException naming the project file's field when a link is missing: no
   *     Deployment, no ScaledObject that scales it, no Service with the port, a signal that names
   *     no trigger, a query's Prometheus that the pipeline does not declare; or naming a
   *     ScaledObject whose target the pipeline does not declare
   */
  public static Map<String, ScalingChain> read(Project project, Pipeline pipeline) {
    return ChainReader.read(project, pipeline);
  }
}
