package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.BoundedProcess;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.YamlDocuments;
import io.scaleproof.cluster.provision.ProvisioningException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CustomResourceDefinitions of KEDA, Argo CD and the Prometheus Operator, as those projects
 * publish them in their Go modules: fetched once from the Go module proxy into Go's module cache
 * ({@code go mod download}), then read from there. The OpenTelemetry Operator's module is not
 * served by the proxy, so its kinds are checked against the fields of its Go types instead (see
 * {@link SchemaChecks}).
 */
public final class UpstreamSchemas {
  /** A CRD file in a module, and the kind and version whose schema lint uses. */
  record Source(String module, String version, String file, String kind, String apiVersion) {
    String coordinates() {
      return module + "@" + version;
    }
  }

  static final List<Source> SOURCES =
      List.of(
          new Source(
              "github.com/kedacore/keda/v2",
              "v2.20.2",
              "config/crd/bases/keda.sh_scaledobjects.yaml",
              "ScaledObject",
              "v1alpha1"),
          new Source(
              "github.com/argoproj/argo-cd/v3",
              "v3.2.0",
              "manifests/crds/application-crd.yaml",
              "Application",
              "v1alpha1"),
          new Source(
              "github.com/prometheus-operator/prometheus-operator",
              "v0.85.0",
              "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml",
              "PrometheusRule",
              "v1"));

  private static final Pattern DIR = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"");
  private static final Pattern ERROR = Pattern.compile("\"Error\":\\s*\"([^\"]+)\"");
  private static volatile Map<String, Map<String, Object>> loaded;

  private UpstreamSchemas() {}

  /** Kind → the openAPIV3Schema of its served version. */
  static Map<String, Map<String, Object>> byKind() {
    Map<String, Map<String, Object>> schemas = loaded;
    if (schemas == null) {
      synchronized (UpstreamSchemas.class) {
        if (loaded == null) {
          loaded = load();
        }
        schemas = loaded;
      }
    }
    return schemas;
  }

  private static Map<String, Map<String, Object>> load() {
    Map<String, Path> directories = download();
    Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
    for (Source source : SOURCES) {
      Path file = directories.get(source.coordinates()).resolve(source.file());
      for (YamlDocuments.Document document : YamlDocuments.read(file)) {
        for (Object version :
            PlainValues.list(PlainValues.at(document.value(), "spec", "versions"))) {
          if (source.apiVersion().equals(PlainValues.map(version).get("name"))) {
            schemas.put(
                source.kind(),
                PlainValues.map(PlainValues.at(version, "schema", "openAPIV3Schema")));
          }
        }
      }
      if (!schemas.containsKey(source.kind())) {
        throw new ProvisioningException(
            file + ": no " + source.apiVersion() + " schema for " + source.kind());
      }
    }
    return schemas;
  }

  /**
   * Module coordinates → its directory in Go's module cache: read from the cache when the CRDs are
   * there already (no process), else downloaded.
   */
  private static Map<String, Path> download() {
    Map<String, Path> cached = new LinkedHashMap<>();
    for (Source source : SOURCES) {
      Path directory = moduleCache().resolve(escape(source.module()) + "@" + source.version());
      if (Files.isRegularFile(directory.resolve(source.file()))) {
        cached.put(source.coordinates(), directory);
      }
    }
    return cached.size() == SOURCES.size() ? cached : goModDownload();
  }

  /** Go's module cache: $GOMODCACHE, else the first $GOPATH's pkg/mod, else ~/go/pkg/mod. */
  private static Path moduleCache() {
    String modCache = System.getenv("GOMODCACHE");
    if (modCache != null && !modCache.isBlank()) {
      return Path.of(modCache);
    }
    String goPath = System.getenv("GOPATH");
    if (goPath != null && !goPath.isBlank()) {
      return Path.of(goPath.split(java.io.File.pathSeparator)[0], "pkg", "mod");
    }
    return Path.of(System.getProperty("user.home"), "go", "pkg", "mod");
  }

  /** A module path as the cache spells it: an upper-case letter as '!' and the letter. */
  private static String escape(String module) {
    StringBuilder escaped = new StringBuilder();
    for (char c : module.toCharArray()) {
      if (Character.isUpperCase(c)) {
        escaped.append('!').append(Character.toLowerCase(c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static Map<String, Path> goModDownload() {
    System.err.println(
        "scaleproof lint: fetching the CRD schemas of KEDA, Argo CD and the Prometheus Operator"
            + " from the Go module proxy (once, about 32 MB)...");
    List<String> command = new ArrayList<>(List.of("go", "mod", "download", "-json"));
    SOURCES.forEach(source -> command.add(source.coordinates()));
    String output;
    try {
      Path scratch = Files.createTempDirectory("scaleproof-lint");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile());
        builder.environment().put("GOTOOLCHAIN", "local");
        builder.environment().put("GOFLAGS", "-mod=mod");
        BoundedProcess.Result result = BoundedProcess.run(builder, Duration.ofMinutes(5));
        if (!result.finished()) {
          throw new ProvisioningException("go mod download did not finish in 5 minutes");
        }
        output = result.output();
      } finally {
        Files.deleteIfExists(scratch);
      }
    } catch (IOException e) {
      throw new ProvisioningException(
          "lint reads KEDA's, Argo CD's and the Prometheus Operator's CRD schemas from the Go"
              + " module proxy and needs Go for it ("
              + e.getMessage()
              + "). To fix: install Go 1.26 or newer and let it reach the Go module proxy");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisioningException("interrupted while fetching the CRD schemas");
    }
    Map<String, Path> directories = new LinkedHashMap<>();
    String[] objects = output.split("\\n}\\n?");
    for (int i = 0; i < SOURCES.size(); i++) {
      String object = i < objects.length ? objects[i] : "";
      Matcher dir = DIR.matcher(object);
      if (!dir.find()) {
        Matcher error = ERROR.matcher(object);
        throw new ProvisioningException(
            "go mod download "
                + SOURCES.get(i).coordinates()
                + " failed: "
                + (error.find() ? error.group(1) : output.strip())
                + ". To fix: let Go reach the Go module proxy (GOPROXY) once; the schemas are"
                + " cached after that");
      }
      directories.put(SOURCES.get(i).coordinates(), Path.of(dir.group(1)));
    }
    return directories;
  }

  /** The schema of a kind, if lint has its CRD. */
  static Optional<Map<String, Object>> of(String kind) {
    return Optional.ofNullable(byKind().get(kind));
  }

  /**
   * The upstream CRD file of {@code kind} (ScaledObject, Application, PrometheusRule), fetched from
   * the Go module proxy on first use: what the local backend installs on a real API server.
   */
  public static Path crdFile(String kind) {
    Map<String, Path> directories = download();
    return SOURCES.stream()
        .filter(source -> source.kind().equals(kind))
        .findFirst()
        .map(source -> directories.get(source.coordinates()).resolve(source.file()))
        .orElseThrow(() -> new IllegalArgumentException("no upstream CRD of " + kind));
  }
}
