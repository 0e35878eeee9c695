package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import java.util.ArrayList;
import java.util.List;

/** What the checks found so far, each placed on its file's line. */
final class Findings {
  private final SourceLines lines = new SourceLines();
  private final List<Finding> found = new ArrayList<>();

  void add(Rule rule, Declared object, Object[] path, String message, String fix) {
    add(rule, object, path, null, message, fix);
  }

  /** As {@link #add}, for a value inside a text field: {@code within} is searched for its line. */
  void add(Rule rule, Declared object, Object[] path, String within, String message, String fix) {
    found.add(
        new Finding(
            rule,
            object.file(),
            lines.line(object, path, within),
            object.describe(),
            PlainValues.path(path),
            message,
            fix));
  }

  List<Finding> all() {
    return List.copyOf(found);
  }
}
