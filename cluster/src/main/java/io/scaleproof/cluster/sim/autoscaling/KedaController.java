package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.sim.controller.EventRecorder;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA and the HPA controller for ScaledObjects on the embedded cluster. Per ScaledObject it keeps
 * the generated {@code autoscaling/v2} HPA ({@code keda-hpa-<name>}) with its spec and status, runs
 * KEDA's poll loop (first poll at once, then every {@code pollingInterval}: the Prometheus query,
 * fallback counting, {@link ScaleExecutor}) and the HPA's sync (first one sync period after
 * creation, then every period: the external-metric proposal per trigger, the maximum, then {@link
 * HpaRecommender}), and writes the ScaledObject's status and the Events a user reads with kubectl.
 * Every actor runs on one {@link Timeline}, so nothing overlaps and equal instants keep their
 * order.
 */
public final class KedaController implements AutoCloseable {
  /** {@code keda.sh/v1alpha1} ScaledObjects. */
  public static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  private static final Logger LOG = LoggerFactory.getLogger(KedaController.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Timeline timeline;
  private final Duration syncPeriod;
  private final BinaryOperator<String> dns;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Runtime> runtimes = new HashMap<>();
  private SharedIndexInformer<GenericKubernetesResource> informer;

  /** What the controller holds in memory for one ScaledObject, as KEDA and the HPA do. */
  private final class Runtime {
    final ScaledObjectSpec spec;
    final HpaRecommender recommender = new HpaRecommender(Duration.ofMinutes(5));
    final Map<String, Integer> failures = new HashMap<>();
    final List<Timeline.Periodic> loops = new ArrayList<>();
    Instant lastActive;

    Runtime(ScaledObjectSpec spec, Instant lastActive) {
      this.spec = spec;
      this.lastActive = lastActive;
    }

    void stop() {
      loops.forEach(Timeline.Periodic::close);
    }
  }

  /**
   * @param dns cluster DNS for the operator, which runs in namespace {@code keda}: a trigger's
   *     {@code serverAddress} such as {@code
   *     http://prometheus.observability.svc.cluster.local:9090} reaches the Service's loopback
   *     address, and no cluster name is looked up outside
   */
  public KedaController(
      KubernetesClient client,
      EventRecorder events,
      Timeline timeline,
      Duration syncPeriod,
      BinaryOperator<String> dns) {
    this.client = client;
    this.events = events;
    this.timeline = timeline;
    this.syncPeriod = syncPeriod;
    this.dns = dns;
  }

  /** The trigger's scaler, its server address resolved as the operator's pod would. */
  private PrometheusScaler scaler(ScaledObjectSpec.Trigger trigger) {
    PrometheusScaler.Metadata m = trigger.metadata();
    return new PrometheusScaler(
        new PrometheusScaler.Metadata(
            dns.apply(m.serverAddress(), "keda"),
            m.query(),
            m.threshold(),
            m.activationThreshold(),
            m.namespace(),
            m.queryParameters(),
            m.customHeaders(),
            m.ignoreNullValues(),
            m.timeout()),
        http);
  }

  public void start() {
    informer =
        client
            .genericKubernetesResources(SCALED_OBJECTS)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource so) {
                    timeline.schedule(Duration.ZERO, () -> reconcile(so));
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource old, GenericKubernetesResource so) {
                    timeline.schedule(Duration.ZERO, () -> reconcile(so));
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource so, boolean unknown) {
                    timeline.schedule(Duration.ZERO, () -> forget(key(so)));
                  }
                },
                0);
  }

  /** Runs on the timeline: (re)starts the loops when the spec changed, refuses a bad one. */
  private void reconcile(GenericKubernetesResource so) {
    String key = key(so);
    ScaledObjectSpec spec;
    try {
      spec = ScaledObjectSpec.parse(so);
      if (deployment(spec) == null) {
        throw new ScaledObjectSpec.Invalid(
            "ScaledObject doesn't have correct scaleTargetRef specification: deployments.apps \""
                + spec.targetName()
                + "\" not found");
      }
    } catch (ScaledObjectSpec.Invalid invalid) {
      forget(key);
      refuse(so, invalid);
      return;
    }
    Runtime current = runtimes.get(key);
    if (current != null && current.spec.equals(spec)) {
      return;
    }
    forget(key);
    Runtime runtime = new Runtime(spec, lastActiveTime(so));
    runtimes.put(key, runtime);
    writeHpa(spec, so);
    runtime.loops.add(timeline.every(Duration.ZERO, spec.pollingInterval(), () -> poll(runtime)));
    runtime.loops.add(timeline.every(syncPeriod, syncPeriod, () -> sync(runtime)));
  }

  private void forget(String key) {
    Runtime runtime = runtimes.remove(key);
    if (runtime != null) {
      runtime.stop();
    }
  }

  private void refuse(GenericKubernetesResource so, ScaledObjectSpec.Invalid invalid) {
    Map<String, Object> status = new LinkedHashMap<>(ScaledObjectSpec.map(so.get("status")));
    Map<String, ScaleExecutor.Condition> conditions = new LinkedHashMap<>();
    conditions.put(
        "Ready", new ScaleExecutor.Condition("False", invalid.reason(), invalid.getMessage()));
    conditions.put("Active", new ScaleExecutor.Condition("Unknown", "", ""));
    status.put("conditions", conditionList(conditions));
    if (!writeStatus(so.getMetadata().getNamespace(), so.getMetadata().getName(), status)) {
      return;
    }
    events.warning(so, "keda-operator", invalid.reason(), invalid.getMessage());
    LOG.warn("ScaledObject {}: {}", key(so), invalid.getMessage());
  }

  /** KEDA's poll: query every trigger, count failures, then RequestScale. */
  private void poll(Runtime runtime) {
    ScaledObjectSpec spec = runtime.spec;
    Instant now = timeline.now();
    Deployment target = deployment(spec);
    if (target == null) {
      return;
    }
    int current = Optional.ofNullable(target.getSpec().getReplicas()).orElse(1);
    boolean active = false;
    boolean error = false;
    boolean fallbackActive = false;
    List<String> activeTriggers = new ArrayList<>();
    for (ScaledObjectSpec.Trigger trigger : spec.triggers()) {
      PrometheusScaler scaler = scaler(trigger);
      PrometheusScaler.Result result = scaler.query(now);
      if (result.failed()) {
        int failures = runtime.failures.merge(trigger.metricName(), 1, Integer::sum);
        if (fallbackApplies(spec, failures)) {
          fallbackActive = true;
          active = true;
        } else {
          error = true;
        }
      } else {
        runtime.failures.put(trigger.metricName(), 0);
        if (scaler.isActive(result.value())) {
          active = true;
          activeTriggers.add(trigger.metricName());
        }
      }
    }
    ScaleExecutor.ScaledObjectState state =
        new ScaleExecutor.ScaledObjectState(
            spec.namespace(),
            spec.name(),
            "apps/v1.Deployment",
            spec.targetName(),
            spec.minReplicaCount(),
            spec.idleReplicaCount(),
            spec.cooldownPeriod(),
            spec.initialCooldownPeriod(),
            spec.fallbackReplicas(),
            spec.annotations(),
            spec.creationTimestamp(),
            runtime.lastActive);
    ScaleExecutor.Decision decision =
        ScaleExecutor.requestScale(state, current, active, error, activeTriggers, now);
    decision.lastActiveTime().ifPresent(t -> runtime.lastActive = t);
    decision.scaleTo().ifPresent(replicas -> scale(spec, replicas));
    Map<String, ScaleExecutor.Condition> conditions = new LinkedHashMap<>(decision.conditions());
    conditions.put(
        "Fallback",
        fallbackActive
            ? new ScaleExecutor.Condition(
                "True",
                "FallbackExists",
                "At least one trigger is falling back on this scaled object")
            : new ScaleExecutor.Condition(
                "False", "NoFallbackFound", "No fallbacks are active on this scaled object"));
    conditions.putIfAbsent(
        "Paused", new ScaleExecutor.Condition("False", "ScaledObjectNotPaused", ""));
    hpaActiveCondition(spec).ifPresent(c -> conditions.put("HPAActive", c));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("scaleTargetKind", "apps/v1.Deployment");
    status.put(
        "scaleTargetGVKR",
        Map.of("group", "apps", "kind", "Deployment", "resource", "deployments", "version", "v1"));
    status.put("originalReplicaCount", current);
    if (runtime.lastActive != null) {
      status.put("lastActiveTime", runtime.lastActive.toString());
    }
    status.put(
        "externalMetricNames",
        spec.triggers().stream().map(ScaledObjectSpec.Trigger::metricName).toList());
    status.put("hpaName", spec.hpaName());
    Map<String, Object> health = new LinkedHashMap<>();
    runtime.failures.forEach(
        (metric, failures) ->
            health.put(
                metric,
                Map.of(
                    "numberOfFailures", failures, "status", failures == 0 ? "Happy" : "Failing")));
    status.put("health", health);
    status.put("conditions", conditionList(conditions));
    writeStatus(spec.namespace(), spec.name(), status);
    decision
        .event()
        .ifPresent(
            e -> {
              GenericKubernetesResource so = scaledObject(spec);
              if (so != null) {
                events.normal(so, "keda-operator", e.reason(), e.message());
              }
            });
  }

  /** The HPA controller's reconcile for the generated HPA. */
  private void sync(Runtime runtime) {
    ScaledObjectSpec spec = runtime.spec;
    Instant now = timeline.now();
    Deployment target = deployment(spec);
    if (target == null) {
      return;
    }
    int current = Optional.ofNullable(target.getSpec().getReplicas()).orElse(1);
    int statusReplicas =
        target.getStatus() == null || target.getStatus().getReplicas() == null
            ? 0
            : target.getStatus().getReplicas();
    int minReplicas = Math.max(spec.minReplicaCount(), 1);
    runtime.recommender.recordInitial(current, now);
    List<MetricStatus> metrics = new ArrayList<>();
    List<HorizontalPodAutoscalerCondition> conditions = new ArrayList<>();
    int desired;
    Optional<HpaRecommender.Decision> decision = Optional.empty();
    if (current == 0 && minReplicas != 0) {
      conditions.add(
          condition(
              "AbleToScale",
              "True",
              "SucceededGetScale",
              "the HPA controller was able to get the target's current scale"));
      conditions.add(
          condition(
              "ScalingActive",
              "False",
              "ScalingDisabled",
              "scaling is disabled since the replica count of the target is zero"));
      writeHpaStatus(spec, current, current, metrics, conditions, null);
      return;
    } else if (current > spec.maxReplicaCount()) {
      desired = spec.maxReplicaCount();
    } else if (current < minReplicas) {
      desired = minReplicas;
    } else {
      List<Pod> pods = pods(target);
      int ready = (int) pods.stream().filter(KedaController::ready).count();
      int best = -1;
      String bestMetric = "";
      String lastError = null;
      int failed = 0;
      for (ScaledObjectSpec.Trigger trigger : spec.triggers()) {
        PrometheusScaler.Result result = scaler(trigger).query(now);
        double value;
        if (result.failed()) {
          int failures = runtime.failures.merge(trigger.metricName(), 1, Integer::sum);
          if (!fallbackApplies(spec, failures)) {
            failed++;
            lastError = result.error();
            continue;
          }
          value = fallbackValue(spec, trigger, current, ready);
        } else {
          runtime.failures.put(trigger.metricName(), 0);
          value = result.value();
        }
        long usage = PrometheusScaler.milli(value);
        long targetMilli = PrometheusScaler.milli(trigger.metadata().threshold());
        ExternalMetricReplicas.Proposal proposal;
        try {
          proposal =
              trigger.valueMetricType()
                  ? ExternalMetricReplicas.forValue(
                      usage, targetMilli, current, pods.size(), ready, Tolerance.DEFAULT)
                  : ExternalMetricReplicas.forAverageValue(
                      usage, targetMilli, statusReplicas, Tolerance.DEFAULT);
        } catch (IllegalStateException e) {
          failed++;
          lastError = e.getMessage();
          continue;
        }
        metrics.add(metricStatus(spec, trigger, proposal.reportedMilli()));
        if (proposal.replicas() > best) {
          best = proposal.replicas();
          bestMetric = metricDescription(spec, trigger);
        }
      }
      conditions.add(
          condition(
              "AbleToScale",
              "True",
              "SucceededGetScale",
              "the HPA controller was able to get the target's current scale"));
      if (best < 0 || (failed > 0 && best < current)) {
        conditions.add(
            condition(
                "ScalingActive",
                "False",
                "FailedGetExternalMetric",
                "the HPA was unable to compute the replica count: " + lastError));
        writeHpaStatus(spec, current, current, metrics, conditions, null);
        return;
      }
      conditions.add(
          condition(
              "ScalingActive",
              "True",
              "ValidMetricFound",
              "the HPA was able to successfully calculate a replica count from " + bestMetric));
      decision =
          Optional.of(
              spec.behavior() == null
                  ? runtime.recommender.normalize(
                      current, best, minReplicas, spec.maxReplicaCount(), now)
                  : runtime.recommender.normalizeWithBehavior(
                      current,
                      best,
                      minReplicas,
                      spec.maxReplicaCount(),
                      spec.scaleUpRules(),
                      spec.scaleDownRules(),
                      now));
      desired = decision.get().replicas();
      conditions.set(
          0,
          condition(
              "AbleToScale",
              "True",
              decision.get().ableToScaleReason(),
              decision.get().ableToScaleMessage()));
      conditions.add(
          condition(
              "ScalingLimited",
              decision.get().limited() ? "True" : "False",
              decision.get().limitReason(),
              decision.get().limitMessage()));
      if (desired != current) {
        String reason =
            desired > current ? bestMetric + " above target" : "All metrics below target";
        if (spec.behavior() != null) {
          runtime.recommender.storeScaleEvent(
              spec.scaleUpRules(), spec.scaleDownRules(), current, desired, now);
        }
        scale(spec, desired);
        HorizontalPodAutoscaler hpa = hpa(spec);
        if (hpa != null) {
          events.normal(
              hpa,
              "horizontal-pod-autoscaler",
              "SuccessfulRescale",
              "New size: " + desired + "; reason: " + reason);
        }
        writeHpaStatus(spec, current, desired, metrics, conditions, now);
        return;
      }
    }
    writeHpaStatus(spec, current, desired, metrics, conditions, null);
  }

  /** Fallback applies once a metric has failed more than {@code failureThreshold} times. */
  private static boolean fallbackApplies(ScaledObjectSpec spec, int failures) {
    return spec.fallbackReplicas() != null
        && spec.fallbackFailureThreshold() != null
        && failures > spec.fallbackFailureThreshold();
  }

  /** The synthetic value of a failing metric under fallback (static behavior). */
  private static double fallbackValue(
      ScaledObjectSpec spec, ScaledObjectSpec.Trigger trigger, int current, int ready) {
    double target = trigger.metadata().threshold();
    return trigger.valueMetricType()
        ? (ready == 0 ? 0 : target * spec.fallbackReplicas() / ready)
        : target * spec.fallbackReplicas();
  }

  private Optional<ScaleExecutor.Condition> hpaActiveCondition(ScaledObjectSpec spec) {
    HorizontalPodAutoscaler hpa = hpa(spec);
    if (hpa == null || hpa.getStatus() == null || hpa.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return ScaleExecutor.hpaHealth(
        hpa.getStatus().getConditions().stream()
            .filter(c -> "ScalingActive".equals(c.getType()))
            .findFirst()
            .map(c -> new ScaleExecutor.Condition(c.getStatus(), c.getReason(), c.getMessage())));
  }

  /** The generated HPA, as KEDA's newHPAForScaledObject makes it. */
  private void writeHpa(ScaledObjectSpec spec, GenericKubernetesResource so) {
    List<MetricSpec> metrics = new ArrayList<>();
    for (ScaledObjectSpec.Trigger trigger : spec.triggers()) {
      String target = String.format("%.3f", Math.max(0, trigger.metadata().threshold()));
      MetricSpecBuilder metric =
          new MetricSpecBuilder()
              .withType("External")
              .withNewExternal()
              .withNewMetric()
              .withName(trigger.metricName())
              .withNewSelector()
              .addToMatchLabels("scaledobject.keda.sh/name", spec.name())
              .endSelector()
              .endMetric()
              .withNewTarget()
              .withType(trigger.valueMetricType() ? "Value" : "AverageValue")
              .endTarget()
              .endExternal();
      MetricSpec built = metric.build();
      if (trigger.valueMetricType()) {
        built
            .getExternal()
            .getTarget()
            .setValue(new io.fabric8.kubernetes.api.model.Quantity(target));
      } else {
        built
            .getExternal()
            .getTarget()
            .setAverageValue(new io.fabric8.kubernetes.api.model.Quantity(target));
      }
      metrics.add(built);
    }
    HorizontalPodAutoscalerBuilder hpa =
        new HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withName(spec.hpaName())
            .withNamespace(spec.namespace())
            .addToLabels("app.kubernetes.io/managed-by", "keda-operator")
            .addToLabels("app.kubernetes.io/name", spec.hpaName())
            .addToLabels("app.kubernetes.io/part-of", spec.name())
            .addToLabels("scaledobject.keda.sh/name", spec.name())
            .addNewOwnerReference()
            .withApiVersion("keda.sh/v1alpha1")
            .withKind("ScaledObject")
            .withName(spec.name())
            .withUid(so.getMetadata().getUid())
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
            .endSpec();
    HorizontalPodAutoscaler built = hpa.build();
    if (spec.behavior() != null) {
      built
          .getSpec()
          .setBehavior(
              JSON.convertValue(
                  spec.behavior(),
                  io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior
                      .class));
    }
    HorizontalPodAutoscaler existing = hpa(spec);
    if (existing == null) {
      client.resource(built).create();
    } else {
      existing.setSpec(built.getSpec());
      client.resource(existing).update();
    }
  }

  private void writeHpaStatus(
      ScaledObjectSpec spec,
      int current,
      int desired,
      List<MetricStatus> metrics,
      List<HorizontalPodAutoscalerCondition> conditions,
      Instant scaled) {
    HorizontalPodAutoscaler hpa = hpa(spec);
    if (hpa == null) {
      return;
    }
    String now = timeline.now().toString();
    for (HorizontalPodAutoscalerCondition condition : conditions) {
      String previous =
          hpa.getStatus() == null || hpa.getStatus().getConditions() == null
              ? null
              : hpa.getStatus().getConditions().stream()
                  .filter(c -> c.getType().equals(condition.getType()))
                  .filter(c -> c.getStatus().equals(condition.getStatus()))
                  .map(HorizontalPodAutoscalerCondition::getLastTransitionTime)
                  .findFirst()
                  .orElse(null);
      condition.setLastTransitionTime(previous == null ? now : previous);
    }
    String lastScale =
        scaled != null
            ? scaled.toString()
            : hpa.getStatus() == null ? null : hpa.getStatus().getLastScaleTime();
    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus status =
        new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatusBuilder()
            .withCurrentReplicas(current)
            .withDesiredReplicas(desired)
            .withCurrentMetrics(metrics)
            .withConditions(conditions)
            .withLastScaleTime(lastScale)
            .build();
    if (status.equals(hpa.getStatus())) {
      return; // Unchanged: no write, no watch event.
    }
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(spec.namespace())
        .withName(spec.hpaName())
        .edit(
            h -> {
              h.setStatus(status);
              return h;
            });
  }

  private static MetricStatus metricStatus(
      ScaledObjectSpec spec, ScaledObjectSpec.Trigger trigger, long milli) {
    MetricStatus status =
        new MetricStatusBuilder()
            .withType("External")
            .withNewExternal()
            .withNewMetric()
            .withName(trigger.metricName())
            .withNewSelector()
            .addToMatchLabels("scaledobject.keda.sh/name", spec.name())
            .endSelector()
            .endMetric()
            .withNewCurrent()
            .endCurrent()
            .endExternal()
            .build();
    io.fabric8.kubernetes.api.model.Quantity quantity =
        new io.fabric8.kubernetes.api.model.Quantity(milli + "m");
    if (trigger.valueMetricType()) {
      status.getExternal().getCurrent().setValue(quantity);
    } else {
      status.getExternal().getCurrent().setAverageValue(quantity);
    }
    return status;
  }

  /** How the HPA names an external metric in its messages. */
  private static String metricDescription(ScaledObjectSpec spec, ScaledObjectSpec.Trigger trigger) {
    return "external metric "
        + trigger.metricName()
        + "(&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: "
        + spec.name()
        + ",},MatchExpressions:[]LabelSelectorRequirement{},})";
  }

  private static HorizontalPodAutoscalerCondition condition(
      String type, String status, String reason, String message) {
    return new HorizontalPodAutoscalerConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static List<Map<String, Object>> conditionList(
      Map<String, ScaleExecutor.Condition> conditions) {
    List<Map<String, Object>> list = new ArrayList<>();
    conditions.forEach(
        (type, c) -> {
          Map<String, Object> condition = new LinkedHashMap<>();
          condition.put("type", type);
          condition.put("status", c.status());
          condition.put("reason", c.reason());
          condition.put("message", c.message());
          list.add(condition);
        });
    return list;
  }

  /** Writes the ScaledObject's status when it changed (an unchanged status is not written). */
  private boolean writeStatus(String namespace, String name, Map<String, Object> status) {
    try {
      GenericKubernetesResource current =
          client
              .genericKubernetesResources(SCALED_OBJECTS)
              .inNamespace(namespace)
              .withName(name)
              .get();
      if (current == null) {
        return false;
      }
      if (JSON.convertValue(status, Map.class).equals(current.get("status"))) {
        return true;
      }
      GenericKubernetesResource updated =
          client
              .genericKubernetesResources(SCALED_OBJECTS)
              .inNamespace(namespace)
              .withName(name)
              .editStatus(
                  so -> {
                    so.setAdditionalProperty("status", status);
                    return so;
                  });
      return updated != null;
    } catch (RuntimeException e) {
      LOG.debug("status of ScaledObject {}/{} not written: {}", namespace, name, e.getMessage());
      return false;
    }
  }

  private void scale(ScaledObjectSpec spec, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(spec.namespace())
        .withName(spec.targetName())
        .scale(replicas);
  }

  private Deployment deployment(ScaledObjectSpec spec) {
    return client
        .apps()
        .deployments()
        .inNamespace(spec.namespace())
        .withName(spec.targetName())
        .get();
  }

  private HorizontalPodAutoscaler hpa(ScaledObjectSpec spec) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(spec.namespace())
        .withName(spec.hpaName())
        .get();
  }

  private GenericKubernetesResource scaledObject(ScaledObjectSpec spec) {
    return client
        .genericKubernetesResources(SCALED_OBJECTS)
        .inNamespace(spec.namespace())
        .withName(spec.name())
        .get();
  }

  private List<Pod> pods(Deployment deployment) {
    return client
        .pods()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withLabels(deployment.getSpec().getSelector().getMatchLabels())
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Instant lastActiveTime(GenericKubernetesResource so) {
    Object value = ScaledObjectSpec.map(so.get("status")).get("lastActiveTime");
    return value == null ? null : Instant.parse(String.valueOf(value));
  }

  private static String key(GenericKubernetesResource so) {
    return so.getMetadata().getNamespace() + "/" + so.getMetadata().getName();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    timeline.schedule(Duration.ZERO, () -> runtimes.values().forEach(Runtime::stop));
    timeline.close();
  }
}
