package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.YamlMapping;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a project file, {@code scaleproof.yaml}. Paths are relative to the file's directory:
 *
 * <pre>{@code
 * pipeline: deploy/observability     # rendered as the Argo CD Application's path is
 * runtimes: deploy/runtimes.yaml     # optional: image -> local command, over the shipped table
 * scenarios: scaling                 # optional (default: scenarios)
 * services:
 *   - name: checkout                 # how scenarios name it
 *     deployment: shop/checkout      # namespace/name of the Deployment a ScaledObject (or an HPA) scales
 *     service: checkout              # optional: the Service the load goes to (default: the
 *                                    #   Deployment's name)
 *     port: 8080                     # the Service's port
 *     request:                       # optional (default: GET /)
 *       method: POST
 *       path: /checkout
 *       headers: {Content-Type: application/json}
 *       body: '{"items": 3}'
 *     signals:                       # optional when the ScaledObject has one trigger
 *       latency: checkout-p95        # a trigger's name
 *       errors: checkout-errors
 *       rate: {query: 'sum(rate(...))'}   # or a query of your own
 *     faults:
 *       errorRateVariable: ERROR_RATE    # optional: for scenarios that inject errors
 * prometheusAdapter:                 # only when HPAs scale on the Prometheus Adapter's metrics
 *   prometheusUrl: http://prometheus.monitoring.svc:9090
 *   relistInterval: 30s              # optional (default: 10m, the Adapter's own)
 *   configMap: monitoring/adapter-config   # optional when one ConfigMap has externalRules
 * }</pre>
 *
 * Every error names the file, the field and the fix.
 */
public final class ProjectFile {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private ProjectFile() {}

  /**
   * @throws InvalidInputException naming the file and the field when the project is not valid
   */
  public static Project read(Path file) {
    Path source = file.toAbsolutePath().normalize();
    YamlMapping root =
        YamlMapping.file(
                source,
                "Keep the project in one YAML document that starts with 'pipeline:' and 'services:'")
            .allowOnly("pipeline", "runtimes", "scenarios", "services", "prometheusAdapter");
    Path directory = source.getParent();
    Path pipeline = directory(root, "pipeline", null, directory);
    Optional<Path> runtimes =
        root.optionalString("runtimes").map(relative -> file(root, "runtimes", directory));
    Path scenarios = directory(root, "scenarios", "scenarios", directory);
    List<ServiceUnderTest> services = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlMapping service :
        root.sections(
            "services",
            "List the services under test: name, deployment (namespace/name) and port of each")) {
      ServiceUnderTest read = service(service);
      if (!names.add(read.name())) {
        throw service.invalid(
            service.at("name"), "'" + read.name() + "' is declared twice", "Give each a name");
      }
      services.add(read);
    }
    return new Project(source, pipeline, runtimes, scenarios, services, prometheusAdapter(root));
  }

  private static Optional<DeclaredAdapter> prometheusAdapter(YamlMapping root) {
    if (!root.has("prometheusAdapter")) {
      return Optional.empty();
    }
    YamlMapping adapter =
        root.section("prometheusAdapter").allowOnly("prometheusUrl", "relistInterval", "configMap");
    String url =
        adapter.string(
            "prometheusUrl", "Give the Prometheus the Adapter asks: its --prometheus-url");
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw adapter.invalid(
          adapter.at("prometheusUrl"),
          "'" + url + "' is not a URL",
          "Write it as http://host:port");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw adapter.invalid(
          adapter.at("prometheusUrl"),
          "'" + url + "' is not an http(s) URL with a host",
          "Write it as http://prometheus.monitoring.svc:9090");
    }
    Optional<String> configMap = adapter.optionalString("configMap");
    configMap.ifPresent(
        name -> namespaceAndName(adapter, "configMap", name, "monitoring/adapter-config"));
    return Optional.of(
        new DeclaredAdapter(
            uri,
            YamlFields.of(adapter)
                .duration("relistInterval", DeclaredAdapter.DEFAULT_RELIST_INTERVAL),
            configMap));
  }

  private static ServiceUnderTest service(YamlMapping service) {
    service.allowOnly("name", "deployment", "service", "port", "request", "signals", "faults");
    String name = service.string("name", "Name the service, as its scenarios will call it");
    String deployment =
        service.string("deployment", "Give the Deployment its autoscaler scales: namespace/name");
    String[] parts = namespaceAndName(service, "deployment", deployment, "shop/checkout");
    int port = port(service);
    YamlMapping faults = service.section("faults").allowOnly("errorRateVariable");
    return new ServiceUnderTest(
        name,
        parts[0],
        parts[1],
        service.optionalString("service").orElse(parts[1]),
        port,
        request(service.section("request")),
        signals(service.section("signals")),
        faults.optionalString("errorRateVariable"));
  }

  /** {@code value} of {@code key} split as {@code namespace/name}; anything else is refused. */
  private static String[] namespaceAndName(
      YamlMapping mapping, String key, String value, String example) {
    String[] parts = value.split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw mapping.invalid(
          mapping.at(key),
          "'" + value + "' is not namespace/name",
          "Write it as the namespace and the name, e.g. " + example);
    }
    return parts;
  }

  private static int port(YamlMapping service) {
    Object value = service.value("port");
    if (value == null) {
      throw service.invalid(service.at("port"), "is missing", "Give the Service's port, e.g. 8080");
    }
    if (!(value instanceof Integer port) || port < 1 || port > 65535) {
      throw service.invalid(
          service.at("port"), "'" + value + "' is not a port", "Give a number from 1 to 65535");
    }
    return port;
  }

  private static ServiceUnderTest.Request request(YamlMapping request) {
    request.allowOnly("method", "path", "headers", "body");
    String method = request.optionalString("method").orElse("GET").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw request.invalid(
          request.at("method"), "'" + method + "' is not an HTTP method", "Use one of " + METHODS);
    }
    String path = request.optionalString("path").orElse("/");
    if (!path.startsWith("/")) {
      throw request.invalid(
          request.at("path"), "'" + path + "' does not start with /", "Write it as /" + path);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    YamlMapping declared = request.section("headers");
    for (String header : declared.keys()) {
      headers.put(header, declared.string(header, "Give the header a value"));
    }
    return new ServiceUnderTest.Request(
        method, path, headers, request.optionalString("body").orElse(null));
  }

  private static ServiceUnderTest.Signals signals(YamlMapping signals) {
    signals.allowOnly("latency", "errors", "rate");
    return new ServiceUnderTest.Signals(
        source(signals, "latency", false),
        source(signals, "errors", false),
        source(signals, "rate", true));
  }

  /** A trigger's name, or (where {@code query} is allowed) {@code {query: PromQL}}. */
  private static Optional<ServiceUnderTest.Source> source(
      YamlMapping signals, String key, boolean query) {
    if (!signals.has(key)) {
      return Optional.empty();
    }
    if (signals.value(key) instanceof Map<?, ?>) {
      YamlMapping own = signals.section(key);
      if (!query) {
        throw signals.invalid(
            signals.at(key),
            "must name a trigger: scaleproof proves what the autoscaler scales on",
            "Give the name of the ScaledObject's trigger");
      }
      own.allowOnly("query");
      return Optional.of(
          new ServiceUnderTest.Source(
              null, own.string("query", "Give the PromQL"), signals.at(key) + ".query"));
    }
    return Optional.of(
        new ServiceUnderTest.Source(
            signals.string(key, "Give the trigger's name"), null, signals.at(key)));
  }

  private static Path directory(YamlMapping root, String key, String otherwise, Path base) {
    if (!root.has(key) && otherwise != null) {
      return base.resolve(otherwise).normalize();
    }
    Path path =
        base.resolve(root.string(key, "Give the directory, relative to this file")).normalize();
    if (!Files.isDirectory(path)) {
      throw root.invalid(
          root.at(key),
          "'" + root.value(key) + "' is not a directory (" + path + ")",
          "Give a directory relative to " + base);
    }
    return path;
  }

  private static Path file(YamlMapping root, String key, Path base) {
    Path path = base.resolve(root.string(key, "Give the file, relative to this file")).normalize();
    if (!Files.isRegularFile(path)) {
      throw root.invalid(
          root.at(key),
          "'" + root.value(key) + "' is not a file (" + path + ")",
          "Give a file relative to " + base);
    }
    return path;
  }
}
