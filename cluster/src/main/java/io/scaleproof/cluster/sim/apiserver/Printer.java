package io.scaleproof.cluster.sim.apiserver;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How one kind is printed in a {@link Tables Table}: its column definitions, and each object's
 * cells (one a column, in their order) at a given time.
 */
record Printer(
    List<Printer.Column> columns, BiFunction<Map<String, Object>, Instant, List<Object>> row) {

  static final Column NAME = new Column("Name", "string", "name", 0);
  static final Column AGE = new Column("Age", "string");

  List<Object> cells(Map<String, Object> object, Instant now) {
    return row.apply(object, now);
  }

  /** A column definition: name, type, format, priority (0 shown, 1 with {@code -o wide}). */
  record Column(String name, String type, String format, int priority) {
    Column(String name, String type) {
      this(name, type, "", 0);
    }

    Map<String, Object> definition(String description) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", name);
      column.put("type", type);
      column.put("format", format);
      column.put("description", description);
      column.put("priority", priority);
      return column;
    }
  }
}
