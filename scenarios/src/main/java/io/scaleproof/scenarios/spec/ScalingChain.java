package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One service's autoscaling chain, as the team's manifests declare it: the ScaledObject that scales
 * its Deployment, each trigger of it, which trigger gives the latency, the error ratio and the
 * rate, the Prometheus that answers their queries and the recording rules they read. Nothing of it
 * is assumed: every name comes from the pipeline.
 *
 * @param service the service as the project declares it
 * @param scaledObject the name of the ScaledObject that scales it (in the service's namespace)
 * @param scaledObjectFile the file that declares it, relative to the pipeline's directory
 * @param deploymentFile the file that declares the Deployment, relative to the pipeline's directory
 * @param triggers every trigger of the ScaledObject, in its order
 * @param latency where its p95 latency is read: the trigger it scales on
 * @param errors where its error ratio is read, if anywhere
 * @param rate where its request rate is read, if anywhere
 * @param pollingInterval how often KEDA asks the triggers
 * @param recordingRules the recording rules the signals' queries read, by the name they record
 */
public record ScalingChain(
    ServiceUnderTest service,
    String scaledObject,
    String scaledObjectFile,
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
    Objects.requireNonNull(latency, "latency");
    triggers = List.copyOf(triggers);
    recordingRules = List.copyOf(recordingRules);
  }

  /**
   * A trigger as the ScaledObject declares it.
   *
   * @param index its place in {@code spec.triggers}
   * @param name its {@code name}, or null
   * @param type the scaler, such as {@code prometheus}
   * @param metricType {@code Value} or {@code AverageValue} (KEDA's default)
   * @param query the PromQL of a prometheus trigger, or null
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
