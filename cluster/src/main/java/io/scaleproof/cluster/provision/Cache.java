package io.scaleproof.cluster.provision;

import java.nio.file.Path;

/**
 * Where scaleproof keeps what it installs for itself: {@code $SCALEPROOF_CACHE}, else {@code
 * $XDG_CACHE_HOME/scaleproof}, else {@code ~/.cache/scaleproof}. Shared by every run and every
 * checkout on the machine; entries are keyed by what was installed, so they never go stale.
 */
public final class Cache {
  private Cache() {}

  public static Path root() {
    String explicit = System.getenv("SCALEPROOF_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("scaleproof");
  }
}
