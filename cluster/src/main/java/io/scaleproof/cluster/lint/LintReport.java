package io.scaleproof.cluster.lint;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What lint found in a pipeline, and how it is written: text grouped by file for a person, JSON for
 * a script, SARIF 2.1.0 for CI code scanning (findings on the lines of a pull request).
 *
 * @param directory the pipeline's directory
 * @param findings every finding, by file and line
 * @param files how many files the pipeline has
 * @param objects how many objects they declare
 * @param took how long the lint took
 * @param notes what lint could not check, and why (a tool not built yet)
 */
public record LintReport(
    Path directory,
    List<Finding> findings,
    int files,
    int objects,
    Duration took,
    List<String> notes) {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Whether an error-level finding exists: lint exits 1, and a run does not start. */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** The findings grouped by file, each with its line, rule, object, field, message and fix. */
  public String text(Path base) {
    StringBuilder text = new StringBuilder();
    Path file = null;
    for (Finding finding : findings) {
      if (!finding.file().equals(file)) {
        file = finding.file();
        text.append(relative(base, file)).append('\n');
      }
      text.append(
          "  %d: %-7s %s  %s  %s%n      %s%n      fix: %s%n"
              .formatted(
                  finding.line(),
                  finding.severity().name().toLowerCase(),
                  finding.rule().id(),
                  finding.object(),
                  finding.field(),
                  finding.message(),
                  finding.fix()));
    }
    notes.forEach(note -> text.append("note: ").append(note).append('\n'));
    text.append(summary());
    return text.toString();
  }

  /** {@code 2 errors, 1 warning; 12 files, 35 objects, 0.3 s}. */
  public String summary() {
    long errors = count(Severity.ERROR);
    long warnings = count(Severity.WARNING);
    return "%d error%s, %d warning%s; %d files, %d objects, %.1f s%n"
        .formatted(
            errors,
            errors == 1 ? "" : "s",
            warnings,
            warnings == 1 ? "" : "s",
            files,
            objects,
            took.toMillis() / 1e3);
  }

  public String json(Path base) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Finding finding : findings) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("rule", finding.rule().id());
      entry.put("severity", finding.severity().name().toLowerCase());
      entry.put("file", relative(base, finding.file()));
      entry.put("line", finding.line());
      entry.put("object", finding.object());
      entry.put("field", finding.field());
      entry.put("message", finding.message());
      entry.put("fix", finding.fix());
      list.add(entry);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("directory", relative(base, directory));
    root.put("errors", count(Severity.ERROR));
    root.put("warnings", count(Severity.WARNING));
    root.put("findings", list);
    root.put("notes", notes);
    return write(root);
  }

  /** SARIF 2.1.0: one run of the tool, every rule described, a result per finding. */
  public String sarif(Path base) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Rule rule : Rule.values()) {
      rules.add(
          Map.of(
              "id", rule.id(),
              "shortDescription", Map.of("text", rule.description()),
              "defaultConfiguration", Map.of("level", rule.severity().sarifLevel())));
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (Finding finding : findings) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ruleId", finding.rule().id());
      result.put("ruleIndex", finding.rule().ordinal());
      result.put("level", finding.severity().sarifLevel());
      result.put(
          "message",
          Map.of(
              "text",
              finding.object()
                  + " "
                  + finding.field()
                  + ": "
                  + finding.message()
                  + " Fix: "
                  + finding.fix()));
      result.put(
          "locations",
          List.of(
              Map.of(
                  "physicalLocation",
                  Map.of(
                      "artifactLocation", Map.of("uri", relative(base, finding.file())),
                      "region", Map.of("startLine", finding.line())))));
      results.add(result);
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "scaleproof-lint");
    driver.put("rules", rules);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("results", results);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    root.put("runs", List.of(run));
    return write(root);
  }

  private static String relative(Path base, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path from = base.toAbsolutePath().normalize();
    return (absolute.startsWith(from) ? from.relativize(absolute) : absolute)
        .toString()
        .replace('\\', '/');
  }

  private static String write(Object value) {
    return JSON.asJson(value) + "\n";
  }
}
