package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.cluster.pipeline.Refusal;
import io.scaleproof.cluster.provision.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real programs on the files they read: {@code otelcol validate} on each Collector's config,
 * {@code promtool check rules} on each PrometheusRule's groups — the same checks a run makes before
 * anything starts, as findings.
 */
final class ProgramChecks {
  /** Kind → the tool that checks it. */
  private static final Map<String, String> TOOLS =
      Map.of("OpenTelemetryCollector", "otelcol", "PrometheusRule", "prometheus");

  private ProgramChecks() {}

  /** Adds the programs' refusals to {@code findings}; notes for the tools that did not run. */
  static List<String> check(LintModel model, Tools tools, boolean build, Findings findings) {
    List<String> notes = new ArrayList<>();
    Path scratch;
    try {
      scratch = Files.createTempDirectory("scaleproof-lint");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (Declared object : model.objects) {
        String tool = TOOLS.get(object.kind());
        if (tool == null) {
          continue;
        }
        if (!build && tools.provided(tool).isEmpty()) {
          String note =
              (tool.equals("otelcol") ? "otelcol validate" : "promtool check rules")
                  + " did not run: the tool is not built yet (--build-tools builds it, about 20"
                  + " minutes the first time; a run checks with it before it starts)";
          if (!notes.contains(note)) {
            notes.add(note);
          }
          continue;
        }
        Optional<Refusal> refusal = Pipeline.refusal(tools, scratch, object.typed());
        refusal.ifPresent(
            r ->
                findings.add(
                    object.kind().equals("PrometheusRule")
                        ? Rule.RULES_REFUSED
                        : Rule.COLLECTOR_REFUSED,
                    object,
                    r.field().split("\\."),
                    r.message(),
                    r.fileAtFault() ? "Fix what the program names" : r.fix()));
      }
    } finally {
      try (Stream<Path> files = Files.walk(scratch)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a scratch file left in the temp directory
      }
    }
    return notes;
  }
}
