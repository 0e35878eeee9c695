package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.Cells.NONE;
import static io.scaleproof.cluster.sim.apiserver.Cells.age;
import static io.scaleproof.cluster.sim.apiserver.Cells.name;
import static io.scaleproof.cluster.sim.apiserver.Cells.orNone;
import static io.scaleproof.cluster.sim.apiserver.Cells.orUnknown;
import static io.scaleproof.cluster.sim.apiserver.Cells.text;

import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.apiserver.Printer.Column;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Node's row of {@code kubectl get nodes}, as kube-apiserver's {@code printNode} ({@code
 * pkg/printers/internalversion/printers.go}) writes it: Ready or NotReady (and SchedulingDisabled
 * when cordoned), the roles from its labels, the kubelet's version, and the wide addresses and node
 * info.
 */
final class NodePrinter {
  static final Printer NODE =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Status", "string"),
              new Column("Roles", "string"),
              Printer.AGE,
              new Column("Version", "string"),
              new Column("Internal-IP", "string", "", 1),
              new Column("External-IP", "string", "", 1),
              new Column("OS-Image", "string", "", 1),
              new Column("Kernel-Version", "string", "", 1),
              new Column("Container-Runtime", "string", "", 1)),
          NodePrinter::cells);

  private NodePrinter() {}

  private static List<Object> cells(Map<String, Object> node, Instant now) {
    Map<String, Object> status = PlainValues.map(node.get("status"));
    Map<String, String> byType = new LinkedHashMap<>();
    for (Object condition : PlainValues.list(status.get("conditions"))) {
      byType.put(text(condition, "type"), text(condition, "status"));
    }
    List<String> states = new ArrayList<>();
    if (byType.containsKey("Ready")) {
      states.add(byType.get("Ready").equals("True") ? "Ready" : "NotReady");
    }
    if (states.isEmpty()) {
      states.add("Unknown");
    }
    if (Boolean.TRUE.equals(PlainValues.map(node.get("spec")).get("unschedulable"))) {
      states.add("SchedulingDisabled");
    }
    TreeSet<String> roles = new TreeSet<>();
    PlainValues.map(PlainValues.map(node.get("metadata")).get("labels"))
        .forEach(
            (key, value) -> {
              if (key.startsWith("node-role.kubernetes.io/")
                  && key.length() > "node-role.kubernetes.io/".length()) {
                roles.add(key.substring("node-role.kubernetes.io/".length()));
              } else if (key.equals("kubernetes.io/role") && !String.valueOf(value).isEmpty()) {
                roles.add(String.valueOf(value));
              }
            });
    Map<String, Object> info = PlainValues.map(status.get("nodeInfo"));
    return List.of(
        name(node),
        String.join(",", states),
        roles.isEmpty() ? NONE : String.join(",", roles),
        age(node, now),
        text(info, "kubeletVersion"),
        orNone(address(status, "InternalIP")),
        orNone(address(status, "ExternalIP")),
        orUnknown(text(info, "osImage")),
        orUnknown(text(info, "kernelVersion")),
        orUnknown(text(info, "containerRuntimeVersion")));
  }

  private static String address(Map<String, Object> status, String type) {
    return PlainValues.list(status.get("addresses")).stream()
        .filter(a -> text(a, "type").equals(type))
        .map(a -> text(a, "address"))
        .findFirst()
        .orElse("");
  }
}
