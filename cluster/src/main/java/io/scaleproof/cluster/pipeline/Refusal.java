package io.scaleproof.cluster.pipeline;

/**
 * What a real program says against one declared object: {@code otelcol validate} against an {@code
 * OpenTelemetryCollector}'s config, {@code promtool check rules} against a {@code PrometheusRule}'s
 * groups — or that the program did not finish.
 *
 * @param field the object's field at fault ({@code spec.config}, {@code spec.groups})
 * @param message the program's refusal, in its words
 * @param fix what to do about it
 */
public record Refusal(String field, String message, String fix) {
  private static final String FIX_THE_FILE = "Fix it";

  /** The program's refusal of the file: the fix is the file's. */
  public Refusal(String field, String message) {
    this(field, message, FIX_THE_FILE);
  }

  /** Whether the program refused the file (else the program itself failed, a timeout say). */
  public boolean fileAtFault() {
    return FIX_THE_FILE.equals(fix);
  }
}
