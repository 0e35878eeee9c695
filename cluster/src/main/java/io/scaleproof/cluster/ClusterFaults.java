package io.scaleproof.cluster;

import java.time.Duration;

/**
 * Faults a cluster can make on demand, for a scenario that asks what the autoscaler does when part
 * of its pipeline breaks. Each lasts until it is cleared; closing the cluster clears them all.
 * Backends that cannot make one say so: {@link Cluster#faults()} is empty there.
 */
public interface ClusterFaults {

  /**
   * Service {@code namespace/name} without endpoints: every connection to it refused, and the open
   * ones closed, as when its only process goes away.
   */
  void refuse(String namespace, String name);

  /** Each request on the way to Service {@code namespace/name} held back by {@code latency}. */
  void delay(String namespace, String name, Duration latency);

  /** A {@code share} of new connections to Service {@code namespace/name} reset at once. */
  void reset(String namespace, String name, double share);

  /** Service {@code namespace/name} served normally again. */
  void restore(String namespace, String name);

  /**
   * Pod {@code namespace/name}'s containers exit shortly after each start while {@code on}, and the
   * kubelet restarts them with its back-off (CrashLoopBackOff).
   *
   * @return whether the pod was found
   */
  boolean crashLoop(String namespace, String name, boolean on);
}
