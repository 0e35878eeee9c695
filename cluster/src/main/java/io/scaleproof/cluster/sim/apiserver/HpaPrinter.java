package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.Cells.NONE;
import static io.scaleproof.cluster.sim.apiserver.Cells.age;
import static io.scaleproof.cluster.sim.apiserver.Cells.name;
import static io.scaleproof.cluster.sim.apiserver.Cells.number;
import static io.scaleproof.cluster.sim.apiserver.Cells.text;

import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.apiserver.Printer.Column;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A HorizontalPodAutoscaler's row of {@code kubectl get hpa}, as kube-apiserver's {@code
 * printHorizontalPodAutoscaler} ({@code pkg/printers/internalversion/printers.go}) writes it: the
 * reference, each metric's current and target value ({@code formatHPAMetrics}), the bounds and the
 * current replicas.
 */
final class HpaPrinter {
  static final Printer HPA =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Reference", "string"),
              new Column("Targets", "string"),
              new Column("MinPods", "string"),
              new Column("MaxPods", "string"),
              new Column("Replicas", "string"),
              Printer.AGE),
          HpaPrinter::cells);

  private HpaPrinter() {}

  static List<Object> cells(Map<String, Object> hpa, Instant now) {
    Map<String, Object> spec = PlainValues.map(hpa.get("spec"));
    Map<String, Object> status = PlainValues.map(hpa.get("status"));
    Map<String, Object> target = PlainValues.map(spec.get("scaleTargetRef"));
    return List.of(
        name(hpa),
        text(target, "kind") + "/" + text(target, "name"),
        metrics(
            PlainValues.list(spec.get("metrics")), PlainValues.list(status.get("currentMetrics"))),
        spec.get("minReplicas") == null
            ? "<unset>"
            : String.valueOf(number(spec.get("minReplicas"))),
        number(spec.get("maxReplicas")),
        number(status.get("currentReplicas")),
        age(hpa, now));
  }

  /** {@code formatHPAMetrics}: each metric's current and target value, statuses by index. */
  static String metrics(List<Object> specs, List<Object> statuses) {
    if (specs.isEmpty()) {
      return NONE;
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Map<String, Object> metric = PlainValues.map(specs.get(i));
      Map<String, Object> current =
          i < statuses.size() ? PlainValues.map(statuses.get(i)) : Map.of();
      String type = text(metric, "type");
      switch (type) {
        case "External", "Object" -> {
          String field = type.equals("External") ? "external" : "object";
          Map<String, Object> wanted =
              PlainValues.map(PlainValues.map(metric.get(field)).get("target"));
          Map<String, Object> seen =
              PlainValues.map(PlainValues.map(current.get(field)).get("current"));
          boolean hasStatus = current.get(field) != null;
          if (wanted.get("averageValue") != null) {
            String cur =
                hasStatus && seen.get("averageValue") != null
                    ? String.valueOf(seen.get("averageValue"))
                    : "<unknown>";
            list.add(cur + "/" + wanted.get("averageValue") + " (avg)");
          } else {
            String cur =
                hasStatus && seen.get("value") != null
                    ? String.valueOf(seen.get("value"))
                    : "<unknown>";
            list.add(cur + "/" + wanted.get("value"));
          }
        }
        case "Pods" -> {
          Map<String, Object> wanted =
              PlainValues.map(PlainValues.map(metric.get("pods")).get("target"));
          Map<String, Object> seen =
              PlainValues.map(PlainValues.map(current.get("pods")).get("current"));
          String cur =
              current.get("pods") != null && seen.get("averageValue") != null
                  ? String.valueOf(seen.get("averageValue"))
                  : "<unknown>";
          list.add(cur + "/" + wanted.get("averageValue"));
        }
        case "Resource", "ContainerResource" -> {
          String field = type.equals("Resource") ? "resource" : "containerResource";
          Map<String, Object> source = PlainValues.map(metric.get(field));
          Map<String, Object> wanted = PlainValues.map(source.get("target"));
          Map<String, Object> seen =
              PlainValues.map(PlainValues.map(current.get(field)).get("current"));
          boolean hasStatus = current.get(field) != null;
          String resource = text(source, "name");
          if (wanted.get("averageValue") != null) {
            String cur =
                hasStatus && seen.get("averageValue") != null
                    ? String.valueOf(seen.get("averageValue"))
                    : "<unknown>";
            list.add(resource + ": " + cur + "/" + wanted.get("averageValue"));
          } else {
            String cur =
                hasStatus && seen.get("averageUtilization") != null
                    ? number(seen.get("averageUtilization")) + "%"
                    : "<unknown>";
            String goal =
                wanted.get("averageUtilization") != null
                    ? number(wanted.get("averageUtilization")) + "%"
                    : "<auto>";
            list.add(resource + ": " + cur + "/" + goal);
          }
        }
        default -> list.add("<unknown type>");
      }
    }
    if (list.size() > 2) {
      return String.join(", ", list.subList(0, 2)) + " + " + (list.size() - 2) + " more...";
    }
    return String.join(", ", list);
  }
}
