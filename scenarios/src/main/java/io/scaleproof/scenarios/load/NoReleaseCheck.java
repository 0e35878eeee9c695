package io.scaleproof.scenarios.load;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Keeps Gatling from asking Maven Central for its latest release. At every start Gatling fetches
 * {@code https://repo1.maven.org/.../gatling-core/maven-metadata.xml} unless its user preferences
 * record a check recent enough, and no setting turns that off. A run sends nothing but loopback
 * traffic, so before each run this records, where Gatling looks, a check made now that found no
 * release: Gatling then neither fetches nor warns.
 */
final class NoReleaseCheck {
  /** Gatling's preference node and keys ({@code io.gatling.commons.util.LatestGatlingRelease}). */
  static final String NODE = "/io/gatling/latestVersion";

  private NoReleaseCheck() {}

  static void record() {
    Preferences preferences = Preferences.userRoot().node(NODE);
    preferences.putLong("lastCheckTimestamp", System.currentTimeMillis());
    preferences.putBoolean("lastCheckSuccess", false);
    try {
      preferences.flush();
    } catch (BackingStoreException e) {
      // Held in memory for this JVM, which is where Gatling reads it.
    }
  }
}
