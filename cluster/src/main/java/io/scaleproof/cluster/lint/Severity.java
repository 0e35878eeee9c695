package io.scaleproof.cluster.lint;

/** How bad a finding is: an error stops a run (and fails {@code lint}); a warning is reported. */
public enum Severity {
  ERROR,
  WARNING;

  /** The SARIF 2.1.0 level. */
  String sarifLevel() {
    return this == ERROR ? "error" : "warning";
  }
}
