package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ready pods behind a Service port, read from the Service's EndpointSlices (label {@code
 * kubernetes.io/service-name}) as kube-proxy reads them: an endpoint counts when it is ready and
 * names a pod, with the port of the slice's port that has the Service port's name.
 */
final class ReadyEndpoints {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private ReadyEndpoints() {}

  /** The ready pods of Service {@code namespace/service}'s port named {@code portName}. */
  static List<PodPort> list(
      KubernetesClient client, String namespace, String service, String portName) {
    return of(
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(namespace)
            .withLabel(SERVICE_NAME_LABEL, service)
            .list()
            .getItems(),
        portName);
  }

  /**
   * The ready pods in {@code slices} for the port named {@code portName} ({@code ""} for an unnamed
   * one), each once, in the order the slices list them.
   */
  static List<PodPort> of(List<EndpointSlice> slices, String portName) {
    Map<String, PodPort> ready = new LinkedHashMap<>();
    for (EndpointSlice slice : slices) {
      Optional<Integer> target =
          Optional.ofNullable(slice.getPorts()).orElse(List.of()).stream()
              .filter(p -> portName.equals(Objects.toString(p.getName(), "")))
              .map(EndpointPort::getPort)
              .filter(Objects::nonNull)
              .findFirst();
      if (target.isEmpty()) {
        continue;
      }
      for (Endpoint endpoint : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
        // An unknown readiness counts as ready, as the EndpointSlice API asks consumers to.
        boolean isReady =
            endpoint.getConditions() == null
                || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        if (isReady
            && endpoint.getTargetRef() != null
            && "Pod".equals(endpoint.getTargetRef().getKind())) {
          String pod = endpoint.getTargetRef().getName();
          ready.putIfAbsent(pod, new PodPort(pod, target.get()));
        }
      }
    }
    return new ArrayList<>(ready.values());
  }
}
