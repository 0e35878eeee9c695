package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.Namespaces;

/**
 * A program on the node's address published as a Service of the cluster, as its install would
 * publish its pod: a Service without selector and an EndpointSlice at the node's address on the pod
 * network, which the node's balancer translates back to the loopback address it listens on.
 */
final class HostEndpoint {
  private HostEndpoint() {}

  static void publish(
      KubernetesClient client,
      String namespace,
      String name,
      String portName,
      int port,
      String reportedAddress) {
    Namespaces.ensure(client, namespace);
    ClientSideApply.apply(
        client,
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/name", name)
            .endMetadata()
            .withNewSpec()
            .addNewPort()
            .withName(portName)
            .withPort(port)
            .withNewTargetPort(port)
            .endPort()
            .endSpec()
            .build());
    ClientSideApply.apply(
        client,
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(name + "-node")
            .withNamespace(namespace)
            .addToLabels("kubernetes.io/service-name", name)
            .addToLabels("endpointslice.kubernetes.io/managed-by", "scaleproof.io")
            .endMetadata()
            .withAddressType("IPv4")
            .addNewPort()
            .withName(portName)
            .withPort(port)
            .withProtocol("TCP")
            .endPort()
            .addNewEndpoint()
            .withAddresses(reportedAddress)
            .withNewConditions()
            .withReady(true)
            .endConditions()
            .endEndpoint()
            .build());
  }
}
