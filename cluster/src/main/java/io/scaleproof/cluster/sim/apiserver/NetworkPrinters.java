package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.Cells.NONE;
import static io.scaleproof.cluster.sim.apiserver.Cells.age;
import static io.scaleproof.cluster.sim.apiserver.Cells.labels;
import static io.scaleproof.cluster.sim.apiserver.Cells.name;
import static io.scaleproof.cluster.sim.apiserver.Cells.number;
import static io.scaleproof.cluster.sim.apiserver.Cells.text;

import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.apiserver.Printer.Column;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rows of Services and Endpoints in a {@link Tables Table}, as kube-apiserver's {@code
 * printService} and {@code printEndpoints} ({@code pkg/printers/internalversion/printers.go}) write
 * them: a Service's type, cluster IP, external IPs by type and ports; an Endpoints' first three
 * addresses with their ports.
 */
final class NetworkPrinters {
  static final Printer SERVICE =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Type", "string"),
              new Column("Cluster-IP", "string"),
              new Column("External-IP", "string"),
              new Column("Port(s)", "string"),
              Printer.AGE,
              new Column("Selector", "string", "", 1)),
          NetworkPrinters::serviceCells);

  static final Printer ENDPOINTS =
      new Printer(
          List.of(Printer.NAME, new Column("Endpoints", "string"), Printer.AGE),
          NetworkPrinters::endpointsCells);

  private NetworkPrinters() {}

  static List<Object> serviceCells(Map<String, Object> service, Instant now) {
    Map<String, Object> spec = PlainValues.map(service.get("spec"));
    String type = text(spec, "type").isEmpty() ? "ClusterIP" : text(spec, "type");
    List<Object> clusterIps = PlainValues.list(spec.get("clusterIPs"));
    String clusterIp =
        !clusterIps.isEmpty()
            ? String.valueOf(clusterIps.get(0))
            : text(spec, "clusterIP").isEmpty() ? NONE : text(spec, "clusterIP");
    List<String> externalIps =
        PlainValues.list(spec.get("externalIPs")).stream().map(String::valueOf).toList();
    String external =
        switch (type) {
          case "ClusterIP", "NodePort" ->
              externalIps.isEmpty() ? NONE : String.join(",", externalIps);
          case "LoadBalancer" -> loadBalancerIps(service, externalIps);
          case "ExternalName" -> text(spec, "externalName");
          default -> "<unknown>";
        };
    List<String> ports = new ArrayList<>();
    for (Object port : PlainValues.list(spec.get("ports"))) {
      Map<String, Object> p = PlainValues.map(port);
      String protocol = text(p, "protocol").isEmpty() ? "TCP" : text(p, "protocol");
      long nodePort = number(p.get("nodePort"));
      ports.add(
          nodePort > 0
              ? number(p.get("port")) + ":" + nodePort + "/" + protocol
              : number(p.get("port")) + "/" + protocol);
    }
    return List.of(
        name(service),
        type,
        clusterIp,
        external,
        ports.isEmpty() ? NONE : String.join(",", ports),
        age(service, now),
        labels(spec.get("selector")));
  }

  private static String loadBalancerIps(Map<String, Object> service, List<String> externalIps) {
    TreeSet<String> ingress = new TreeSet<>();
    Map<String, Object> lb =
        PlainValues.map(PlainValues.map(service.get("status")).get("loadBalancer"));
    for (Object entry : PlainValues.list(lb.get("ingress"))) {
      String ip = text(entry, "ip");
      String host = text(entry, "hostname");
      if (!ip.isEmpty()) {
        ingress.add(ip);
      } else if (!host.isEmpty()) {
        ingress.add(host);
      }
    }
    if (!externalIps.isEmpty()) {
      List<String> all = new ArrayList<>(ingress);
      all.addAll(externalIps);
      return String.join(",", all);
    }
    return ingress.isEmpty() ? "<pending>" : String.join(",", ingress);
  }

  private static List<Object> endpointsCells(Map<String, Object> endpoints, Instant now) {
    List<Object> subsets = PlainValues.list(endpoints.get("subsets"));
    String cell;
    if (subsets.isEmpty()) {
      cell = NONE;
    } else {
      List<String> list = new ArrayList<>();
      int max = 3;
      boolean more = false;
      int count = 0;
      for (Object subset : subsets) {
        List<Object> addresses = PlainValues.list(PlainValues.map(subset).get("addresses"));
        List<Object> ports = PlainValues.list(PlainValues.map(subset).get("ports"));
        if (ports.isEmpty()) {
          count += addresses.size();
          for (Object address : addresses) {
            if (list.size() == max) {
              more = true;
              break;
            }
            list.add(text(address, "ip"));
          }
          continue;
        }
        for (Object port : ports) {
          count += addresses.size();
          for (Object address : addresses) {
            if (list.size() == max) {
              more = true;
              break;
            }
            String ip = text(address, "ip");
            list.add(
                (ip.contains(":") ? "[" + ip + "]" : ip)
                    + ":"
                    + number(PlainValues.map(port).get("port")));
          }
        }
      }
      cell = String.join(",", list) + (more ? " + " + (count - max) + " more..." : "");
    }
    return List.of(name(endpoints), cell, age(endpoints, now));
  }
}
