package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.ApiResponses.JSON;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.operator.InstrumentationWebhook;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admission of what is created: a new pod passes the OpenTelemetry Operator's mutating webhook and
 * is given graceful deletion, a new namespace is made {@code Active}. Each gives back the create
 * request with the admitted object as its body, for the mock to store.
 */
final class Admission {
  private final InstrumentationWebhook webhook;

  Admission(InstrumentationWebhook webhook) {
    this.webhook = webhook;
  }

  /**
   * Admission of a new pod: the OpenTelemetry Operator's mutating webhook, then graceful deletion.
   *
   * <p>The mock deletes an object at once unless it has a finalizer; a real API server gives a pod
   * its grace period and lets the kubelet finish the deletion. Every new pod therefore carries
   * {@link ApiServer#GRACEFUL_DELETION_FINALIZER}, which the kubelet removes when the pod's
   * processes are gone, so that a deleted pod shows as terminating until then.
   */
  RecordedRequest pod(RecordedRequest request) {
    Pod pod = JSON.unmarshal(request.getUtf8Body(), Pod.class);
    if (pod == null || pod.getMetadata() == null) {
      return request;
    }
    if (pod.getMetadata().getNamespace() == null) {
      pod.getMetadata().setNamespace(namespaceOf(request.getPath()));
    }
    pod = webhook.mutate(pod);
    List<String> finalizers = new ArrayList<>(pod.getMetadata().getFinalizers());
    if (!finalizers.contains(ApiServer.GRACEFUL_DELETION_FINALIZER)) {
      finalizers.add(ApiServer.GRACEFUL_DELETION_FINALIZER);
    }
    pod.getMetadata().setFinalizers(finalizers);
    return created(request, pod);
  }

  /** A new namespace is {@code Active}, as the namespace registry makes it on create. */
  @SuppressWarnings("unchecked")
  RecordedRequest namespace(RecordedRequest request) {
    Map<String, Object> namespace;
    try {
      namespace = JSON.unmarshal(request.getUtf8Body(), Map.class);
    } catch (RuntimeException e) {
      return request;
    }
    if (namespace == null) {
      return request;
    }
    Map<String, Object> status = new LinkedHashMap<>(PlainValues.map(namespace.get("status")));
    status.put("phase", "Active");
    namespace.put("status", status);
    return created(request, namespace);
  }

  /** The create {@code request} with {@code admitted} as its body. */
  private static RecordedRequest created(RecordedRequest request, Object admitted) {
    return new RecordedRequest(
        "HTTP/1.1",
        HttpMethod.POST,
        request.getPath(),
        request.getHeaders(),
        new Buffer(JSON.asJson(admitted).getBytes(StandardCharsets.UTF_8)));
  }

  private static String namespaceOf(String podsPath) {
    return podsPath.split("/")[4];
  }
}
