package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricIdentifier;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricIdentifierBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code autoscaling/v2} objects a user reads with kubectl: the HPA that KEDA generates for a
 * ScaledObject ({@code newHPAForScaledObject}) and the pieces of its status the HPA controller
 * writes, in upstream's wording.
 */
final class GeneratedHpa {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private GeneratedHpa() {}

  /**
   * The HPA for {@code spec}: one External metric {@code s<i>-prometheus} per trigger selected by
   * {@code scaledobject.keda.sh/name}, the threshold with milli precision as its target,
   * minReplicas at least 1, and the behavior with the pause annotations applied.
   */
  static HorizontalPodAutoscaler of(ScaledObjectSpec spec, String scaledObjectUid) {
    List<MetricSpec> metrics = new ArrayList<>();
    for (ScaledObjectSpec.Trigger trigger : spec.triggers()) {
      Quantity target = quantity(Math.round(Math.max(0, trigger.metadata().threshold()) * 1000));
      MetricSpec metric =
          new MetricSpecBuilder()
              .withType("External")
              .withNewExternal()
              .withMetric(metric(spec, trigger))
              .withNewTarget()
              .withType(trigger.valueMetricType() ? "Value" : "AverageValue")
              .endTarget()
              .endExternal()
              .build();
      if (trigger.valueMetricType()) {
        metric.getExternal().getTarget().setValue(target);
      } else {
        metric.getExternal().getTarget().setAverageValue(target);
      }
      metrics.add(metric);
    }
    HorizontalPodAutoscaler hpa =
        new HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withName(spec.hpaName())
            .withNamespace(spec.namespace())
            .addToLabels("app.kubernetes.io/managed-by", "keda-operator")
            .addToLabels("app.kubernetes.io/name", spec.hpaName())
            .addToLabels("app.kubernetes.io/part-of", spec.name())
            .addToLabels("scaledobject.keda.sh/name", spec.name())
            .withAnnotations(spec.annotations().isEmpty() ? null : spec.annotations())
            .addNewOwnerReference()
            .withApiVersion("keda.sh/v1alpha1")
            .withKind("ScaledObject")
            .withName(spec.name())
            .withUid(scaledObjectUid)
            .withController(true)
            .withBlockOwnerDeletion(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(spec.targetName())
            .endScaleTargetRef()
            .withMinReplicas(Math.max(spec.minReplicaCount(), 1))
            .withMaxReplicas(spec.maxReplicaCount())
            .withMetrics(metrics)
            .endSpec()
            .build();
    if (spec.hpaBehavior() != null) {
      hpa.getSpec()
          .setBehavior(
              JSON.convertValue(spec.hpaBehavior(), HorizontalPodAutoscalerBehavior.class));
    }
    return hpa;
  }

  /**
   * {@code status.currentMetrics[i]}: the value for Value, the per-pod average for AverageValue.
   */
  static MetricStatus metricStatus(
      ScaledObjectSpec spec, ScaledObjectSpec.Trigger trigger, long milli) {
    MetricStatus status =
        new MetricStatusBuilder()
            .withType("External")
            .withNewExternal()
            .withMetric(metric(spec, trigger))
            .withNewCurrent()
            .endCurrent()
            .endExternal()
            .build();
    Quantity quantity = quantity(milli);
    if (trigger.valueMetricType()) {
      status.getExternal().getCurrent().setValue(quantity);
    } else {
      status.getExternal().getCurrent().setAverageValue(quantity);
    }
    return status;
  }

  /**
   * The trigger's external metric as the HPA names it in its spec and status: {@code
   * s<i>-prometheus}, selected by {@code scaledobject.keda.sh/name} (what {@link #selector}
   * prints).
   */
  private static MetricIdentifier metric(ScaledObjectSpec spec, ScaledObjectSpec.Trigger trigger) {
    return new MetricIdentifierBuilder()
        .withName(trigger.metricName())
        .withNewSelector()
        .addToMatchLabels("scaledobject.keda.sh/name", spec.name())
        .endSelector()
        .build();
  }

  /**
   * A milli value as the API server stores a {@code resource.Quantity} (KEDA makes them with {@code
   * NewMilliQuantity}): canonical, the largest SI exponent that keeps the number whole — {@code
   * 50m}, {@code 5}, {@code 150}, {@code 1500m}, {@code 2k}.
   */
  static Quantity quantity(long milli) {
    if (milli == 0) {
      return new Quantity("0");
    }
    String[] suffixes = {"m", "", "k", "M", "G", "T", "P", "E"};
    long value = milli;
    int exponent = 0;
    while (exponent < suffixes.length - 1 && value % 1000 == 0) {
      value /= 1000;
      exponent++;
    }
    return new Quantity(value + suffixes[exponent]);
  }

  /** The metric's selector as Go prints a {@code *metav1.LabelSelector} with {@code %+v}. */
  static String selector(ScaledObjectSpec spec) {
    return "&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: "
        + spec.name()
        + ",},MatchExpressions:[]LabelSelectorRequirement{},}";
  }

  /** How the HPA names an external metric in its messages. */
  static String description(ScaledObjectSpec spec, ScaledObjectSpec.Trigger trigger) {
    return "external metric " + trigger.metricName() + "(" + selector(spec) + ")";
  }

  /**
   * The HPA's error for an external metric the metrics API could not serve ({@code
   * computeStatusForExternalMetric}, {@code GetExternalMetric}).
   */
  static String externalMetricError(
      ScaledObjectSpec spec, ScaledObjectSpec.Trigger trigger, String cause) {
    return "unable to get external metric "
        + spec.namespace()
        + "/"
        + trigger.metricName()
        + "/"
        + selector(spec)
        + ": unable to fetch metrics from external metrics API: "
        + cause;
  }

  static HorizontalPodAutoscalerCondition condition(
      String type, String status, String reason, String message) {
    return new HorizontalPodAutoscalerConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }
}
