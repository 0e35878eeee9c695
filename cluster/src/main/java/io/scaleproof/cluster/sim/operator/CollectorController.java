package io.scaleproof.cluster.sim.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.control.Controller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OpenTelemetry Operator's collector reconciler, for {@code deployment} mode: keeps the objects
 * of {@link CollectorManifests} in place for every {@code OpenTelemetryCollector}, and removes
 * config maps of earlier configs. Everything it makes is owned by the CR, so deleting the CR
 * removes it through the garbage collector.
 */
public final class CollectorController extends Controller {
  static final ResourceDefinitionContext COLLECTORS =
      new ResourceDefinitionContext.Builder()
          .withGroup("opentelemetry.io")
          .withVersion("v1beta1")
          .withKind("OpenTelemetryCollector")
          .withPlural("opentelemetrycollectors")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;

  public CollectorController(KubernetesClient client) {
    super("otel-collectors");
    this.client = client;
  }

  @Override
  public void start() {
    watch(
        client.genericKubernetesResources(COLLECTORS).inAnyNamespace(),
        collector -> Stream.of(key(collector)));
    // The collector's Deployment: its readiness is the CR's status.scale.
    watch(
        client.apps().deployments().inAnyNamespace(),
        deployment ->
            deployment.getMetadata().getOwnerReferences().stream()
                .filter(o -> "OpenTelemetryCollector".equals(o.getKind()))
                .map(o -> deployment.getMetadata().getNamespace() + "/" + o.getName()));
  }

  @Override
  protected void reconcile(String key) {
    GenericKubernetesResource collector =
        client
            .genericKubernetesResources(COLLECTORS)
            .inNamespace(namespaceOf(key))
            .withName(nameOf(key))
            .get();
    if (collector == null || collector.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String mode = String.valueOf(PlainValues.map(collector.get("spec")).get("mode"));
    if (!mode.equals("deployment") && !mode.equals("null")) {
      log.warn(
          "OpenTelemetryCollector {}: mode {} is not run by the embedded cluster; use deployment",
          key,
          mode);
      return;
    }
    List<HasMetadata> objects = CollectorManifests.of(collector);
    objects.forEach(object -> ClientSideApply.apply(client, object));
    Set<String> current =
        objects.stream()
            .filter(ConfigMap.class::isInstance)
            .map(o -> o.getMetadata().getName())
            .collect(Collectors.toSet());
    String prefix = CollectorManifests.deploymentName(nameOf(key)) + "-";
    client.configMaps().inNamespace(namespaceOf(key)).list().getItems().stream()
        .filter(map -> map.getMetadata().getName().startsWith(prefix))
        .filter(map -> !current.contains(map.getMetadata().getName()))
        .filter(
            map ->
                map.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> collector.getMetadata().getUid().equals(o.getUid())))
        .forEach(map -> client.resource(map).delete());
    writeScaleStatus(collector);
  }

  /**
   * {@code status.scale} as the operator reports it from the collector's Deployment: replicas, the
   * pod selector, and {@code statusReplicas} as {@code "<ready>/<replicas>"}.
   */
  private void writeScaleStatus(GenericKubernetesResource collector) {
    Deployment deployment =
        client
            .apps()
            .deployments()
            .inNamespace(collector.getMetadata().getNamespace())
            .withName(CollectorManifests.deploymentName(collector.getMetadata().getName()))
            .get();
    if (deployment == null) {
      return;
    }
    int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
    int ready =
        deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
            ? 0
            : deployment.getStatus().getReadyReplicas();
    Map<String, Object> scale = new LinkedHashMap<>();
    scale.put("replicas", replicas);
    scale.put(
        "selector",
        deployment.getSpec().getSelector().getMatchLabels().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    scale.put("statusReplicas", ready + "/" + replicas);
    Map<String, Object> status = new LinkedHashMap<>(PlainValues.map(collector.get("status")));
    if (scale.equals(status.get("scale"))) {
      return;
    }
    status.put("scale", scale);
    client
        .genericKubernetesResources(COLLECTORS)
        .inNamespace(collector.getMetadata().getNamespace())
        .withName(collector.getMetadata().getName())
        .editStatus(
            c -> {
              c.setAdditionalProperty("status", status);
              return c;
            });
  }
}
