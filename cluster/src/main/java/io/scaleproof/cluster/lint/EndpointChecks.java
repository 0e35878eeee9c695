package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each layer sends to the next: the Instrumentation's OTLP endpoint, the Collector's
 * exporters, Prometheus' scrape targets and KEDA's server address, each against the Services of the
 * pipeline and the ports behind them.
 */
final class EndpointChecks {
  private static final String INJECT = "instrumentation.opentelemetry.io/inject-";

  /** The languages whose agents send OTLP over http/protobuf by default (see otel.md, §1). */
  private static final Set<String> HTTP_PROTOBUF = Set.of("java", "nodejs", "python");

  private EndpointChecks() {}

  static void check(LintModel model, Findings findings) {
    for (Declared instrumentation : model.ofKind("Instrumentation")) {
      instrumentation(model, instrumentation, findings);
    }
    for (Collector collector : model.collectors) {
      collector
          .exporters()
          .forEach(
              (id, body) -> {
                if (!collector.isOtlpExporter(id)) {
                  return;
                }
                Object[] path = Collector.inConfig("exporters", id, "endpoint");
                String endpoint = String.valueOf(PlainValues.map(body).get("endpoint"));
                boolean http =
                    Collector.type(id).equals("otlphttp") || Collector.type(id).equals("otlp_http");
                if (http && !endpoint.contains("://")) {
                  findings.add(
                      Rule.ENDPOINT_SCHEME,
                      collector.declared,
                      path,
                      "the OTLP/HTTP exporter's endpoint `" + endpoint + "` has no scheme",
                      "Write it as a URL: http://" + endpoint);
                }
                target(model, collector.declared, path, null, endpoint, findings);
              });
    }
    for (LintModel.PrometheusConfig config : model.prometheus) {
      for (LintModel.ScrapeTarget target : config.targets()) {
        target(
            model,
            config.configMap(),
            new Object[] {"data", config.key()},
            target.target(),
            target.target(),
            findings);
      }
    }
    for (Declared scaled : model.ofKind("ScaledObject")) {
      List<Object> triggers = scaled.list("spec", "triggers");
      for (int t = 0; t < triggers.size(); t++) {
        Map<String, Object> trigger = PlainValues.map(triggers.get(t));
        Object server = PlainValues.map(trigger.get("metadata")).get("serverAddress");
        if ("prometheus".equals(trigger.get("type")) && server != null) {
          target(
              model,
              scaled,
              new Object[] {"spec", "triggers", t, "metadata", "serverAddress"},
              null,
              String.valueOf(server),
              findings);
        }
      }
    }
  }

  private static void instrumentation(
      LintModel model, Declared instrumentation, Findings findings) {
    Object[] path = {"spec", "exporter", "endpoint"};
    String endpoint = instrumentation.string(path);
    if (endpoint == null) {
      return;
    }
    if (!endpoint.contains("://")) {
      findings.add(
          Rule.ENDPOINT_SCHEME,
          instrumentation,
          path,
          "`"
              + endpoint
              + "` has no scheme: the SDKs read OTEL_EXPORTER_OTLP_ENDPOINT as a URL,"
              + " and the Java agent and the HTTP exporters reject or misread a bare host:port",
          "Write it as a URL: http://" + endpoint.replaceFirst(":4317$", ":4318"));
    }
    Optional<LintModel.Service> service =
        target(model, instrumentation, path, null, endpoint, findings);
    if (service.isPresent() && service.get().collector() == null) {
      findings.add(
          Rule.ENDPOINT_BYPASS,
          instrumentation,
          path,
          "spans go to Service "
              + service.get().namespace()
              + "/"
              + service.get().name()
              + ", which is no Collector: they bypass the span-metrics connector, so no latency or"
              + " error series are made and the triggers read nothing",
          "Send them to the Collector's Service ("
              + model.collectors.stream()
                  .map(c -> c.declared.namespace() + "/" + c.name() + "-collector")
                  .findFirst()
                  .orElse("<name>-collector")
              + ") and let the Collector export to the trace store");
    }
    Optional<Integer> port = Endpoint.parse(endpoint).map(Endpoint::port);
    if (port.isPresent() && port.get() == 4317) {
      Map<String, List<String>> languages = languages(model, instrumentation.namespace());
      languages.keySet().removeIf(language -> grpcOverride(instrumentation, language));
      if (!languages.isEmpty()) {
        findings.add(
            Rule.ENDPOINT_PROTOCOL,
            instrumentation,
            path,
            "port 4317 is OTLP/gRPC, but the agents injected here send http/protobuf by default"
                + " ("
                + describe(languages)
                + "); their spans are refused",
            "Use the Collector's OTLP/HTTP port: "
                + endpoint.replaceFirst(":4317", ":4318")
                + (languages.containsKey("python")
                    ? " (the Python agent has no gRPC exporter, so 4318 is the only way)"
                    : ""));
      }
    }
  }

  /** Injected languages in a namespace → the Deployments that ask for them. */
  private static Map<String, List<String>> languages(LintModel model, String namespace) {
    Map<String, List<String>> languages = new LinkedHashMap<>();
    for (Declared deployment : model.ofKind("Deployment")) {
      if (!deployment.namespace().equals(namespace)) {
        continue;
      }
      deployment
          .map("spec", "template", "metadata", "annotations")
          .forEach(
              (key, value) -> {
                String language = key.startsWith(INJECT) ? key.substring(INJECT.length()) : "";
                if (HTTP_PROTOBUF.contains(language) && !"false".equals(String.valueOf(value))) {
                  languages
                      .computeIfAbsent(language, l -> new java.util.ArrayList<>())
                      .add(deployment.name());
                }
              });
    }
    return languages;
  }

  private static boolean grpcOverride(Declared instrumentation, String language) {
    for (Object env :
        List.of(
            instrumentation.list("spec", "env"), instrumentation.list("spec", language, "env"))) {
      for (Object variable : PlainValues.list(env)) {
        Map<String, Object> entry = PlainValues.map(variable);
        if ("OTEL_EXPORTER_OTLP_PROTOCOL".equals(entry.get("name"))
            && "grpc".equals(entry.get("value"))
            && !language.equals("python")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String describe(Map<String, List<String>> languages) {
    return String.join(
        "; ",
        languages.entrySet().stream()
            .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
            .toList());
  }

  /**
   * Checks that an address names a Service of the pipeline and a port it serves (for a Collector's
   * Service, a port one of its receivers listens on); the Service when it does.
   */
  static Optional<LintModel.Service> target(
      LintModel model,
      Declared object,
      Object[] path,
      String within,
      String address,
      Findings findings) {
    Optional<Endpoint> endpoint = Endpoint.parse(address);
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    LintModel.Host host = model.resolve(endpoint.get().host(), object.namespace());
    if (host instanceof LintModel.Unknown unknown) {
      Set<String> names = new TreeSet<>();
      model.services.values().stream()
          .filter(s -> s.namespace().equals(unknown.namespace()))
          .forEach(s -> names.add(s.name()));
      findings.add(
          Rule.ENDPOINT_HOST,
          object,
          path,
          within,
          "`"
              + endpoint.get().host()
              + "` is no Service of the pipeline"
              + (names.isEmpty()
                  ? " (namespace " + unknown.namespace() + " has none)"
                  : " (namespace "
                      + unknown.namespace()
                      + " has: "
                      + String.join(", ", names)
                      + ")"),
          SchemaChecks.closest(unknown.name(), names)
                  .map(name -> "Did you mean " + name + "? ")
                  .orElse("")
              + "Name a Service the pipeline declares, or that the operator makes for a Collector"
              + " (<name>-collector)");
      return Optional.empty();
    }
    if (!(host instanceof LintModel.InCluster inCluster)) {
      return Optional.empty();
    }
    LintModel.Service service = inCluster.service();
    Integer port = endpoint.get().port();
    if (port != null && !service.ports().contains(port)) {
      String serves =
          service.collector() != null
              ? "Collector " + service.collector().name() + " listens on " + describePorts(service)
              : "Service " + service.name() + " serves " + service.ports();
      findings.add(
          Rule.ENDPOINT_PORT,
          object,
          path,
          within,
          "port " + port + " of " + service.namespace() + "/" + service.name() + ": " + serves,
          "Use one of the ports " + service.ports());
    }
    return Optional.of(service);
  }

  private static String describePorts(LintModel.Service service) {
    if (service.name().endsWith("-monitoring")) {
      return service.ports() + " (its own telemetry)";
    }
    Map<String, Integer> receivers = service.collector().receiverPorts();
    return receivers.isEmpty() ? service.ports().toString() : receivers.toString();
  }
}
