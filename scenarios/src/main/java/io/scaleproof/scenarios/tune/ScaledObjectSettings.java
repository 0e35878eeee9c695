package io.scaleproof.scenarios.tune;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.sim.autoscaling.AutoscalerTwin;
import io.scaleproof.cluster.sim.autoscaling.ScaledObjectSpec;
import io.scaleproof.scenarios.spec.ScalingChain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * A ScaledObject as the twin runs it: read with the embedded cluster's own {@link ScaledObjectSpec}
 * (its defaults and checks), each trigger matched to the signal the project says it reads.
 */
final class ScaledObjectSettings {
  private ScaledObjectSettings() {}

  /**
   * @param file where the ScaledObject is declared, for errors
   * @throws InvalidInputException when KEDA would refuse the ScaledObject, or a trigger reads
   *     something the twin does not model
   */
  static TwinSettings of(
      Map<String, Object> scaledObject, ScalingChain chain, Duration syncPeriod, Path file) {
    String yaml = new Dump(DumpSettings.builder().build()).dumpToString(scaledObject);
    GenericKubernetesResource resource =
        new KubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    ScaledObjectSpec spec;
    try {
      spec = ScaledObjectSpec.parse(resource);
    } catch (ScaledObjectSpec.Invalid e) {
      throw new InvalidInputException(
          file, "ScaledObject " + chain.scaledObject(), e.error(), "Fix the ScaledObject");
    }
    List<AutoscalerTwin.Trigger> triggers = new ArrayList<>();
    List<TwinSettings.Signal> signals = new ArrayList<>();
    List<Boolean> ignoreNull = new ArrayList<>();
    for (int i = 0; i < spec.triggers().size(); i++) {
      ScaledObjectSpec.Trigger trigger = spec.triggers().get(i);
      triggers.add(
          new AutoscalerTwin.Trigger(
              trigger.metadata().threshold(),
              trigger.metadata().activationThreshold(),
              trigger.valueMetricType()));
      signals.add(signal(chain, i, file));
      ignoreNull.add(trigger.metadata().ignoreNullValues());
    }
    AutoscalerTwin.Spec twin =
        new AutoscalerTwin.Spec(
            spec.minReplicaCount(),
            spec.maxReplicaCount(),
            triggers,
            spec.pollingInterval(),
            spec.cooldownPeriod(),
            syncPeriod,
            spec.scaleUpRules(),
            spec.scaleDownRules());
    return new TwinSettings(twin, signals, ignoreNull);
  }

  private static TwinSettings.Signal signal(ScalingChain chain, int index, Path file) {
    if (is(Optional.of(chain.latency()), index)) {
      return TwinSettings.Signal.LATENCY;
    }
    if (is(chain.errors(), index)) {
      return TwinSettings.Signal.ERRORS;
    }
    if (is(chain.rate(), index)) {
      return TwinSettings.Signal.RATE;
    }
    ScalingChain.DeclaredTrigger trigger = chain.triggers().get(index);
    throw new InvalidInputException(
        file,
        "ScaledObject " + chain.scaledObject() + " trigger " + trigger.describe(),
        "reads none of the project's signals (latency, errors, rate): the twin models only those",
        "Name it as a signal of " + chain.service().name() + " in the project file, or tune live");
  }

  private static boolean is(Optional<ScalingChain.Signal> signal, int index) {
    return signal.flatMap(ScalingChain.Signal::trigger).map(t -> t.index() == index).orElse(false);
  }
}
