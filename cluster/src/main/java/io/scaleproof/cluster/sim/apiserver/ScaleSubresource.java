package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.ApiResponses.JSON;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.json;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code scale} subresource of Deployments, ReplicaSets and StatefulSets, served as an {@code
 * autoscaling/v1 Scale}, as kubectl scale, the HPA and KEDA use it: a read gives the workload's
 * desired and current replicas and its selector, a write sets {@code spec.replicas}.
 */
final class ScaleSubresource {
  private final SimApiDispatcher store;

  ScaleSubresource(SimApiDispatcher store) {
    this.store = store;
  }

  /** The Scale of the workload at {@code objectPath}, after a write sets its replicas. */
  MockResponse answer(RecordedRequest request, String objectPath) {
    if (!"GET".equals(request.getMethod())) {
      Scale wanted = JSON.unmarshal(request.getUtf8Body(), Scale.class);
      if (wanted.getSpec() == null || wanted.getSpec().getReplicas() == null) {
        return status(422, "Invalid", "Scale.spec.replicas is required");
      }
      String patch =
          JSON.asJson(Map.of("spec", Map.of("replicas", wanted.getSpec().getReplicas())));
      MockResponse patched =
          store.handlePatch(
              new RecordedRequest(
                  "HTTP/1.1",
                  HttpMethod.PATCH,
                  objectPath,
                  Headers.builder().add("Content-Type", "application/merge-patch+json").build(),
                  new Buffer(patch.getBytes(StandardCharsets.UTF_8))));
      if (patched.code() >= 300) {
        return patched;
      }
    }
    MockResponse current = store.handleGet(objectPath);
    if (current.code() != 200) {
      return status(404, "NotFound", objectPath + " not found");
    }
    return json(200, toScale(current.getBody().readUtf8()));
  }

  private static Scale toScale(String workloadJson) {
    GenericKubernetesResource workload =
        JSON.unmarshal(workloadJson, GenericKubernetesResource.class);
    Map<String, Object> props = workload.getAdditionalProperties();
    Integer specReplicas = intAt(props, "spec", "replicas");
    Integer statusReplicas = intAt(props, "status", "replicas");
    return new ScaleBuilder()
        .withNewMetadata()
        .withName(workload.getMetadata().getName())
        .withNamespace(workload.getMetadata().getNamespace())
        .withUid(workload.getMetadata().getUid())
        .withResourceVersion(workload.getMetadata().getResourceVersion())
        .withCreationTimestamp(workload.getMetadata().getCreationTimestamp())
        .endMetadata()
        .withNewSpec()
        .withReplicas(specReplicas == null ? 1 : specReplicas)
        .endSpec()
        .withNewStatus()
        .withReplicas(statusReplicas == null ? 0 : statusReplicas)
        .withSelector(selector(props))
        .endStatus()
        .build();
  }

  private static String selector(Map<String, Object> props) {
    if (props.get("spec") instanceof Map<?, ?> spec
        && spec.get("selector") instanceof Map<?, ?> selector
        && selector.get("matchLabels") instanceof Map<?, ?> labels) {
      return labels.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .sorted()
          .collect(Collectors.joining(","));
    }
    return "";
  }

  private static Integer intAt(Map<String, Object> props, String outer, String inner) {
    if (props.get(outer) instanceof Map<?, ?> map && map.get(inner) instanceof Number n) {
      return n.intValue();
    }
    return null;
  }
}
