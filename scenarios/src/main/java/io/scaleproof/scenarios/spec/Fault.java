package io.scaleproof.scenarios.spec;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One fault made during the load and undone after {@code duration}, and what the scenario expects
 * the autoscaler to do about it. Immutable.
 *
 * @param kind what breaks
 * @param service the scenario's service it hits (crash loop, drift, network faults), or null for a
 *     part of the pipeline every service shares
 * @param target the Service a pipeline fault takes down, as {@code namespace/name}; null: found in
 *     the pipeline (the Prometheus the latency trigger asks, the Collector the agents export to,
 *     the trace store the Collector exports to)
 * @param at when it starts, counted from the start of the load
 * @param duration how long it lasts
 * @param replicas the replica count a drift sets ({@link Kind#DRIFTED_REPLICAS}), else null
 * @param latency the delay a {@link Kind#NETWORK_LATENCY} adds, else null
 * @param share the share of connections a {@link Kind#NETWORK_RESETS} resets, else null
 * @param expect what the autoscaler must do while it lasts and after
 */
public record Fault(
    Kind kind,
    String service,
    String target,
    Duration at,
    Duration duration,
    Integer replicas,
    Duration latency,
    Double share,
    Expect expect) {

  /** What breaks. */
  public enum Kind {
    PROMETHEUS_DOWN("prometheusDown", "the Prometheus the latency trigger queries is down"),
    COLLECTOR_DOWN("collectorDown", "the Collector the agents export to is down"),
    TRACE_STORE_DOWN("traceStoreDown", "the trace store the Collector exports to is down"),
    POD_CRASH_LOOP("podCrashLoop", "one replica crash-loops"),
    BROKEN_COMMIT("brokenCommit", "a manifest that does not parse is committed to Git"),
    DRIFTED_REPLICAS("driftedReplicas", "the Deployment is scaled by hand"),
    NETWORK_LATENCY("networkLatency", "requests to the Service are delayed"),
    NETWORK_RESETS("networkResets", "connections to the Service are reset");

    private final String key;
    private final String story;

    Kind(String key, String story) {
      this.key = key;
      this.story = story;
    }

    /** The name a scenario file gives it, e.g. {@code prometheusDown}. */
    public String key() {
      return key;
    }

    /** What it does, in a few words. */
    public String story() {
      return story;
    }

    /** Whether it hits one service (and needs {@code service:}) rather than the shared pipeline. */
    public boolean hitsOneService() {
      return this == POD_CRASH_LOOP
          || this == DRIFTED_REPLICAS
          || this == NETWORK_LATENCY
          || this == NETWORK_RESETS;
    }

    /**
     * Whether the cluster must make it on demand (a Service's traffic, a pod's process), which only
     * the embedded cluster offers; the others go through Git and the API.
     */
    public boolean madeByTheCluster() {
      return takesServiceDown()
          || this == POD_CRASH_LOOP
          || this == NETWORK_LATENCY
          || this == NETWORK_RESETS;
    }

    /** Whether it takes a pipeline Service down. */
    public boolean takesServiceDown() {
      return this == PROMETHEUS_DOWN || this == COLLECTOR_DOWN || this == TRACE_STORE_DOWN;
    }

    public static Optional<Kind> of(String key) {
      return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
  }

  /**
   * What a fault's scenario expects; every field is optional and each one given is an expectation
   * of the run, judged per service the fault concerns.
   *
   * @param replicasHold the replicas do not change while the fault lasts
   * @param reach the replica count the autoscaler moves to while it lasts (a fallback, an answer to
   *     a drift, a fall to the minimum), or null
   * @param reachWithin by when, from the fault's start, {@code reach} is reached and then held
   * @param fallback whether the ScaledObject's Fallback condition turns True while it lasts, or
   *     null
   * @param scalerErrors whether KEDA reports the trigger failing while it lasts, or null
   * @param neverScalesDownUnderLoad no replica is removed while it lasts under load
   * @param recoversWithin by when, from its end, every replica is ready and the trigger's metric is
   *     read again (under load), or null
   * @param applicationError whether the Argo CD Application shows an error while it lasts, or null
   */
  public record Expect(
      boolean replicasHold,
      Integer reach,
      Duration reachWithin,
      Boolean fallback,
      Boolean scalerErrors,
      boolean neverScalesDownUnderLoad,
      Duration recoversWithin,
      Boolean applicationError) {
    public static final Expect NOTHING =
        new Expect(false, null, null, null, null, false, null, null);
  }

  public Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(expect, "expect");
  }

  /** When it ends, counted from the start of the load. */
  public Duration until() {
    return at.plus(duration);
  }

  /** The fault's name in reports: its kind, and the service it hits. */
  public String label() {
    return service == null ? kind.key() : kind.key() + " " + service;
  }
}
