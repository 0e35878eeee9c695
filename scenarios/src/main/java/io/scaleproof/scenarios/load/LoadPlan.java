package io.scaleproof.scenarios.load;

import io.scaleproof.scenarios.spec.LoadProfile;
import io.scaleproof.scenarios.spec.ServiceUnderTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ScalingLoadSimulation} sends: the profile, to each service's URL. Gatling creates the
 * simulation itself, with no arguments, so {@link GatlingLoad} hands the plan over here for the one
 * run in progress.
 *
 * @param profile the injection profile, applied to each target
 * @param targets the services, the base URL each answers at and the request each user sends
 * @param latencies where each response's latency, as the client saw it, is recorded
 */
public record LoadPlan(LoadProfile profile, List<Target> targets, ClientLatencies latencies) {
  /** A service under load, its base URL and the request each virtual user sends it. */
  public record Target(String service, URI baseUrl, ServiceUnderTest.Request request) {
    public Target {
      Objects.requireNonNull(request, "request");
    }

    /** A target that answers a plain {@code GET path}. */
    public static Target get(String service, URI baseUrl, String path) {
      return new Target(
          service, baseUrl, new ServiceUnderTest.Request("GET", path, Map.of(), null));
    }
  }

  private static final Object LOCK = new Object();
  private static LoadPlan current;

  public LoadPlan {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(latencies, "latencies");
    targets = List.copyOf(targets);
  }

  /** A plan whose clients' latencies no one reads. */
  public LoadPlan(LoadProfile profile, List<Target> targets) {
    this(profile, targets, new ClientLatencies());
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
