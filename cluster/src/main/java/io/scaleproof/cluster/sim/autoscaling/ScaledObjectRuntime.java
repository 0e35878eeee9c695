package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.scaleproof.cluster.control.Timeline;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What KEDA holds in memory for one ScaledObject between two spec changes: the spec it polls, the
 * fallback health it counts, the poll's records for {@code useCachedMetrics}, when the next poll is
 * due, when a trigger was last active and whether fallback is active. Created from the ScaledObject
 * as the reconcile sees it (its status carries health, lastActiveTime and the Fallback condition
 * over a restart); held by {@link KedaPollLoop}; touched only on the {@link Timeline}.
 */
final class ScaledObjectRuntime {
  /** A poll's record for {@code useCachedMetrics}: the metric after fallback, and its activity. */
  record Cached(FallbackValue.Outcome outcome, boolean active) {}

  final ScaledObjectSpec spec;
  final Map<String, FallbackValue.Health> health;
  final Map<String, Cached> cache = new HashMap<>();
  Timeline.Periodic poll;
  Instant pollDue;
  Instant lastActive;
  boolean fallbackActive;

  ScaledObjectRuntime(ScaledObjectSpec spec, GenericKubernetesResource so) {
    this.spec = spec;
    this.health = ScaledObjectStatus.health(so);
    this.lastActive = ScaledObjectStatus.lastActiveTime(so);
    this.fallbackActive = ScaledObjectStatus.isTrue(ScaledObjectStatus.conditions(so), "Fallback");
  }

  void stop() {
    if (poll != null) {
      poll.close();
    }
  }
}
