package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.Cells.name;
import static io.scaleproof.cluster.sim.apiserver.Cells.number;
import static io.scaleproof.cluster.sim.apiserver.Cells.since;
import static io.scaleproof.cluster.sim.apiserver.Cells.text;

import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.apiserver.Printer.Column;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An Event's row of {@code kubectl get events}, as kube-apiserver's {@code printEvent} ({@code
 * pkg/printers/internalversion/printers.go}) writes it: last seen (from the series when there is
 * one), type, reason, the object as {@code kind/name}, and the wide subobject, source, first seen,
 * count and name; its Name column is the last, a wide one.
 */
final class EventPrinter {
  static final Printer EVENT =
      new Printer(
          List.of(
              new Column("Last Seen", "string"),
              new Column("Type", "string"),
              new Column("Reason", "string"),
              new Column("Object", "string"),
              new Column("Subobject", "string", "", 1),
              new Column("Source", "string", "", 1),
              new Column("Message", "string"),
              new Column("First Seen", "string", "", 1),
              new Column("Count", "string", "", 1),
              new Column("Name", "string", "name", 1)),
          EventPrinter::cells);

  private EventPrinter() {}

  static List<Object> cells(Map<String, Object> event, Instant now) {
    String first = since(text(event, "firstTimestamp"), now);
    if (text(event, "firstTimestamp").isEmpty()) {
      first = since(text(event, "eventTime"), now);
    }
    String last = since(text(event, "lastTimestamp"), now);
    if (text(event, "lastTimestamp").isEmpty()) {
      last = first;
    }
    long count = number(event.get("count"));
    Map<String, Object> series = PlainValues.map(event.get("series"));
    if (event.get("series") != null) {
      last = since(text(series, "lastObservedTime"), now);
      count = number(series.get("count"));
    } else if (count == 0) {
      count = 1;
    }
    Map<String, Object> involved = PlainValues.map(event.get("involvedObject"));
    String kind = text(involved, "kind").toLowerCase(Locale.ROOT);
    String target = text(involved, "name").isEmpty() ? kind : kind + "/" + text(involved, "name");
    Map<String, Object> source = PlainValues.map(event.get("source"));
    String component =
        text(source, "component").isEmpty()
            ? text(event, "reportingComponent")
            : text(source, "component");
    String instance =
        text(source, "host").isEmpty() ? text(event, "reportingInstance") : text(source, "host");
    return List.of(
        last,
        text(event, "type"),
        text(event, "reason"),
        target,
        text(involved, "fieldPath"),
        instance.isEmpty() ? component : component + ", " + instance,
        text(event, "message").strip(),
        first,
        count,
        name(event));
  }
}
