package io.scaleproof.cluster.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * What one part of the local backend started and owns, closed in reverse order of start: a part's
 * failure to close does not keep the others open.
 */
final class OwnedParts implements AutoCloseable {
  private final List<AutoCloseable> parts = new ArrayList<>();

  /** Owns {@code part} (an AutoCloseable, or an executor shut down at close) and returns it. */
  synchronized <T> T own(T part) {
    if (part instanceof ExecutorService executor) {
      parts.add(executor::shutdownNow);
    } else {
      parts.add((AutoCloseable) part);
    }
    return part;
  }

  @Override
  public void close() {
    List<AutoCloseable> closing;
    synchronized (this) {
      closing = new ArrayList<>(parts);
      parts.clear();
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        // Keep closing the rest; one part's failure must not leak the others.
      }
    }
  }
}
