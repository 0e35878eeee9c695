package io.scaleproof.cluster.pipeline;

import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.BoundedProcess;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.provision.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The declared pipeline held against the real programs before anything starts: {@code otelcol
 * validate} on every {@code OpenTelemetryCollector}'s config, {@code promtool check rules} on every
 * {@code PrometheusRule}'s groups. Each program gets a bounded time; one that does not finish in it
 * is stopped with its children, and says so instead of a verdict.
 */
final class PipelineValidator {
  /** How long one program may take over one object. */
  static final Duration CHECK_TIMEOUT = Duration.ofMinutes(1);

  private final Tools tools;

  PipelineValidator(Tools tools) {
    this.tools = tools;
  }

  /**
   * Provides every tool of the catalog (building them on a machine's first run), then checks each
   * declared object with the program for its kind.
   *
   * @throws InvalidInputException with the program's message, naming the file and the object
   */
  void validate(List<Manifests.Sourced> objects) {
    // Every tool of the pipeline, provided now: a first-time build takes minutes, which must not
    // happen inside a pod start.
    tools.names().forEach(tools::directory);
    Path scratch;
    try {
      scratch = Files.createTempDirectory("scaleproof-validate");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (Manifests.Sourced declared : objects) {
        Optional<Refusal> refusal = refusal(scratch, declared.object());
        if (refusal.isPresent()) {
          throw new InvalidInputException(
              declared.file(),
              describe(declared) + ": " + refusal.get().field(),
              refusal.get().message(),
              refusal.get().fix() + "; nothing was started");
        }
      }
    } finally {
      deleteQuietly(scratch);
    }
  }

  /**
   * Checks one object with the real program for its kind; empty when it passes, or when no program
   * checks that kind.
   *
   * @param scratch a directory for the files the programs read
   */
  Optional<Refusal> refusal(Path scratch, HasMetadata object) {
    if (!(object instanceof GenericKubernetesResource resource)) {
      return Optional.empty();
    }
    return switch (resource.getKind()) {
      case "OpenTelemetryCollector" -> checkCollector(scratch, resource);
      case "PrometheusRule" -> checkRules(scratch, resource);
      default -> Optional.empty();
    };
  }

  private Optional<Refusal> checkCollector(Path scratch, GenericKubernetesResource collector) {
    Object config = spec(collector).get("config");
    if (!(config instanceof Map<?, ?>)) {
      return Optional.of(
          new Refusal("spec.config", "is missing: give the collector's configuration"));
    }
    Path file = scratch.resolve(collector.getMetadata().getName() + "-collector.yaml");
    write(file, yaml(config));
    Path otelcol = tools.binary("otelcol", "otelcol-scaleproof");
    return verdict(
        "spec.config",
        "the OpenTelemetry Collector rejects it: ",
        List.of(otelcol.toString(), "validate", "--config=" + file),
        CHECK_TIMEOUT);
  }

  private Optional<Refusal> checkRules(Path scratch, GenericKubernetesResource rule) {
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("groups", spec(rule).getOrDefault("groups", List.of()));
    Path file = scratch.resolve(rule.getMetadata().getName() + "-rules.yaml");
    write(file, yaml(groups));
    Path promtool = tools.binary("prometheus", "promtool");
    return verdict(
        "spec.groups",
        "promtool rejects the rules: ",
        List.of(promtool.toString(), "check", "rules", file.toString()),
        CHECK_TIMEOUT);
  }

  /**
   * Runs a program over the object's {@code field} for at most {@code timeout}: empty when it
   * passes; its output after {@code rejects} when it refuses; a refusal that names the program and
   * says what to do when it does not finish.
   */
  static Optional<Refusal> verdict(
      String field, String rejects, List<String> command, Duration timeout) {
    Check check = run(command, timeout);
    if (check.timedOut()) {
      return Optional.of(
          new Refusal(
              field,
              check.output(),
              "The program, not the file, may be at fault: run it by hand on the object's "
                  + field
                  + " to see where it stops"));
    }
    return check.passed()
        ? Optional.empty()
        : Optional.of(new Refusal(field, rejects + check.output()));
  }

  /**
   * How a program's run ended.
   *
   * @param passed it exited 0
   * @param timedOut it was stopped at the timeout; then {@code output} says so and names it
   * @param output what it printed (standard output and error), stripped
   */
  record Check(boolean passed, boolean timedOut, String output) {}

  /** Runs a check to its end or {@code timeout}, when the program and its children are stopped. */
  static Check run(List<String> command, Duration timeout) {
    try {
      BoundedProcess.Result result = BoundedProcess.run(new ProcessBuilder(command), timeout);
      if (!result.finished()) {
        return new Check(
            false,
            true,
            String.join(" ", command)
                + " did not finish within "
                + text(timeout)
                + " and was stopped"
                + (result.output().isEmpty() ? "" : "; it printed: " + result.output()));
      }
      return new Check(result.succeeded(), false, result.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static String text(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }

  private static String describe(Manifests.Sourced declared) {
    return declared.where()
        + ": "
        + declared.object().getKind()
        + " "
        + declared.object().getMetadata().getName();
  }

  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return map(resource.getAdditionalProperties().get("spec"));
  }

  private static String yaml(Object value) {
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
        .dumpToString(value);
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
