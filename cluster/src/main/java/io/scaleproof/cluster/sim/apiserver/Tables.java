package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.Cells.age;
import static io.scaleproof.cluster.sim.apiserver.Cells.name;
import static io.scaleproof.cluster.sim.apiserver.Cells.text;
import static io.scaleproof.cluster.sim.apiserver.Printer.AGE;
import static io.scaleproof.cluster.sim.apiserver.Printer.NAME;

import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.apiserver.Printer.Column;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for, with
 * the columns and cells of kube-apiserver's printers ({@code pkg/printers/internalversion}) for the
 * kinds the embedded cluster runs, a CRD's {@code additionalPrinterColumns} for custom resources,
 * and the default {@code Name, Created At} for every other kind. As on a real server, every column
 * is sent, the wide ones too ({@code priority 1}); kubectl shows them with {@code -o wide}. A row
 * carries the object's metadata, the whole object with {@code includeObject=Object} (what {@code
 * --sort-by} asks for), or nothing with {@code None}. Each kind's columns and cells are its
 * printer's ({@link PodPrinter}, {@link WorkloadPrinters}, {@link NetworkPrinters}, {@link
 * EventPrinter}, {@link HpaPrinter}, {@link NodePrinter}, {@link CustomResourcePrinter}); the few
 * kinds of one or two plain columns are printed here.
 */
final class Tables {
  private Tables() {}

  /** Whether an Accept header asks for a Table, as kubectl's does for human-readable output. */
  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /**
   * The Table of {@code items} of {@code served}.
   *
   * @param crdColumns the printer columns of a custom resource's CRD (empty: its default), or null
   *     for a built-in kind
   * @param listMetadata the list's metadata (its resourceVersion), empty for one object
   * @throws IllegalArgumentException for an {@code includeObject} the API server does not know
   */
  static Map<String, Object> of(
      ServedResource served,
      List<PrinterColumn> crdColumns,
      List<Map<String, Object>> items,
      Map<String, Object> listMetadata,
      Map<String, String> query,
      Instant now) {
    String include = query.getOrDefault("includeObject", "Metadata");
    if (!List.of("", "Metadata", "Object", "None").contains(include)) {
      throw new IllegalArgumentException("unrecognized includeObject value: \"" + include + "\"");
    }
    Printer printer = crdColumns != null ? CustomResourcePrinter.of(crdColumns) : builtIn(served);
    List<Object> rows = new ArrayList<>();
    for (Map<String, Object> item : items) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cells", printer.cells(item, now));
      if (served.kind().equals("Pod")) {
        PodPrinter.rowConditions(item).ifPresent(c -> row.put("conditions", c));
      }
      row.put("object", rowObject(served, item, include));
      rows.add(row);
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    Object version =
        listMetadata.isEmpty() && !items.isEmpty()
            ? PlainValues.map(items.get(0).get("metadata")).get("resourceVersion")
            : listMetadata.get("resourceVersion");
    if (version != null) {
      metadata.put("resourceVersion", version);
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.put("metadata", metadata);
    List<Object> definitions = new ArrayList<>();
    for (Column column : printer.columns()) {
      definitions.add(column.definition(""));
    }
    table.put("columnDefinitions", definitions);
    table.put("rows", rows);
    return table;
  }

  private static Object rowObject(ServedResource served, Map<String, Object> item, String include) {
    if (include.equals("None")) {
      return null;
    }
    if (include.equals("Object")) {
      Map<String, Object> object = new LinkedHashMap<>(item);
      object.putIfAbsent("kind", served.kind());
      object.putIfAbsent("apiVersion", served.groupVersion());
      return object;
    }
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.put("metadata", item.get("metadata"));
    return partial;
  }

  /** The printer of a built-in kind, from kube-apiserver's; the default for a kind without one. */
  private static Printer builtIn(ServedResource served) {
    String key = served.group() + "/" + served.kind();
    return switch (key) {
      case "/Pod" -> PodPrinter.POD;
      case "apps/Deployment" -> WorkloadPrinters.DEPLOYMENT;
      case "apps/ReplicaSet" -> WorkloadPrinters.REPLICA_SET;
      case "apps/StatefulSet" -> WorkloadPrinters.STATEFUL_SET;
      case "apps/DaemonSet" -> WorkloadPrinters.DAEMON_SET;
      case "batch/Job" -> WorkloadPrinters.JOB;
      case "/Service" -> NetworkPrinters.SERVICE;
      case "/Endpoints" -> NetworkPrinters.ENDPOINTS;
      case "/Event" -> EventPrinter.EVENT;
      case "autoscaling/HorizontalPodAutoscaler" -> HpaPrinter.HPA;
      case "/Namespace" ->
          new Printer(
              List.of(NAME, new Column("Status", "string"), AGE),
              (o, now) -> List.of(name(o), text(o, "status", "phase"), age(o, now)));
      case "/ConfigMap" ->
          new Printer(
              List.of(NAME, new Column("Data", "string"), AGE),
              (o, now) ->
                  List.of(
                      name(o),
                      (long)
                          (PlainValues.map(o.get("data")).size()
                              + PlainValues.map(o.get("binaryData")).size()),
                      age(o, now)));
      case "/Secret" ->
          new Printer(
              List.of(NAME, new Column("Type", "string"), new Column("Data", "string"), AGE),
              (o, now) ->
                  List.of(
                      name(o),
                      String.valueOf(o.getOrDefault("type", "")),
                      (long) PlainValues.map(o.get("data")).size(),
                      age(o, now)));
      case "/ServiceAccount" ->
          new Printer(
              List.of(NAME, new Column("Secrets", "string"), AGE),
              (o, now) ->
                  List.of(name(o), (long) PlainValues.list(o.get("secrets")).size(), age(o, now)));
      case "/Node" -> NodePrinter.NODE;
      case "coordination.k8s.io/Lease" ->
          new Printer(
              List.of(NAME, new Column("Holder", "string"), AGE),
              (o, now) -> List.of(name(o), text(o, "spec", "holderIdentity"), age(o, now)));
      default -> defaultPrinter();
    };
  }

  /** {@code rest.NewDefaultTableConvertor}: the name and the creation time as RFC 3339. */
  private static Printer defaultPrinter() {
    return new Printer(
        List.of(NAME, new Column("Created At", "date")),
        (o, now) -> {
          Object created = PlainValues.map(o.get("metadata")).get("creationTimestamp");
          return List.of(name(o), created == null ? "0001-01-01T00:00:00Z" : created.toString());
        });
  }
}
