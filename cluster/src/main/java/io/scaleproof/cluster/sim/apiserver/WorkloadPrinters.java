package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.Cells.NONE;
import static io.scaleproof.cluster.sim.apiserver.Cells.age;
import static io.scaleproof.cluster.sim.apiserver.Cells.conditionTrue;
import static io.scaleproof.cluster.sim.apiserver.Cells.instant;
import static io.scaleproof.cluster.sim.apiserver.Cells.labels;
import static io.scaleproof.cluster.sim.apiserver.Cells.name;
import static io.scaleproof.cluster.sim.apiserver.Cells.number;
import static io.scaleproof.cluster.sim.apiserver.Cells.selector;
import static io.scaleproof.cluster.sim.apiserver.Cells.text;

import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.apiserver.Printer.Column;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rows of the workloads in a {@link Tables Table}, as kube-apiserver's printers ({@code
 * pkg/printers/internalversion/printers.go}: {@code printDeployment}, {@code printReplicaSet},
 * {@code printStatefulSet}, {@code printDaemonSet}, {@code printJob}) write them: the replica
 * counts, the template's containers and images, and the selector.
 */
final class WorkloadPrinters {
  static final Printer DEPLOYMENT =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Ready", "string"),
              new Column("Up-to-date", "string"),
              new Column("Available", "string"),
              Printer.AGE,
              new Column("Containers", "string", "", 1),
              new Column("Images", "string", "", 1),
              new Column("Selector", "string", "", 1)),
          WorkloadPrinters::deploymentCells);

  static final Printer REPLICA_SET =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Desired", "integer"),
              new Column("Current", "integer"),
              new Column("Ready", "integer"),
              Printer.AGE,
              new Column("Containers", "string", "", 1),
              new Column("Images", "string", "", 1),
              new Column("Selector", "string", "", 1)),
          WorkloadPrinters::replicaSetCells);

  static final Printer STATEFUL_SET =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Ready", "string"),
              Printer.AGE,
              new Column("Containers", "string", "", 1),
              new Column("Images", "string", "", 1)),
          WorkloadPrinters::statefulSetCells);

  static final Printer DAEMON_SET =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Desired", "integer"),
              new Column("Current", "integer"),
              new Column("Ready", "integer"),
              new Column("Up-to-date", "integer"),
              new Column("Available", "integer"),
              new Column("Node Selector", "string"),
              Printer.AGE,
              new Column("Containers", "string", "", 1),
              new Column("Images", "string", "", 1),
              new Column("Selector", "string", "", 1)),
          WorkloadPrinters::daemonSetCells);

  static final Printer JOB =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Status", "string"),
              new Column("Completions", "string"),
              new Column("Duration", "string"),
              Printer.AGE,
              new Column("Containers", "string", "", 1),
              new Column("Images", "string", "", 1),
              new Column("Selector", "string", "", 1)),
          WorkloadPrinters::jobCells);

  private WorkloadPrinters() {}

  static List<Object> deploymentCells(Map<String, Object> deployment, Instant now) {
    Map<String, Object> spec = PlainValues.map(deployment.get("spec"));
    Map<String, Object> status = PlainValues.map(deployment.get("status"));
    long replicas = spec.containsKey("replicas") ? number(spec.get("replicas")) : 1;
    List<Object> cells = new ArrayList<>();
    cells.add(name(deployment));
    cells.add(number(status.get("readyReplicas")) + "/" + replicas);
    cells.add(number(status.get("updatedReplicas")));
    cells.add(number(status.get("availableReplicas")));
    cells.add(age(deployment, now));
    cells.addAll(containerCells(spec));
    cells.add(selector(spec.get("selector"), ""));
    return cells;
  }

  static List<Object> replicaSetCells(Map<String, Object> replicaSet, Instant now) {
    Map<String, Object> spec = PlainValues.map(replicaSet.get("spec"));
    Map<String, Object> status = PlainValues.map(replicaSet.get("status"));
    List<Object> cells = new ArrayList<>();
    cells.add(name(replicaSet));
    cells.add(spec.containsKey("replicas") ? number(spec.get("replicas")) : 1L);
    cells.add(number(status.get("replicas")));
    cells.add(number(status.get("readyReplicas")));
    cells.add(age(replicaSet, now));
    cells.addAll(containerCells(spec));
    cells.add(selector(spec.get("selector"), NONE));
    return cells;
  }

  private static List<Object> statefulSetCells(Map<String, Object> set, Instant now) {
    Map<String, Object> spec = PlainValues.map(set.get("spec"));
    Map<String, Object> status = PlainValues.map(set.get("status"));
    long replicas = spec.containsKey("replicas") ? number(spec.get("replicas")) : 1;
    List<Object> cells = new ArrayList<>();
    cells.add(name(set));
    cells.add(number(status.get("readyReplicas")) + "/" + replicas);
    cells.add(age(set, now));
    cells.addAll(containerCells(spec));
    return cells;
  }

  private static List<Object> daemonSetCells(Map<String, Object> set, Instant now) {
    Map<String, Object> spec = PlainValues.map(set.get("spec"));
    Map<String, Object> status = PlainValues.map(set.get("status"));
    Map<String, Object> podSpec =
        PlainValues.map(PlainValues.map(spec.get("template")).get("spec"));
    List<Object> cells = new ArrayList<>();
    cells.add(name(set));
    cells.add(number(status.get("desiredNumberScheduled")));
    cells.add(number(status.get("currentNumberScheduled")));
    cells.add(number(status.get("numberReady")));
    cells.add(number(status.get("updatedNumberScheduled")));
    cells.add(number(status.get("numberAvailable")));
    cells.add(labels(podSpec.get("nodeSelector")));
    cells.add(age(set, now));
    cells.addAll(containerCells(spec));
    cells.add(selector(spec.get("selector"), NONE));
    return cells;
  }

  private static List<Object> jobCells(Map<String, Object> job, Instant now) {
    Map<String, Object> spec = PlainValues.map(job.get("spec"));
    Map<String, Object> status = PlainValues.map(job.get("status"));
    long succeeded = number(status.get("succeeded"));
    String completions;
    if (spec.get("completions") != null) {
      completions = succeeded + "/" + number(spec.get("completions"));
    } else if (number(spec.get("parallelism")) > 1) {
      completions = succeeded + "/1 of " + number(spec.get("parallelism"));
    } else {
      completions = succeeded + "/1";
    }
    Instant start = instant(text(status, "startTime"));
    Instant completion = instant(text(status, "completionTime"));
    String duration =
        start == null
            ? ""
            : HumanDuration.of(Duration.between(start, completion == null ? now : completion));
    String state = "Running";
    if (conditionTrue(status, "Complete")) {
      state = "Complete";
    } else if (conditionTrue(status, "Failed")) {
      state = "Failed";
    } else if (PlainValues.map(job.get("metadata")).get("deletionTimestamp") != null) {
      state = "Terminating";
    } else if (conditionTrue(status, "Suspended")) {
      state = "Suspended";
    } else if (conditionTrue(status, "FailureTarget")) {
      state = "FailureTarget";
    }
    List<Object> cells =
        new ArrayList<>(List.of(name(job), state, completions, duration, age(job, now)));
    cells.addAll(containerCells(spec));
    cells.add(selector(spec.get("selector"), NONE));
    return cells;
  }

  /** The template's container names and images, each joined by commas. */
  private static List<Object> containerCells(Map<String, Object> workloadSpec) {
    Map<String, Object> podSpec =
        PlainValues.map(PlainValues.map(workloadSpec.get("template")).get("spec"));
    List<Object> containers = PlainValues.list(podSpec.get("containers"));
    return List.of(
        containers.stream().map(c -> text(c, "name")).collect(Collectors.joining(",")),
        containers.stream().map(c -> text(c, "image")).collect(Collectors.joining(",")));
  }
}
