package io.scaleproof.scenarios.spec;

import static io.scaleproof.cluster.PlainValues.at;
import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.spec.ScalingChain.DeclaredTrigger;
import io.scaleproof.scenarios.spec.ScalingChain.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Follows each service of a project through its pipeline's manifests to its {@link ScalingChain}:
 * the Deployment, the ScaledObject that scales it (or the HPA on the Prometheus Adapter's external
 * metrics, read through {@link AdapterTriggers}), the Service and port, the triggers, the
 * Prometheus a trigger's {@code serverAddress} names and the recording rules its query reads. Every
 * missing link is an error that names the project file's field and the fix.
 */
final class ChainReader {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private ChainReader() {}

  /**
   * Reads the chain of every service of {@code project} from {@code pipeline}'s manifests.
   *
   * @throws InvalidInputException naming the project file's field when a link is missing: no
   *     Deployment, no ScaledObject that scales it, no Service with the port, a signal that names
   *     no trigger, a query's Prometheus that the pipeline does not declare
   */
  static Map<String, ScalingChain> read(Project project, Pipeline pipeline) {
    List<Map<String, Object>> objects = plain(pipeline);
    ScaledObjectTargets.check(pipeline, objects);
    Map<String, ScalingChain> chains = new LinkedHashMap<>();
    List<ServiceUnderTest> services = project.services();
    for (int i = 0; i < services.size(); i++) {
      chains.put(
          services.get(i).name(),
          new Reader(project, "services[" + i + "]", pipeline, objects).read(services.get(i)));
    }
    return chains;
  }

  /** The pipeline's objects as plain maps, as the readers of a chain read them. */
  static List<Map<String, Object>> plain(Pipeline pipeline) {
    return pipeline.objects().stream().map(ChainReader::plain).toList();
  }

  private static Map<String, Object> plain(HasMetadata object) {
    return SERIALIZATION.convertValue(object, Map.class);
  }

  /** Reads one service's chain; every error points at the service's entry of the project file. */
  private record Reader(
      Project project, String entry, Pipeline pipeline, List<Map<String, Object>> objects) {

    ScalingChain read(ServiceUnderTest service) {
      String namespace = service.namespace();
      String deploymentFile =
          pipeline
              .declaringFile("Deployment", namespace, service.deployment())
              .orElseThrow(
                  () ->
                      invalid(
                          "deployment",
                          "the pipeline "
                              + pipeline.source()
                              + " declares no Deployment "
                              + service.deploymentRef(),
                          "Name a Deployment the pipeline declares: " + declared("Deployment")));
      Optional<Map<String, Object>> scaledObject = scaledObjectOf(service);
      Map<String, Object> autoscaler;
      List<DeclaredTrigger> triggers;
      Duration polling;
      if (scaledObject.isPresent()) {
        autoscaler = scaledObject.get();
        triggers = TriggerSignals.declared(autoscaler);
        polling =
            at(autoscaler, "spec", "pollingInterval") instanceof Number seconds
                ? Duration.ofSeconds(seconds.longValue())
                : ScalingChain.KEDA_DEFAULT_POLLING;
      } else {
        autoscaler = hpaOf(service).orElseThrow(() -> noAutoscaler(service));
        String hpa =
            "HorizontalPodAutoscaler " + namespace + "/" + at(autoscaler, "metadata", "name");
        triggers =
            AdapterTriggers.of(project, entry, pipeline, objects, hpa)
                .declared(autoscaler, namespace, recordingRules());
        // The Adapter asks Prometheus on each of the HPA's reads: no poll of its own.
        polling = Duration.ZERO;
      }
      checkService(service);
      String kind = String.valueOf(autoscaler.get("kind"));
      String name = String.valueOf(at(autoscaler, "metadata", "name"));
      TriggerSignals reader = new TriggerSignals(project.file(), entry, objects, kind + " " + name);
      ServiceUnderTest.Signals signals = service.signals();
      Signal latency =
          signals
              .latency()
              .map(source -> reader.named(service, triggers, source))
              .orElseGet(() -> reader.only(service, triggers));
      Optional<Signal> errors =
          signals.errors().map(source -> reader.named(service, triggers, source));
      Optional<Signal> rate =
          signals
              .rate()
              .map(
                  source ->
                      source.query() != null
                          ? new Signal(Optional.empty(), source.query(), latency.server())
                          : reader.named(service, triggers, source));
      List<String> rules = new ArrayList<>();
      for (Signal signal : signalsOf(latency, errors, rate)) {
        for (String record : recordingRules()) {
          if (mentions(signal.query(), record) && !rules.contains(record)) {
            rules.add(record);
          }
        }
      }
      return new ScalingChain(
          service,
          new ScalingChain.Autoscaler(
              kind, name, pipeline.declaringFile(kind, namespace, name).orElseThrow()),
          deploymentFile,
          triggers,
          latency,
          errors,
          rate,
          polling,
          rules);
    }

    /** The ScaledObject whose target is the service's Deployment, as KEDA finds its target. */
    private Optional<Map<String, Object>> scaledObjectOf(ServiceUnderTest service) {
      List<Map<String, Object>> scaling =
          objects.stream()
              .filter(o -> "ScaledObject".equals(o.get("kind")))
              .filter(o -> service.namespace().equals(namespaceOf(o)))
              .filter(o -> service.deployment().equals(at(o, "spec", "scaleTargetRef", "name")))
              .filter(
                  o -> {
                    Object kind = at(o, "spec", "scaleTargetRef", "kind");
                    return kind == null || "Deployment".equals(kind);
                  })
              .toList();
      if (scaling.size() > 1) {
        throw invalid(
            "deployment",
            scaling.size() + " ScaledObjects scale Deployment " + service.deploymentRef(),
            "Keep one: KEDA refuses a second ScaledObject for the same target");
      }
      return scaling.stream().findFirst();
    }

    private InvalidInputException noAutoscaler(ServiceUnderTest service) {
      return invalid(
          "deployment",
          "no ScaledObject of the pipeline scales Deployment "
              + service.deploymentRef()
              + ", nor an HPA on external metrics",
          "Declare a ScaledObject in "
              + service.namespace()
              + " whose spec.scaleTargetRef.name is "
              + service.deployment()
              + ", or an HPA on the Prometheus Adapter's external metrics: scaleproof proves"
              + " autoscaling on the pipeline's signals");
    }

    /** An HPA of the pipeline on external metrics whose target is the service's Deployment. */
    private Optional<Map<String, Object>> hpaOf(ServiceUnderTest service) {
      return objects.stream()
          .filter(o -> "HorizontalPodAutoscaler".equals(o.get("kind")))
          .filter(o -> service.namespace().equals(namespaceOf(o)))
          .filter(o -> service.deployment().equals(at(o, "spec", "scaleTargetRef", "name")))
          .filter(
              o ->
                  list(at(o, "spec", "metrics")).stream()
                      .anyMatch(m -> "External".equals(map(m).get("type"))))
          .findFirst();
    }

    private void checkService(ServiceUnderTest service) {
      Optional<Map<String, Object>> declared =
          objects.stream()
              .filter(o -> "Service".equals(o.get("kind")))
              .filter(o -> service.namespace().equals(namespaceOf(o)))
              .filter(o -> service.service().equals(at(o, "metadata", "name")))
              .findFirst();
      if (declared.isEmpty()) {
        throw invalid(
            "service",
            "the pipeline declares no Service " + service.namespace() + "/" + service.service(),
            "Give 'service:' the name of the Service in front of " + service.deploymentRef());
      }
      boolean hasPort =
          list(at(declared.get(), "spec", "ports")).stream()
              .anyMatch(port -> Objects.equals(map(port).get("port"), service.port()));
      if (!hasPort) {
        throw invalid(
            "port",
            "Service "
                + service.namespace()
                + "/"
                + service.service()
                + " has no port "
                + service.port(),
            "Give one of its ports: "
                + list(at(declared.get(), "spec", "ports")).stream()
                    .map(port -> map(port).get("port"))
                    .toList());
      }
    }

    /** Every name a PrometheusRule of the pipeline records. */
    private List<String> recordingRules() {
      List<String> records = new ArrayList<>();
      for (Map<String, Object> object : objects) {
        if ("PrometheusRule".equals(object.get("kind"))) {
          for (Object group : list(at(object, "spec", "groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
              if (map(rule).get("record") instanceof String record) {
                records.add(record);
              }
            }
          }
        }
      }
      return records;
    }

    private String declared(String kind) {
      return objects.stream()
          .filter(o -> kind.equals(o.get("kind")))
          .map(o -> namespaceOf(o) + "/" + at(o, "metadata", "name"))
          .toList()
          .toString();
    }

    private InvalidInputException invalid(String field, String problem, String fix) {
      return new InvalidInputException(project.file(), entry + "." + field, problem, fix);
    }
  }

  private static List<Signal> signalsOf(
      Signal latency, Optional<Signal> errors, Optional<Signal> rate) {
    List<Signal> all = new ArrayList<>(List.of(latency));
    errors.ifPresent(all::add);
    rate.ifPresent(all::add);
    return all;
  }

  /** Whether {@code query} reads the series {@code name}, as a whole metric name. */
  static boolean mentions(String query, String name) {
    var tokens = METRIC_NAME.matcher(query);
    while (tokens.find()) {
      if (tokens.group().equals(name)) {
        return true;
      }
    }
    return false;
  }

  static String namespaceOf(Map<String, Object> object) {
    Object namespace = at(object, "metadata", "namespace");
    return namespace == null || String.valueOf(namespace).isBlank()
        ? "default"
        : String.valueOf(namespace);
  }
}
