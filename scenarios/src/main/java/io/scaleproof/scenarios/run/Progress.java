package io.scaleproof.scenarios.run;

import java.io.PrintStream;

/**
 * Where a run tells what it is doing: a line per phase, and a status that changes every second. On
 * a terminal the status rewrites one line in place; elsewhere (CI logs) it is printed every {@code
 * everyNth} update, so logs stay readable.
 */
public final class Progress {
  private final PrintStream out;
  private final boolean terminal;
  private final int everyNth;
  private int updates;
  private int lastWidth;

  private Progress(PrintStream out, boolean terminal, int everyNth) {
    this.out = out;
    this.terminal = terminal;
    this.everyNth = everyNth;
  }

  /** Progress on {@code out}; in place when the JVM has a terminal. */
  public static Progress to(PrintStream out) {
    return new Progress(out, System.console() != null, 10);
  }

  /** No progress at all. */
  public static Progress silent() {
    return new Progress(new PrintStream(PrintStream.nullOutputStream()), false, Integer.MAX_VALUE);
  }

  /** A new phase of the run, on its own line. */
  public synchronized void phase(String what) {
    endStatusLine();
    out.println("scaleproof: " + what);
  }

  /** The live status, replacing the previous one. */
  public synchronized void status(String line) {
    if (terminal) {
      String padded =
          line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
      out.print("\r" + padded);
      out.flush();
      lastWidth = line.length();
    } else if (updates++ % everyNth == 0) {
      out.println("  " + line);
    }
  }

  private void endStatusLine() {
    if (terminal && lastWidth > 0) {
      out.println();
      lastWidth = 0;
    }
  }
}
