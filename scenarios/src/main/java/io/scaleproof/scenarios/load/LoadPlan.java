package io.scaleproof.scenarios.load;

import io.scaleproof.scenarios.spec.LoadProfile;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ScalingLoadSimulation} sends: the profile, to each service's URL. Gatling creates the
 * simulation itself, with no arguments, so {@link GatlingLoad} hands the plan over here for the one
 * run in progress.
 *
 * @param profile the injection profile, applied to each target
 * @param targets the services and the base URL each answers at
 * @param path the request path, such as {@code /work}
 * @param latencies where each response's latency, as the client saw it, is recorded
 */
public record LoadPlan(
    LoadProfile profile, List<Target> targets, String path, ClientLatencies latencies) {
  /** A service under load and its base URL. */
  public record Target(String service, URI baseUrl) {}

  private static final Object LOCK = new Object();
  private static LoadPlan current;

  public LoadPlan {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(latencies, "latencies");
    targets = List.copyOf(targets);
  }

  /** A plan whose clients' latencies no one reads. */
  public LoadPlan(LoadProfile profile, List<Target> targets, String path) {
    this(profile, targets, path, new ClientLatencies());
  }

  /** The plan of the run in progress. */
  static LoadPlan current() {
    synchronized (LOCK) {
      if (current == null) {
        throw new IllegalStateException(
            "no load plan: run ScalingLoadSimulation through GatlingLoad, not on its own");
      }
      return current;
    }
  }

  static void begin(LoadPlan plan) {
    synchronized (LOCK) {
      if (current != null) {
        throw new IllegalStateException("a Gatling run is already in progress in this JVM");
      }
      current = plan;
    }
  }

  static void end() {
    synchronized (LOCK) {
      current = null;
    }
  }
}
