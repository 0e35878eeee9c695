package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.spec.Fault;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ScalingChain;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ServiceUnderTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a scenario's faults are made on, found in the team's pipeline before anything starts, and
 * whether a cluster can make them.
 */
final class FaultTargets {
  private FaultTargets() {}

  /**
   * What each of the scenario's faults is made on, found in the pipeline: the Prometheus the
   * latency triggers ask, the Collector the Instrumentation's endpoint names, the trace store the
   * Collector's OTLP exporter names (unless the fault names its {@code target}); the service's own
   * Service, Deployment or Deployment file.
   *
   * @throws InvalidInputException naming the fault's field when the pipeline does not show it
   */
  static List<PlannedFault> plan(Scenario scenario, ProjectPipeline subject) {
    List<PlannedFault> planned = new ArrayList<>();
    List<Fault> faults = scenario.faults().during();
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      String field = "faults[" + i + "]";
      if (fault.service() != null && !scenario.services().contains(fault.service())) {
        throw new InvalidInputException(
            scenario.file(),
            field + ".service",
            "'" + fault.service() + "' is not a service of this scenario",
            "Use one of " + scenario.services());
      }
      if (fault.target() != null) {
        String[] parts = fault.target().split("/");
        planned.add(new PlannedFault(fault, parts[0], parts[1]));
        continue;
      }
      planned.add(
          switch (fault.kind()) {
            case PROMETHEUS_DOWN -> {
              ScalingChain.ServiceAddress server =
                  subject.chain(scenario.services().get(0)).latency().server();
              yield new PlannedFault(fault, server.namespace(), server.name());
            }
            case COLLECTOR_DOWN ->
                service(
                    scenario,
                    field,
                    fault,
                    subject.pipeline().objects(),
                    "Instrumentation",
                    o -> string(o, "spec", "exporter", "endpoint"),
                    "no Instrumentation names an exporter endpoint");
            case TRACE_STORE_DOWN ->
                service(
                    scenario,
                    field,
                    fault,
                    subject.pipeline().objects(),
                    "OpenTelemetryCollector",
                    FaultTargets::traceExporterEndpoint,
                    "no OpenTelemetryCollector exports traces over OTLP");
            case NETWORK_LATENCY, NETWORK_RESETS -> {
              ServiceUnderTest service = subject.chain(fault.service()).service();
              yield new PlannedFault(fault, service.namespace(), service.service());
            }
            case POD_CRASH_LOOP, DRIFTED_REPLICAS -> {
              ServiceUnderTest service = subject.chain(fault.service()).service();
              yield new PlannedFault(fault, service.namespace(), service.deployment());
            }
            case BROKEN_COMMIT ->
                new PlannedFault(
                    fault, null, subject.chain(scenario.services().get(0)).deploymentFile());
          });
    }
    return List.copyOf(planned);
  }

  /**
   * Checks that {@code cluster} can make every planned fault, before anything is changed.
   *
   * @throws InvalidInputException naming the fault this backend cannot make
   */
  static void requireCapable(Scenario scenario, List<PlannedFault> planned, Cluster cluster) {
    for (int i = 0; i < planned.size(); i++) {
      Fault.Kind kind = planned.get(i).fault().kind();
      if (kind.madeByTheCluster() && cluster.faults().isEmpty()) {
        throw new InvalidInputException(
            scenario.file(),
            "faults[" + i + "].kind",
            kind.key()
                + " needs a backend that can take a Service or a pod down on demand; this one"
                + " cannot",
            "Run it on the embedded cluster (--backend sim)");
      }
    }
  }

  private static PlannedFault service(
      Scenario scenario,
      String field,
      Fault fault,
      List<HasMetadata> objects,
      String kind,
      Function<GenericKubernetesResource, Optional<String>> endpoint,
      String missing) {
    for (HasMetadata object : objects) {
      if (kind.equals(object.getKind()) && object instanceof GenericKubernetesResource resource) {
        Optional<String> address = endpoint.apply(resource);
        if (address.isPresent()) {
          String host = host(address.get());
          String[] labels = host.split("\\.");
          String namespace = labels.length > 1 ? labels[1] : Pipeline.namespaceOf(object);
          return new PlannedFault(fault, namespace, labels[0]);
        }
      }
    }
    throw new InvalidInputException(
        scenario.file(),
        field + ".target",
        "cannot find what " + fault.kind().key() + " takes down: " + missing + " in the pipeline",
        "Name the Service: target: namespace/name");
  }

  /** The host of {@code http://host:port/path}, {@code host:port} or {@code host}. */
  static String host(String address) {
    String withScheme = address.contains("://") ? address : "tcp://" + address;
    String host = URI.create(withScheme).getHost();
    return host == null ? address : host;
  }

  private static Optional<String> string(GenericKubernetesResource resource, Object... path) {
    return Optional.ofNullable(resource.get(path)).map(String::valueOf);
  }

  /** The endpoint of the Collector's first OTLP exporter (otlp, otlp/..., otlphttp...). */
  private static Optional<String> traceExporterEndpoint(GenericKubernetesResource collector) {
    Object config = collector.get("spec", "config");
    if (config instanceof String text) {
      config = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(text, Map.class);
    }
    if (config instanceof Map<?, ?> map && map.get("exporters") instanceof Map<?, ?> exporters) {
      for (Map.Entry<?, ?> exporter : exporters.entrySet()) {
        if (String.valueOf(exporter.getKey()).startsWith("otlp")
            && exporter.getValue() instanceof Map<?, ?> settings
            && settings.get("endpoint") != null) {
          return Optional.of(String.valueOf(settings.get("endpoint")));
        }
      }
    }
    return Optional.empty();
  }
}
