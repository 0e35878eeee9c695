package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.ApiResponses.JSON;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * A pod's {@code log} and {@code portforward} subresources: the log the kubelet keeps of a
 * container (its previous run with {@code previous=true}, the last lines with {@code tailLines}),
 * and a stream to one port of a running pod.
 */
final class PodSubresources {
  private final SimApiDispatcher store;
  private final PodLogSource logs;
  private final ExecutorService portForwards;

  /**
   * @param portForwards dials pods and copies their bytes for port-forward streams, off the event
   *     loop
   */
  PodSubresources(SimApiDispatcher store, PodLogSource logs, ExecutorService portForwards) {
    this.store = store;
    this.logs = logs;
    this.portForwards = portForwards;
  }

  MockResponse log(String namespace, String pod, Map<String, String> query) {
    Optional<String> text =
        logs.read(
            namespace, pod, query.get("container"), Boolean.parseBoolean(query.get("previous")));
    if (text.isEmpty()) {
      return status(404, "NotFound", "no log for pod " + namespace + "/" + pod);
    }
    String body = text.get();
    if (query.containsKey("tailLines")) {
      String[] lines = body.split("\n", -1);
      int tail = Integer.parseInt(query.get("tailLines"));
      int from = Math.max(0, lines.length - 1 - tail);
      body = String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "text/plain")
        .setBody(body);
  }

  /**
   * A port-forward stream to one port of a running pod, over WebSocket as fabric8's {@code
   * portForward} opens it (SPDY is not served); see {@link PodPortForward}. One port per stream, as
   * fabric8 asks.
   */
  MockResponse portForward(String namespace, String name, Map<String, String> query) {
    String port = query.getOrDefault("ports", "");
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      return status(400, "BadRequest", "exactly one port is needed, as ?ports=<1-65535>: " + port);
    }
    Optional<Pod> pod =
        store
            .read("/api/v1/namespaces/" + namespace + "/pods/" + name)
            .map(json -> JSON.unmarshal(json, Pod.class));
    if (pod.isEmpty()) {
      return status(404, "NotFound", "pods \"" + name + "\" not found");
    }
    String podIp = pod.get().getStatus() == null ? null : pod.get().getStatus().getPodIP();
    if (podIp == null || podIp.isEmpty()) {
      return status(400, "BadRequest", "pod " + namespace + "/" + name + " is not running");
    }
    return new MockResponse()
        .withWebSocketUpgrade(
            new PodPortForward(
                namespace + "/" + name,
                new InetSocketAddress(podIp, Integer.parseInt(port)),
                portForwards));
  }
}
