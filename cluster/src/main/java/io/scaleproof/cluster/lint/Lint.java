package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.provision.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code scaleproof lint}: the pipeline read as a run reads it (the kustomization, or every YAML
 * file of a directory), built into one chain — Instrumentation → Collector → Prometheus → recording
 * rules → ScaledObject triggers → the HPA's arithmetic → Deployments → Argo CD — and every layer
 * checked against the next. Nothing is started; the real {@code otelcol validate} and {@code
 * promtool check rules} stay with the run, which calls them before anything starts.
 */
public final class Lint {
  private Lint() {}

  /**
   * Lints the pipeline in {@code directory}.
   *
   * @throws InvalidInputException when the pipeline cannot be read (a file that is not YAML, a
   *     kustomization resource that does not exist), naming the file
   */
  public static LintReport of(Path directory) {
    return of(directory, null, false);
  }

  /**
   * Lints the pipeline in {@code directory}, and checks its Collector configs and rule groups with
   * the real {@code otelcol validate} and {@code promtool check rules} of {@code tools}: those
   * already built, or all of them when {@code build} (the first build takes about 20 minutes). A
   * tool that is not there is named in the report's notes.
   */
  public static LintReport of(Path directory, Tools tools, boolean build) {
    long started = System.nanoTime();
    List<Manifests.Sourced> sourced = Manifests.loadSourced(directory);
    List<Declared> objects = sourced.stream().map(Declared::of).toList();
    LintModel model = new LintModel(objects);
    Findings findings = new Findings();
    SchemaChecks.check(model, findings);
    EndpointChecks.check(model, findings);
    CollectorChecks.check(model, findings);
    SeriesChecks.check(model, findings);
    AutoscalerChecks.check(model, findings);
    AdapterChecks.check(model, findings);
    GitOpsChecks.check(model, findings);
    List<String> notes = new ArrayList<>();
    if (tools != null) {
      notes.addAll(ProgramChecks.check(model, tools, build, findings));
    }
    List<Finding> unique = new ArrayList<>(new LinkedHashSet<>(findings.all()));
    unique.sort(
        Comparator.comparing((Finding f) -> f.file().toString())
            .thenComparingInt(Finding::line)
            .thenComparing(f -> f.rule().id()));
    Set<Path> files = new LinkedHashSet<>();
    sourced.forEach(object -> files.add(object.file()));
    return new LintReport(
        directory,
        unique,
        files.size(),
        objects.size(),
        Duration.ofNanos(System.nanoTime() - started),
        List.copyOf(notes));
  }
}
