package io.scaleproof.cluster.sim.apiserver;

import io.scaleproof.cluster.PlainValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of a CustomResourceDefinition's {@code additionalPrinterColumns}: a column of {@code kubectl
 * get} whose cell is the first value its JSONPath reaches, typed as the column says.
 *
 * @param type string, integer, number, boolean or date
 * @param priority 0 for the default columns, more for {@code -o wide}
 */
record PrinterColumn(
    String name, String type, String format, int priority, String description, String jsonPath) {

  PrinterColumn(String name, String type, String jsonPath) {
    this(name, type, "", 0, "", jsonPath);
  }

  PrinterColumn wide() {
    return new PrinterColumn(name, type, format, 1, description, jsonPath);
  }

  /** The age, from the creation time. */
  static final PrinterColumn AGE = new PrinterColumn("Age", "date", ".metadata.creationTimestamp");

  /** A CRD's own default when it declares none: the age. */
  static final List<PrinterColumn> DEFAULT = List.of(AGE);

  /** The columns of one served version of a stored CRD, as plain values. */
  static List<PrinterColumn> of(Map<String, Object> crdVersion) {
    List<PrinterColumn> columns = new ArrayList<>();
    for (Object item : PlainValues.list(crdVersion.get("additionalPrinterColumns"))) {
      Map<String, Object> column = PlainValues.map(item);
      columns.add(
          new PrinterColumn(
              String.valueOf(column.get("name")),
              String.valueOf(column.getOrDefault("type", "string")),
              String.valueOf(column.getOrDefault("format", "")),
              column.get("priority") instanceof Number n ? n.intValue() : 0,
              String.valueOf(column.getOrDefault("description", "")),
              String.valueOf(column.get("jsonPath"))));
    }
    return columns;
  }
}
