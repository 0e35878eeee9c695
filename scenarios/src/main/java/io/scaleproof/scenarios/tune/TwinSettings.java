package io.scaleproof.scenarios.tune;

import io.scaleproof.cluster.sim.autoscaling.AutoscalerTwin;
import java.util.List;

/**
 * The autoscaling a twin run uses: the ScaledObject's and HPA's settings, and what each trigger
 * reads.
 *
 * @param spec the settings, triggers in the ScaledObject's order
 * @param signals what each trigger's query measures, by the same index
 * @param ignoreNullValues each trigger's {@code ignoreNullValues}: an empty answer is 0, else an
 *     error
 */
public record TwinSettings(
    AutoscalerTwin.Spec spec, List<Signal> signals, List<Boolean> ignoreNullValues) {
  /** What a trigger's query measures, as the project file names it. */
  public enum Signal {
    LATENCY,
    ERRORS,
    RATE
  }

  public TwinSettings {
    signals = List.copyOf(signals);
    ignoreNullValues = List.copyOf(ignoreNullValues);
    if (signals.size() != spec.triggers().size()
        || ignoreNullValues.size() != spec.triggers().size()) {
      throw new IllegalArgumentException("one signal and one ignoreNullValues per trigger");
    }
  }
}
