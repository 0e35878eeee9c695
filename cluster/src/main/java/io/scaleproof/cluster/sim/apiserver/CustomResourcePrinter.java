package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.Cells.name;
import static io.scaleproof.cluster.sim.apiserver.Cells.since;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.sim.apiserver.Printer.Column;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A custom resource's rows in a {@link Tables Table}, as the apiextensions API server's table
 * convertor writes them: Name, then the CRD's {@code additionalPrinterColumns} (or its default, the
 * age), each cell the first value the column's JSONPath reaches, typed as the column says.
 */
final class CustomResourcePrinter {
  private CustomResourcePrinter() {}

  /** The printer of a custom resource whose CRD declares {@code declared} (empty: none). */
  static Printer of(List<PrinterColumn> declared) {
    List<PrinterColumn> columns = declared.isEmpty() ? PrinterColumn.DEFAULT : declared;
    List<Column> all = new ArrayList<>(List.of(Printer.NAME));
    columns.forEach(c -> all.add(new Column(c.name(), c.type(), c.format(), c.priority())));
    return new Printer(
        all,
        (o, now) -> {
          List<Object> cells = new ArrayList<>(List.of(name(o)));
          for (PrinterColumn column : columns) {
            cells.add(cell(column, o, now));
          }
          return cells;
        });
  }

  /** The apiextensions table convertor's {@code cellForJSONValue}: the first result, typed. */
  static Object cell(PrinterColumn column, Map<String, Object> object, Instant now) {
    List<Object> results;
    try {
      results = JsonPath.find(object, column.jsonPath());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (results.isEmpty() || results.get(0) == null) {
      return null;
    }
    Object value = results.get(0);
    return switch (column.type()) {
      case "integer" -> value instanceof Number n ? (Object) n.longValue() : null;
      case "number" -> value instanceof Number n ? (Object) n.doubleValue() : null;
      case "boolean" -> value instanceof Boolean b ? b : null;
      case "date" -> value instanceof String s ? since(s, now) : null;
      default ->
          value instanceof Map<?, ?> || value instanceof List<?>
              ? new KubernetesSerialization().asJson(value)
              : String.valueOf(value);
    };
  }
}
