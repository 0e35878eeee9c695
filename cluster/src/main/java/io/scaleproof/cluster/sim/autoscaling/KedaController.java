package io.scaleproof.cluster.sim.autoscaling;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.Timeline;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * KEDA and the HPA controller for ScaledObjects on the embedded cluster.
 *
 * <p>Per ScaledObject, KEDA's side: the controller's reconcile ({@link ScaledObjectReconciler}:
 * checks in upstream's order, a refused ScaledObject retried with controller-runtime's back-off,
 * the pause annotations, the generated HPA {@code keda-hpa-<name>}), and the poll loop ({@link
 * KedaPollLoop}: first poll at once, then every {@code pollingInterval}: each trigger's Prometheus
 * query, retried once on error, through {@link FallbackValue}, then {@link ScaleExecutor}). The
 * HPA's side ({@link HpaSyncLoop}): a sync one period after the HPA appears, then every period,
 * asking KEDA's metrics path ({@link TriggerEvaluator}) for each external metric (a live query, or
 * the poll's record under {@code useCachedMetrics}), then {@link HpaSync}: the replica proposal per
 * metric, the maximum, and {@link HpaRecommender}. Both write what a user reads with kubectl — the
 * ScaledObject's status ({@link ScaledObjectStatus}) and the HPA's ({@link GeneratedHpaWriter}),
 * Events — and {@link KedaMetrics} records KEDA's own metrics. Every actor runs on one {@link
 * Timeline}, so nothing overlaps and equal instants keep their order.
 *
 * <p>This class wires them, feeds the reconciler from an informer on ScaledObjects, and closes
 * them.
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

  /** The component KEDA's Events come from. */
  static final String OPERATOR = "keda-operator";

  private final KubernetesClient client;
  private final Timeline timeline;
  private final KedaPollLoop pollLoop;
  private final HpaSyncLoop hpaSyncLoop;
  private final ScaledObjectReconciler reconciler;
  private SharedIndexInformer<GenericKubernetesResource> informer;

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
    this.timeline = timeline;
    ClusterObjects cluster = new ClusterObjects(client);
    ScaledObjectStatus status = new ScaledObjectStatus(cluster);
    GeneratedHpaWriter hpaWriter = new GeneratedHpaWriter(client, cluster, timeline);
    TriggerEvaluator evaluator = new TriggerEvaluator(dns, timeline, metrics, cluster);
    this.pollLoop = new KedaPollLoop(timeline, events, metrics, cluster, status, evaluator);
    this.hpaSyncLoop =
        new HpaSyncLoop(
            timeline, syncPeriod, events, metrics, cluster, hpaWriter, evaluator, pollLoop);
    this.reconciler =
        new ScaledObjectReconciler(
            timeline, events, metrics, cluster, status, hpaWriter, pollLoop, hpaSyncLoop);
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
                    timeline.schedule(Duration.ZERO, () -> reconciler.reconcile(so));
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
                      timeline.schedule(Duration.ZERO, () -> reconciler.reconcile(so));
                    }
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource so, boolean unknown) {
                    timeline.schedule(Duration.ZERO, () -> reconciler.forget(so));
                  }
                },
                0);
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    timeline.schedule(
        Duration.ZERO,
        () -> {
          pollLoop.stopAll();
          hpaSyncLoop.stopAll();
        });
    timeline.close();
  }
}
