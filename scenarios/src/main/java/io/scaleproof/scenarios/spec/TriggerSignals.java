package io.scaleproof.scenarios.spec;

import static io.scaleproof.cluster.PlainValues.at;
import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.scenarios.spec.ScalingChain.DeclaredTrigger;
import io.scaleproof.scenarios.spec.ScalingChain.ServiceAddress;
import io.scaleproof.scenarios.spec.ScalingChain.Signal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's ScaledObject triggers as the signals scaleproof reads: the trigger a signal names (or
 * the only one), which must be a prometheus trigger with a query, and the Service of the pipeline
 * its {@code serverAddress} names. Every error points at the service's entry of the project file.
 *
 * @param file the project file
 * @param entry the service's entry in it, {@code services[i]}
 * @param objects the pipeline's objects, as plain maps
 * @param autoscaler how errors name the service's autoscaler: "ScaledObject checkout"
 */
record TriggerSignals(
    Path file, String entry, List<Map<String, Object>> objects, String autoscaler) {
  /** The ScaledObject's triggers, in their order. */
  static List<DeclaredTrigger> declared(Map<String, Object> scaledObject) {
    List<DeclaredTrigger> triggers = new ArrayList<>();
    List<Object> declared = list(at(scaledObject, "spec", "triggers"));
    for (int i = 0; i < declared.size(); i++) {
      Map<String, Object> trigger = map(declared.get(i));
      Map<String, Object> metadata = map(trigger.get("metadata"));
      triggers.add(
          new DeclaredTrigger(
              i,
              (String) trigger.get("name"),
              String.valueOf(trigger.get("type")),
              Optional.ofNullable((String) trigger.get("metricType")).orElse("AverageValue"),
              (String) metadata.get("query"),
              number(metadata.get("threshold")),
              (String) metadata.get("serverAddress")));
    }
    return triggers;
  }

  /** The autoscaler's one trigger as the latency signal; more than one must be named. */
  Signal only(ServiceUnderTest service, List<DeclaredTrigger> triggers) {
    if (triggers.size() != 1) {
      throw invalid(
          "signals.latency",
          autoscaler
              + " has "
              + triggers.size()
              + " triggers; scaleproof cannot tell which one scales on latency",
          "Name it: signals.latency: one of "
              + triggers.stream().map(DeclaredTrigger::describe).toList()
              + (triggers.stream().anyMatch(t -> t.name() == null)
                  ? " (give the trigger a 'name' in the ScaledObject)"
                  : ""));
    }
    return prometheus(service, triggers.get(0), "signals.latency");
  }

  /** The trigger a signal's source names. */
  Signal named(
      ServiceUnderTest service, List<DeclaredTrigger> triggers, ServiceUnderTest.Source source) {
    String field = source.field();
    DeclaredTrigger named =
        triggers.stream()
            .filter(t -> source.trigger().equals(t.name()))
            .findFirst()
            .orElseThrow(
                () ->
                    invalid(
                        field.substring(entry.length() + 1),
                        autoscaler
                            + " of "
                            + service.deploymentRef()
                            + (DeclaredTrigger.EXTERNAL.equals(
                                    triggers.isEmpty() ? null : triggers.get(0).type())
                                ? " has no external metric named '"
                                : " has no trigger named '")
                            + source.trigger()
                            + "'",
                        "Use one of "
                            + triggers.stream()
                                .map(DeclaredTrigger::name)
                                .filter(Objects::nonNull)
                                .toList()));
    return prometheus(service, named, field.substring(entry.length() + 1));
  }

  /**
   * A trigger as a signal: it must be one whose query scaleproof can ask too, a prometheus trigger
   * or an external metric the Prometheus Adapter serves.
   */
  private Signal prometheus(ServiceUnderTest service, DeclaredTrigger trigger, String field) {
    boolean queried =
        "prometheus".equals(trigger.type()) || DeclaredTrigger.EXTERNAL.equals(trigger.type());
    if (!queried || trigger.query() == null) {
      throw invalid(
          field,
          "trigger "
              + trigger.describe()
              + " of "
              + service.deploymentRef()
              + " is of type "
              + trigger.type()
              + "; scaleproof reads a signal from a prometheus trigger's query",
          "Name a prometheus trigger");
    }
    if (trigger.serverAddress() == null) {
      throw invalid(
          field,
          "trigger " + trigger.describe() + " has no metadata.serverAddress",
          "Give the trigger the address of the Prometheus KEDA asks");
    }
    return new Signal(
        Optional.of(trigger), trigger.query(), server(service, trigger.serverAddress(), field));
  }

  /**
   * The Service of the pipeline a {@code serverAddress} names, as the cluster's DNS resolves it:
   * {@code name}, {@code name.namespace}, {@code name.namespace.svc[.cluster.local]}.
   */
  private ServiceAddress server(ServiceUnderTest service, String address, String field) {
    URI uri;
    try {
      uri = URI.create(address.strip());
    } catch (IllegalArgumentException e) {
      throw invalid(
          field, "serverAddress '" + address + "' is not a URL", "Write it as http://host:port");
    }
    if (uri.getHost() == null) {
      throw invalid(
          field, "serverAddress '" + address + "' names no host", "Write it as http://host:port");
    }
    String[] labels = uri.getHost().split("\\.");
    String name = labels[0];
    String namespace = labels.length > 1 ? labels[1] : service.namespace();
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    boolean declared =
        objects.stream()
            .filter(o -> "Service".equals(o.get("kind")))
            .anyMatch(
                o ->
                    namespace.equals(ChainReader.namespaceOf(o))
                        && name.equals(at(o, "metadata", "name")));
    if (!declared) {
      throw invalid(
          field,
          "the trigger asks "
              + address
              + ", but the pipeline declares no Service "
              + namespace
              + "/"
              + name
              + " to answer it",
          "Declare the Prometheus that KEDA asks in the pipeline, or point serverAddress at it");
    }
    return new ServiceAddress(namespace, name, port);
  }

  private InvalidInputException invalid(String field, String problem, String fix) {
    return new InvalidInputException(file, entry + "." + field, problem, fix);
  }

  private static Double number(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Double.parseDouble(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
