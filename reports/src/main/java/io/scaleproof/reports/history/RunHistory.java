package io.scaleproof.reports.history;

import io.scaleproof.assertions.ServiceFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The KPIs of past runs, one CSV row per run, service and KPI, in a file kept with the reports.
 * Rows are only ever appended: a run never rewrites what earlier runs recorded. Compares a new run
 * with the median of the last runs of the same scenario and flags each KPI that got worse by more
 * than a band.
 */
public final class RunHistory {
  public static final String HEADER = "at,scenario,passed,service,kpi,value";

  /** One recorded value. */
  public record Entry(
      Instant at, String scenario, boolean passed, String service, Kpi kpi, double value) {}

  /**
   * A KPI that moved outside the band.
   *
   * @param baseline the median of the earlier runs compared with
   * @param runs how many earlier runs the median is of
   */
  public record Regression(String service, Kpi kpi, double value, double baseline, int runs) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s %s: %.1f, the median of the last %d runs was %.1f",
          service,
          kpi.key(),
          value,
          runs,
          baseline);
    }
  }

  private final Path file;
  private final List<Entry> entries;

  private RunHistory(Path file, List<Entry> entries) {
    this.file = file;
    this.entries = List.copyOf(entries);
  }

  /**
   * The history in {@code file}; empty when there is none yet.
   *
   * @throws IllegalArgumentException naming the file and line when a row does not parse
   */
  public static RunHistory load(Path file) {
    List<Entry> entries = new ArrayList<>();
    if (Files.exists(file)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the run history " + file, e);
      }
      if (!lines.isEmpty() && !lines.get(0).equals(HEADER)) {
        throw new IllegalArgumentException(
            file + ": line 1: not a scaleproof run history (expected '" + HEADER + "')");
      }
      for (int i = 1; i < lines.size(); i++) {
        entries.add(parse(file, i + 1, lines.get(i)));
      }
    }
    return new RunHistory(file, entries);
  }

  /** Every recorded value, in the order the runs appended them; unmodifiable. */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * The runs of {@code scenario}: the distinct instants of its rows, oldest first; unmodifiable.
   */
  public List<Instant> runs(String scenario) {
    return entries.stream()
        .filter(entry -> entry.scenario().equals(scenario))
        .map(Entry::at)
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Whether a KPI measured {@code now} is worse than {@code baseline} by more than {@code band}
   * (0.25: 25 %). The rule of {@link #regressions} and of anything else that judges a value.
   */
  public static boolean worse(double now, double baseline, double band) {
    // An absolute floor of 1 (second, change) keeps a 0 → 0.2 s move from counting.
    return now > baseline * (1 + band) && now - baseline >= 1;
  }

  /**
   * The KPIs of {@code figures} that are worse than the median of the last {@code runs} runs of
   * {@code scenario} by more than {@code band} (0.25: 25 %), before this run is appended. A KPI
   * with fewer than {@code runs} earlier values, or none now, is not judged.
   */
  public List<Regression> regressions(
      String scenario, Map<String, ServiceFigures> figures, int runs, double band) {
    List<Regression> regressions = new ArrayList<>();
    figures.forEach(
        (service, values) -> {
          for (Kpi kpi : Kpi.values()) {
            Double now = kpi.of(values);
            if (now == null) {
              continue;
            }
            OptionalDouble baseline = baseline(scenario, service, kpi, Instant.MAX, runs, runs);
            if (baseline.isPresent() && worse(now, baseline.getAsDouble(), band)) {
              regressions.add(new Regression(service, kpi, now, baseline.getAsDouble(), runs));
            }
          }
        });
    return regressions;
  }

  /**
   * What {@code entry} is judged against: the median of the values of its scenario, service and KPI
   * in the up to {@code runs} runs before it; empty when fewer than {@code atLeast} earlier runs
   * have a value.
   */
  public OptionalDouble baseline(Entry entry, int runs, int atLeast) {
    return baseline(entry.scenario(), entry.service(), entry.kpi(), entry.at(), runs, atLeast);
  }

  /** Appends this run's KPIs; creates the file, with its header, on the first run. */
  public RunHistory append(
      Instant at, String scenario, boolean passed, Map<String, ServiceFigures> figures) {
    List<Entry> added = new ArrayList<>();
    figures.forEach(
        (service, values) -> {
          for (Kpi kpi : Kpi.values()) {
            Double value = kpi.of(values);
            if (value != null) {
              added.add(new Entry(at, scenario, passed, service, kpi, value));
            }
          }
        });
    StringBuilder rows = new StringBuilder();
    if (!Files.exists(file)) {
      rows.append(HEADER).append('\n');
    }
    for (Entry entry : added) {
      rows.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%s,%s,%.3f%n",
              entry.at(),
              entry.scenario(),
              entry.passed(),
              entry.service(),
              entry.kpi().key(),
              entry.value()));
    }
    try {
      Files.createDirectories(Objects.requireNonNull(file.toAbsolutePath().getParent()));
      Files.writeString(file, rows, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the run history " + file, e);
    }
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(added);
    return new RunHistory(file, all);
  }

  private static Entry parse(Path file, int line, String row) {
    String[] cells = row.split(",", -1);
    try {
      if (cells.length != 6) {
        throw new IllegalArgumentException("expected 6 cells, found " + cells.length);
      }
      return new Entry(
          Instant.parse(cells[0]),
          cells[1],
          Boolean.parseBoolean(cells[2]),
          cells[3],
          Kpi.byKey(cells[4]),
          Double.parseDouble(cells[5]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          file + ": line " + line + ": not a history row (" + e.getMessage() + "): " + row, e);
    }
  }

  private OptionalDouble baseline(
      String scenario, String service, Kpi kpi, Instant before, int runs, int atLeast) {
    List<Double> earlier =
        entries.stream()
            .filter(e -> e.scenario().equals(scenario) && e.service().equals(service))
            .filter(e -> e.kpi() == kpi && e.at().isBefore(before))
            .sorted(Comparator.comparing(Entry::at))
            .map(Entry::value)
            .toList();
    if (earlier.size() < atLeast) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(
        median(earlier.subList(Math.max(0, earlier.size() - runs), earlier.size())));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
