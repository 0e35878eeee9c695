package io.scaleproof.cluster.sim.autoscaling;

import java.util.ArrayList;
import java.util.List;

/**
 * A poll's triggers summed up for RequestScale, as KEDA's scale handler does ({@code
 * getScaledObjectState}): a trigger is active when it did not fail and its value is above its
 * {@code activationThreshold} or fallback serves it; the ScaledObject is active when any trigger
 * is, in error when any failed, and the active triggers are named in order for the activation
 * Event. No I/O: the embedded cluster's {@link KedaPollLoop} and the virtual-clock {@link
 * AutoscalerTwin} both sum their triggers here.
 */
final class TriggerActivity {
  private final List<String> activeTriggers = new ArrayList<>();
  private boolean active;
  private boolean failed;

  /**
   * Adds one trigger's answer.
   *
   * @param value the trigger's value, read only when it did not fail
   * @return whether this trigger is active
   */
  boolean add(
      String metricName,
      boolean failed,
      boolean fallbackActive,
      double value,
      double activationThreshold) {
    boolean triggerActive = !failed && (fallbackActive || value > activationThreshold);
    this.failed |= failed;
    if (triggerActive) {
      active = true;
      activeTriggers.add(metricName);
    }
    return triggerActive;
  }

  /** Whether any trigger is active. */
  boolean active() {
    return active;
  }

  /** Whether any trigger failed. */
  boolean failed() {
    return failed;
  }

  /** The active triggers' metric names, in the ScaledObject's order. */
  List<String> activeTriggers() {
    return activeTriggers;
  }
}
