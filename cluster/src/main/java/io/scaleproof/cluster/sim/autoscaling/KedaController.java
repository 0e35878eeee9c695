package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.controller.EventRecorder;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA and the HPA controller for ScaledObjects on the embedded cluster.
 *
 * <p>Per ScaledObject, KEDA's side: the controller's reconcile (checks in upstream's order, a
 * refused ScaledObject retried with controller-runtime's back-off, the pause annotations, the
 * generated HPA {@code keda-hpa-<name>}), and the poll loop (first poll at once, then every {@code
 * pollingInterval}: each trigger's Prometheus query, retried once on error, through {@link
 * FallbackValue}, then {@link ScaleExecutor}). The HPA's side: a sync one period after the HPA
 * appears, then every period, asking KEDA's metrics path for each external metric (a live query, or
 * the poll's record under {@code useCachedMetrics}), then the replica proposal per metric, the
 * maximum, and {@link HpaRecommender}. Both write what a user reads with kubectl — the
 * ScaledObject's and the HPA's status, Events — and {@link KedaMetrics} records KEDA's own metrics.
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
  private static final String OPERATOR = "keda-operator";
  private static final String READY_MESSAGE =
      "ScaledObject is defined correctly and is ready for scaling";

  /** controller-runtime's per-item back-off: 5 ms doubling up to 1000 s. */
  private static final Duration RETRY_BASE = Duration.ofMillis(5);

  private static final Duration RETRY_MAX = Duration.ofSeconds(1000);

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Timeline timeline;
  private final Duration syncPeriod;
  private final BinaryOperator<String> dns;
  private final KedaMetrics metrics;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Runtime> runtimes = new HashMap<>();
  private final Map<String, HpaLoop> hpas = new HashMap<>();
  private final Map<String, Integer> retries = new HashMap<>();
  private SharedIndexInformer<GenericKubernetesResource> informer;

  /** What KEDA holds in memory for one ScaledObject between two spec changes. */
  private final class Runtime {
    final ScaledObjectSpec spec;
    final Map<String, FallbackValue.Health> health;
    final Map<String, Cached> cache = new HashMap<>();
    Timeline.Periodic poll;
    Instant pollDue;
    Instant lastActive;
    boolean fallbackActive;

    Runtime(ScaledObjectSpec spec, GenericKubernetesResource so) {
      this.spec = spec;
      this.health = health(so);
      this.lastActive = lastActiveTime(so);
      this.fallbackActive =
          "True".equals(conditions(so).getOrDefault("Fallback", UNKNOWN).status());
    }

    void stop() {
      if (poll != null) {
        poll.close();
      }
    }
  }

  /** A poll's record for {@code useCachedMetrics}: the metric after fallback, and its activity. */
  private record Cached(FallbackValue.Outcome outcome, boolean active) {}

  /** What the HPA controller holds in memory for one HPA, kept across ScaledObject updates. */
  private static final class HpaLoop {
    final HpaSync sync = new HpaSync();
    Timeline.Periodic loop;
  }

  /** One evaluation of a trigger: the outcome after fallback, the raw value, the query's time. */
  private record Evaluation(FallbackValue.Outcome outcome, double raw, Double latencySeconds) {}

  private static final ScaleExecutor.Condition UNKNOWN =
      new ScaleExecutor.Condition("Unknown", "", "");

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
      BinaryOperator<String> dns,
      KedaMetrics metrics) {
    this.client = client;
    this.events = events;
    this.timeline = timeline;
    this.syncPeriod = syncPeriod;
    this.dns = dns;
    this.metrics = metrics;
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
                    // As upstream's predicates: the spec, labels or annotations changed, not the
                    // status this controller writes.
                    if (!Objects.equals(old.get("spec"), so.get("spec"))
                        || !Objects.equals(
                            old.getMetadata().getAnnotations(), so.getMetadata().getAnnotations())
                        || !Objects.equals(
                            old.getMetadata().getLabels(), so.getMetadata().getLabels())) {
                      timeline.schedule(Duration.ZERO, () -> reconcile(so));
                    }
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource so, boolean unknown) {
                    timeline.schedule(Duration.ZERO, () -> forget(so));
                  }
                },
                0);
  }

  /** The controller's reconcile, on the timeline. */
  private void reconcile(GenericKubernetesResource so) {
    String key = key(so);
    metrics.registered(
        so.getMetadata().getNamespace(),
        so.getMetadata().getName(),
        ScaledObjectSpec.triggerTypes(so));
    if (ScaledObjectSpec.pausedByAnnotation(so)) {
      pause(so);
      return;
    }
    ScaledObjectSpec spec;
    try {
      spec =
          ScaledObjectSpec.parse(
              so, target -> deployment(so.getMetadata().getNamespace(), target) != null);
    } catch (ScaledObjectSpec.Invalid invalid) {
      refuse(so, invalid);
      return;
    }
    retries.remove(key);
    Map<String, ScaleExecutor.Condition> previous = conditions(so);
    boolean unpausing =
        "True".equals(previous.getOrDefault("Paused", UNKNOWN).status())
            && !spec.pausedInOneDirection();
    Runtime current = runtimes.get(key);
    if (current != null && current.spec.equals(spec) && !unpausing) {
      return;
    }
    metrics.reconciled(spec);
    if (current != null) {
      current.stop();
    }
    Runtime runtime = new Runtime(spec, so);
    runtimes.put(key, runtime);
    writeHpa(spec, so);
    hpas.computeIfAbsent(
        key,
        k -> {
          HpaLoop hpa = new HpaLoop();
          hpa.loop = timeline.every(syncPeriod, syncPeriod, () -> sync(k));
          return hpa;
        });

    Map<String, Object> status = new LinkedHashMap<>(PlainValues.map(so.get("status")));
    targetAndTriggers(so, spec, status);
    Map<String, ScaleExecutor.Condition> conditions = initialized(previous);
    if (!"True".equals(previous.getOrDefault("Ready", UNKNOWN).status())) {
      events.normal(so, OPERATOR, "ScaledObjectReady", "ScaledObject is ready for scaling");
    }
    conditions.put(
        "Ready", new ScaleExecutor.Condition("True", "ScaledObjectReady", READY_MESSAGE));
    if (!FallbackValue.valid(spec.fallback())) {
      conditions.put("Fallback", FallbackValue.condition(spec.fallback(), Map.of()));
    }
    if (spec.pausedInOneDirection()) {
      if (!"True".equals(previous.getOrDefault("Paused", UNKNOWN).status())) {
        events.normal(so, OPERATOR, "ScaledObjectPaused", "ScaledObject is paused");
      }
      conditions.put(
          "Paused",
          new ScaleExecutor.Condition("True", "ScaledObjectPaused", "ScaledObject is paused"));
    } else if (unpausing) {
      String message = "pause annotation removed for ScaledObject";
      events.normal(so, OPERATOR, "ScaledObjectUnpaused", message);
      conditions.put(
          "Paused", new ScaleExecutor.Condition("False", "ScaledObjectUnpaused", message));
      status.remove("pausedReplicaCount");
    }
    metrics.paused(spec.namespace(), spec.name(), spec.pausedInOneDirection());
    status.put("conditions", conditionList(conditions));
    writeStatus(spec.namespace(), spec.name(), status);

    runtime.pollDue = timeline.now();
    runtime.poll = timeline.every(Duration.ZERO, spec.pollingInterval(), () -> poll(runtime));
  }

  /**
   * {@code paused} or {@code paused-replicas}: the loop stops, the HPA goes, the target is scaled
   * to the paused count if one is given; nothing else of the ScaledObject is checked.
   */
  private void pause(GenericKubernetesResource so) {
    String key = key(so);
    String namespace = so.getMetadata().getNamespace();
    String name = so.getMetadata().getName();
    Runtime runtime = runtimes.remove(key);
    if (runtime != null) {
      runtime.stop();
      events.normal(so, OPERATOR, "KEDAScalersStopped", "Stopped scalers watch");
    }
    HpaLoop hpa = hpas.remove(key);
    if (hpa != null) {
      hpa.loop.close();
    }
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName(ScaledObjectSpec.hpaName(so))
        .delete();
    metrics.paused(namespace, name, true);

    Map<String, ScaleExecutor.Condition> previous = conditions(so);
    Map<String, ScaleExecutor.Condition> conditions = initialized(previous);
    Map<String, Object> status = new LinkedHashMap<>(PlainValues.map(so.get("status")));
    if (!"True".equals(previous.getOrDefault("Paused", UNKNOWN).status())) {
      events.normal(so, OPERATOR, "ScaledObjectPaused", "ScaledObject is paused");
    }
    conditions.put(
        "Paused",
        new ScaleExecutor.Condition("True", "ScaledObjectPaused", "ScaledObject is paused"));
    String paused = so.getMetadata().getAnnotations().get(ScaleExecutor.PAUSED_REPLICAS);
    if (paused != null) {
      try {
        int replicas = pausedReplicas(paused, namespace, ScaledObjectSpec.targetName(so));
        status.put("pausedReplicaCount", replicas);
      } catch (ScaledObjectSpec.Invalid invalid) {
        conditions.put(
            "Ready", new ScaleExecutor.Condition("False", invalid.reason(), invalid.getMessage()));
        conditions.put(
            "Active",
            new ScaleExecutor.Condition("Unknown", "UnknownState", "ScaledObject check failed"));
        status.put("conditions", conditionList(conditions));
        writeStatus(namespace, name, status);
        events.warning(so, OPERATOR, invalid.reason(), invalid.getMessage());
        retry(so);
        return;
      }
    }
    retries.remove(key);
    conditions.put(
        "Ready",
        new ScaleExecutor.Condition("True", "ScaledObjectReady", "ScaledObject is paused"));
    status.put("conditions", conditionList(conditions));
    writeStatus(namespace, name, status);
  }

  /** {@code scaleTargetToPausedCount}: parses the count and scales the target to it. */
  private int pausedReplicas(String value, String namespace, String target)
      throws ScaledObjectSpec.Invalid {
    String context = "failed to scale target to paused replica count";
    int replicas;
    try {
      replicas = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ScaledObjectSpec.Invalid(
          context,
          "failed to parse paused replica count: strconv.ParseInt: parsing \""
              + value
              + "\": "
              + (value.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax"));
    }
    Deployment deployment = target == null ? null : deployment(namespace, target);
    if (deployment == null) {
      throw new ScaledObjectSpec.Invalid(
          context,
          "failed to get scale for target resource: deployments.apps \"" + target + "\" not found");
    }
    if (!Objects.equals(deployment.getSpec().getReplicas(), replicas)) {
      scale(namespace, target, replicas);
    }
    return replicas;
  }

  /**
   * A ScaledObject that fails a check: Ready=False with the reason and message, Active unknown, the
   * Events ({@code KEDAScalerFailed} first when a scaler could not be built), no loop — and a retry
   * with back-off, as controller-runtime requeues a reconcile that returned an error.
   */
  private void refuse(GenericKubernetesResource so, ScaledObjectSpec.Invalid invalid) {
    String key = key(so);
    Runtime runtime = runtimes.remove(key);
    if (runtime != null) {
      runtime.stop();
    }
    Map<String, ScaleExecutor.Condition> conditions = initialized(conditions(so));
    conditions.put(
        "Ready", new ScaleExecutor.Condition("False", invalid.reason(), invalid.getMessage()));
    conditions.put(
        "Active",
        new ScaleExecutor.Condition("Unknown", "UnknownState", "ScaledObject check failed"));
    if (PlainValues.map(so.get("spec")).get("fallback") == null) {
      conditions.put("Fallback", FallbackValue.condition(null, Map.of()));
    }
    Map<String, Object> status = new LinkedHashMap<>(PlainValues.map(so.get("status")));
    status.put("conditions", conditionList(conditions));
    if (!writeStatus(so.getMetadata().getNamespace(), so.getMetadata().getName(), status)) {
      return;
    }
    if (invalid.scalerFailed()) {
      events.warning(so, OPERATOR, "KEDAScalerFailed", invalid.error());
    }
    events.warning(so, OPERATOR, invalid.reason(), invalid.getMessage());
    if (!retries.containsKey(key)) {
      LOG.warn("ScaledObject {}: {}", key, invalid.getMessage());
    }
    retry(so);
  }

  /** Requeues the ScaledObject after 5 ms × 2^(failures − 1), at most 1000 s. */
  private void retry(GenericKubernetesResource so) {
    String key = key(so);
    int failures = retries.merge(key, 1, Integer::sum);
    Duration delay = RETRY_BASE.multipliedBy(1L << Math.min(failures - 1, 30));
    if (delay.compareTo(RETRY_MAX) > 0) {
      delay = RETRY_MAX;
    }
    timeline.schedule(
        delay,
        () -> {
          if (!Objects.equals(retries.get(key), failures)) {
            return; // Reconciled again meanwhile.
          }
          GenericKubernetesResource fresh =
              scaledObject(so.getMetadata().getNamespace(), so.getMetadata().getName());
          if (fresh != null) {
            reconcile(fresh);
          }
        });
  }

  private void forget(GenericKubernetesResource so) {
    String key = key(so);
    Runtime runtime = runtimes.remove(key);
    if (runtime != null) {
      runtime.stop();
    }
    HpaLoop hpa = hpas.remove(key);
    if (hpa != null) {
      hpa.loop.close();
    }
    retries.remove(key);
    metrics.unregistered(so.getMetadata().getNamespace(), so.getMetadata().getName());
  }

  /**
   * One trigger through KEDA's metrics path: the live query (retried once on error, as the scalers
   * cache rebuilds a failed scaler), or the poll's record; then fallback.
   */
  private Evaluation evaluate(
      Runtime runtime, int index, Cached cached, int currentReplicas, Deployment target) {
    ScaledObjectSpec spec = runtime.spec;
    ScaledObjectSpec.Trigger trigger = spec.triggers().get(index);
    long milli;
    String error;
    double raw;
    Double latency = null;
    if (cached != null) {
      milli = cached.outcome().milli();
      error = cached.outcome().error();
      raw = milli / 1000.0;
    } else {
      PrometheusScaler scaler = scaler(trigger);
      long start = System.nanoTime();
      PrometheusScaler.Result result = scaler.query(timeline.now());
      if (result.failed()) {
        start = System.nanoTime();
        result = scaler.query(timeline.now());
      }
      latency = (System.nanoTime() - start) / 1e9;
      if (result.emptyUpstream()) {
        metrics.emptyUpstream(spec, index);
      }
      milli = PrometheusScaler.milli(result.value());
      error = result.error();
      raw = result.value();
    }
    FallbackValue.Outcome outcome =
        FallbackValue.apply(
            spec.fallback(),
            runtime.health,
            trigger.metricName(),
            milli,
            error,
            new FallbackValue.Target(trigger.metadata().threshold(), trigger.valueMetricType()),
            () -> currentReplicas,
            () -> (int) pods(target).stream().filter(KedaController::ready).count());
    return new Evaluation(outcome, raw, latency);
  }

  /** KEDA's poll: every trigger, then RequestScale, then the status. */
  private void poll(Runtime runtime) {
    ScaledObjectSpec spec = runtime.spec;
    Instant now = timeline.now();
    metrics.pollStarted(spec, Math.max(0, Duration.between(runtime.pollDue, now).toMillis()) / 1e3);
    runtime.pollDue = runtime.pollDue.plus(spec.pollingInterval());
    GenericKubernetesResource so = scaledObject(spec);
    Deployment target = deployment(spec);
    if (so == null) {
      return;
    }
    Map<String, ScaleExecutor.Condition> conditions = initialized(conditions(so));
    if (target == null) {
      conditions.put(
          "Ready",
          new ScaleExecutor.Condition(
              "False",
              "ErrorGettingCurrentReplicas",
              "Error getting current replicas count for ScaleTarget: deployments.apps \""
                  + spec.targetName()
                  + "\" not found"));
      Map<String, Object> status = new LinkedHashMap<>(PlainValues.map(so.get("status")));
      status.put("conditions", conditionList(conditions));
      writeStatus(spec.namespace(), spec.name(), status);
      return;
    }
    int current = Optional.ofNullable(target.getSpec().getReplicas()).orElse(1);
    boolean active = false;
    boolean error = false;
    boolean fallbackActive = false;
    List<String> activeTriggers = new ArrayList<>();
    for (int i = 0; i < spec.triggers().size(); i++) {
      ScaledObjectSpec.Trigger trigger = spec.triggers().get(i);
      Evaluation evaluation = evaluate(runtime, i, null, current, target);
      FallbackValue.Outcome outcome = evaluation.outcome();
      boolean triggerActive =
          !outcome.failed()
              && (outcome.fallbackActive()
                  || evaluation.raw() > trigger.metadata().activationThreshold());
      metrics.evaluated(spec, i, evaluation.latencySeconds(), outcome, triggerActive);
      if (trigger.useCachedMetrics()) {
        runtime.cache.put(trigger.metricName(), new Cached(outcome, triggerActive));
      }
      if (outcome.failed()) {
        error = true;
        metrics.pollFailed(spec);
        events.warning(so, OPERATOR, "KEDAScalerFailed", outcome.error());
      }
      if (triggerActive) {
        active = true;
        activeTriggers.add(trigger.metricName());
      }
      fallbackActive |= outcome.fallbackActive();
    }
    if (fallbackActive != runtime.fallbackActive) {
      events.normal(
          so,
          OPERATOR,
          fallbackActive ? "ScaledObjectFallbackActivated" : "ScaledObjectFallbackDeactivated",
          fallbackActive
              ? "ScaledObject fallback is active"
              : "ScaledObject fallback is no longer active");
      runtime.fallbackActive = fallbackActive;
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
            spec.fallback() == null ? null : spec.fallback().replicas(),
            spec.annotations(),
            spec.creationTimestamp(),
            runtime.lastActive);
    ScaleExecutor.Decision decision =
        ScaleExecutor.requestScale(state, current, active, error, activeTriggers, now);
    decision.lastActiveTime().ifPresent(t -> runtime.lastActive = t);
    decision.scaleTo().ifPresent(replicas -> scale(spec, replicas));
    conditions.putAll(decision.conditions());
    conditions.put(
        "Fallback",
        FallbackValue.valid(spec.fallback())
            ? FallbackValue.condition(spec.fallback(), runtime.health)
            : FallbackValue.condition(null, Map.of()));
    hpaActiveCondition(spec).ifPresent(c -> conditions.put("HPAActive", c));
    writeStatus(spec.namespace(), spec.name(), pollStatus(runtime, so, current, conditions));
    decision.event().ifPresent(e -> events.normal(so, OPERATOR, e.reason(), e.message()));
  }

  /**
   * What KEDA's reconcile writes before any poll ({@code checkTargetResourceIsScalable} and {@code
   * updateStatusWithTriggersAndAuthsTypes}): the target's kind and its replicas before KEDA, the
   * triggers' types and their authentications, comma-separated as kubectl shows them.
   */
  private void targetAndTriggers(
      GenericKubernetesResource so, ScaledObjectSpec spec, Map<String, Object> status) {
    status.put("scaleTargetKind", "apps/v1.Deployment");
    status.put(
        "scaleTargetGVKR",
        Map.of("group", "apps", "kind", "Deployment", "resource", "deployments", "version", "v1"));
    if (!status.containsKey("originalReplicaCount")) {
      Deployment target = deployment(spec);
      if (target != null && target.getSpec() != null) {
        status.put(
            "originalReplicaCount",
            target.getSpec().getReplicas() == null ? 1 : target.getSpec().getReplicas());
      }
    }
    java.util.Set<String> types = new java.util.LinkedHashSet<>();
    java.util.Set<String> authentications = new java.util.LinkedHashSet<>();
    for (Object trigger : PlainValues.list(PlainValues.map(so.get("spec")).get("triggers"))) {
      Map<String, Object> t = PlainValues.map(trigger);
      types.add(String.valueOf(t.get("type")));
      Object authentication = PlainValues.map(t.get("authenticationRef")).get("name");
      if (authentication != null) {
        authentications.add(String.valueOf(authentication));
      }
    }
    status.put("triggersTypes", String.join(",", types));
    status.put("authenticationsTypes", String.join(",", authentications));
  }

  private Map<String, Object> pollStatus(
      Runtime runtime,
      GenericKubernetesResource so,
      int current,
      Map<String, ScaleExecutor.Condition> conditions) {
    ScaledObjectSpec spec = runtime.spec;
    Map<String, Object> previous = PlainValues.map(so.get("status"));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("scaleTargetKind", "apps/v1.Deployment");
    status.put(
        "scaleTargetGVKR",
        Map.of("group", "apps", "kind", "Deployment", "resource", "deployments", "version", "v1"));
    status.put("originalReplicaCount", previous.getOrDefault("originalReplicaCount", current));
    for (String kept : List.of("triggersTypes", "authenticationsTypes")) {
      if (previous.containsKey(kept)) {
        status.put(kept, previous.get(kept));
      }
    }
    if (runtime.lastActive != null) {
      status.put("lastActiveTime", runtime.lastActive.toString());
    }
    status.put(
        "externalMetricNames",
        spec.triggers().stream().map(ScaledObjectSpec.Trigger::metricName).toList());
    status.put("hpaName", spec.hpaName());
    if (FallbackValue.valid(spec.fallback())) {
      Map<String, Object> health = new TreeMap<>();
      runtime.health.forEach(
          (metric, h) ->
              health.put(
                  metric, Map.of("numberOfFailures", h.numberOfFailures(), "status", h.status())));
      status.put("health", health);
    }
    status.put("conditions", conditionList(conditions));
    return status;
  }

  /** The HPA controller's reconcile for the generated HPA: {@link HpaSync} decides. */
  private void sync(String key) {
    Runtime runtime = runtimes.get(key);
    HpaLoop hpaLoop = hpas.get(key);
    if (runtime == null || hpaLoop == null) {
      return;
    }
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
    List<Pod> pods = current == 0 ? List.of() : pods(target);
    int ready = (int) pods.stream().filter(KedaController::ready).count();
    HpaSync.Decision decision =
        hpaLoop.sync.decide(
            new HpaSync.Target(current, statusReplicas, pods.size(), ready),
            spec.minReplicaCount(),
            spec.maxReplicaCount(),
            spec.scaleUpRules(),
            spec.scaleDownRules(),
            () -> readings(runtime, current, target),
            now);
    List<MetricStatus> metricStatuses = new ArrayList<>();
    for (int i = 0; i < decision.proposals().size(); i++) {
      ExternalMetricReplicas.Proposal proposal = decision.proposals().get(i);
      if (proposal != null) {
        metricStatuses.add(
            GeneratedHpa.metricStatus(spec, spec.triggers().get(i), proposal.reportedMilli()));
      }
    }
    List<HorizontalPodAutoscalerCondition> conditions = new ArrayList<>();
    HorizontalPodAutoscalerCondition ableToScale =
        GeneratedHpa.condition(
            "AbleToScale",
            "True",
            "SucceededGetScale",
            "the HPA controller was able to get the target's current scale");
    int desired = decision.desired();
    switch (decision.kind()) {
      case SCALING_DISABLED -> {
        conditions.add(ableToScale);
        conditions.add(
            GeneratedHpa.condition(
                "ScalingActive",
                "False",
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero"));
        writeHpaStatus(spec, current, current, metricStatuses, conditions, null);
      }
      case METRICS_FAILED -> {
        conditions.add(ableToScale);
        conditions.add(
            GeneratedHpa.condition(
                "ScalingActive",
                "False",
                "FailedGetExternalMetric",
                "the HPA was unable to compute the replica count: " + decision.lastError()));
        writeHpaStatus(spec, current, current, metricStatuses, conditions, null);
      }
      case ABOVE_MAX, BELOW_MIN -> {
        conditions.add(ableToScale);
        rescale(
            spec,
            hpaLoop.sync,
            current,
            desired,
            desired > current
                ? "Current number of replicas below Spec.MinReplicas"
                : "Current number of replicas above Spec.MaxReplicas",
            metricStatuses,
            conditions,
            now);
      }
      case COMPUTED -> {
        HpaRecommender.Decision normalized = decision.normalized();
        String bestMetric = GeneratedHpa.description(spec, spec.triggers().get(decision.best()));
        conditions.add(
            GeneratedHpa.condition(
                "AbleToScale",
                "True",
                normalized.ableToScaleReason(),
                normalized.ableToScaleMessage()));
        conditions.add(
            GeneratedHpa.condition(
                "ScalingActive",
                "True",
                "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from " + bestMetric));
        conditions.add(
            GeneratedHpa.condition(
                "ScalingLimited",
                normalized.limited() ? "True" : "False",
                normalized.limitReason(),
                normalized.limitMessage()));
        if (desired != current) {
          String reason =
              desired > current ? bestMetric + " above target" : "All metrics below target";
          rescale(spec, hpaLoop.sync, current, desired, reason, metricStatuses, conditions, now);
        } else {
          writeHpaStatus(spec, current, desired, metricStatuses, conditions, null);
        }
      }
    }
  }

  /** Each trigger's metric through KEDA's metrics path, as the HPA reads it. */
  private List<HpaSync.Reading> readings(Runtime runtime, int current, Deployment target) {
    ScaledObjectSpec spec = runtime.spec;
    List<HpaSync.Reading> readings = new ArrayList<>();
    for (int i = 0; i < spec.triggers().size(); i++) {
      ScaledObjectSpec.Trigger trigger = spec.triggers().get(i);
      Cached cached = trigger.useCachedMetrics() ? runtime.cache.get(trigger.metricName()) : null;
      Evaluation evaluation = evaluate(runtime, i, cached, current, target);
      FallbackValue.Outcome outcome = evaluation.outcome();
      metrics.evaluated(spec, i, evaluation.latencySeconds(), outcome, null);
      readings.add(
          outcome.failed()
              ? HpaSync.Reading.failed(
                  GeneratedHpa.externalMetricError(
                      spec, trigger, "metric:" + trigger.metricName() + " encountered error"))
              : new HpaSync.Reading(
                  outcome.milli(),
                  PrometheusScaler.milli(trigger.metadata().threshold()),
                  trigger.valueMetricType(),
                  null));
    }
    return readings;
  }

  /** Scales the target, records the scale event for the behavior's policies, tells the user. */
  private void rescale(
      ScaledObjectSpec spec,
      HpaSync sync,
      int current,
      int desired,
      String reason,
      List<MetricStatus> metricStatuses,
      List<HorizontalPodAutoscalerCondition> conditions,
      Instant now) {
    scale(spec, desired);
    sync.rescaled(spec.scaleUpRules(), spec.scaleDownRules(), current, desired, now);
    HorizontalPodAutoscaler hpa = hpa(spec);
    if (hpa != null) {
      events.normal(
          hpa,
          "horizontal-pod-autoscaler",
          "SuccessfulRescale",
          "New size: " + desired + "; reason: " + reason);
    }
    writeHpaStatus(spec, current, desired, metricStatuses, conditions, now);
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

  /** Creates the generated HPA, or updates its spec when the ScaledObject changed it. */
  private void writeHpa(ScaledObjectSpec spec, GenericKubernetesResource so) {
    HorizontalPodAutoscaler built = GeneratedHpa.of(spec, so.getMetadata().getUid());
    HorizontalPodAutoscaler existing = hpa(spec);
    if (existing == null) {
      client.resource(built).create();
    } else if (!built.getSpec().equals(existing.getSpec())
        || !Objects.equals(
            built.getMetadata().getAnnotations(), existing.getMetadata().getAnnotations())) {
      existing.setSpec(built.getSpec());
      existing.getMetadata().setAnnotations(built.getMetadata().getAnnotations());
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

  /** The conditions of a ScaledObject's status, by type. */
  private static Map<String, ScaleExecutor.Condition> conditions(GenericKubernetesResource so) {
    Map<String, ScaleExecutor.Condition> conditions = new LinkedHashMap<>();
    if (PlainValues.map(so.get("status")).get("conditions") instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> c = PlainValues.map(item);
        conditions.put(
            String.valueOf(c.get("type")),
            new ScaleExecutor.Condition(
                String.valueOf(c.get("status")),
                c.get("reason") == null ? "" : String.valueOf(c.get("reason")),
                c.get("message") == null ? "" : String.valueOf(c.get("message"))));
      }
    }
    return conditions;
  }

  /**
   * The conditions in upstream's order, as {@code GetInitializedConditions} starts them (Ready,
   * Active and Fallback unknown, Paused false), with what {@code previous} already says.
   */
  private static Map<String, ScaleExecutor.Condition> initialized(
      Map<String, ScaleExecutor.Condition> previous) {
    Map<String, ScaleExecutor.Condition> conditions = new LinkedHashMap<>();
    conditions.put("Ready", UNKNOWN);
    conditions.put("Active", UNKNOWN);
    conditions.put("Fallback", UNKNOWN);
    conditions.put("Paused", new ScaleExecutor.Condition("False", "", ""));
    conditions.putAll(previous);
    return conditions;
  }

  /** {@code status.health} as the ScaledObject carries it. */
  private static Map<String, FallbackValue.Health> health(GenericKubernetesResource so) {
    Map<String, FallbackValue.Health> health = new TreeMap<>();
    PlainValues.map(PlainValues.map(so.get("status")).get("health"))
        .forEach(
            (metric, value) -> {
              Map<String, Object> h = PlainValues.map(value);
              health.put(
                  metric,
                  new FallbackValue.Health(
                      Integer.parseInt(String.valueOf(h.getOrDefault("numberOfFailures", 0))),
                      String.valueOf(h.getOrDefault("status", "Happy"))));
            });
    return health;
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

  private void scale(String namespace, String target, int replicas) {
    client.apps().deployments().inNamespace(namespace).withName(target).scale(replicas);
  }

  private void scale(ScaledObjectSpec spec, int replicas) {
    scale(spec.namespace(), spec.targetName(), replicas);
  }

  private Deployment deployment(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private Deployment deployment(ScaledObjectSpec spec) {
    return deployment(spec.namespace(), spec.targetName());
  }

  private HorizontalPodAutoscaler hpa(String namespace, String name) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private HorizontalPodAutoscaler hpa(ScaledObjectSpec spec) {
    return hpa(spec.namespace(), spec.hpaName());
  }

  private GenericKubernetesResource scaledObject(String namespace, String name) {
    return client
        .genericKubernetesResources(SCALED_OBJECTS)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private GenericKubernetesResource scaledObject(ScaledObjectSpec spec) {
    return scaledObject(spec.namespace(), spec.name());
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
    Object value = PlainValues.map(so.get("status")).get("lastActiveTime");
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
    timeline.schedule(
        Duration.ZERO,
        () -> {
          runtimes.values().forEach(Runtime::stop);
          hpas.values().forEach(h -> h.loop.close());
        });
    timeline.close();
  }
}
