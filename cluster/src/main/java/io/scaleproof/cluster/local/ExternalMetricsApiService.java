package io.scaleproof.cluster.local;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.PlainValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A metrics server on the run's address registered with the aggregation layer as {@code
 * v1beta1.external.metrics.k8s.io}: a Service without selector, its endpoint, and the APIService
 * trusting the run's CA; registered once the server is ready, so that it is Available at once.
 */
final class ExternalMetricsApiService {
  // A hang guard: Available within a quarter of a second once the server is ready.
  private static final Duration AVAILABLE = Duration.ofSeconds(60);

  private ExternalMetricsApiService() {}

  /**
   * The metrics server as the external metrics APIService. A real API server refuses a loopback
   * address in an IPv4 EndpointSlice; the aggregator, routing to endpoints, dials a slice's first
   * address whatever its type, so the slice is of type FQDN with the loopback address as its name.
   */
  static void register(
      KubernetesClient client,
      String namespace,
      String service,
      String address,
      int port,
      Path caCertificate) {
    ClientSideApply.apply(
        client,
        new ServiceBuilder()
            .withNewMetadata()
            .withName(service)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .addNewPort()
            .withName("https")
            .withPort(443)
            .withNewTargetPort(port)
            .endPort()
            .endSpec()
            .build());
    ClientSideApply.apply(
        client,
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(service)
            .withNamespace(namespace)
            .addToLabels("kubernetes.io/service-name", service)
            .addToLabels("endpointslice.kubernetes.io/managed-by", "scaleproof.io")
            .endMetadata()
            .withAddressType("FQDN")
            .addNewPort()
            .withName("https")
            .withPort(port)
            .withProtocol("TCP")
            .endPort()
            .addNewEndpoint()
            .withAddresses(address)
            .withNewConditions()
            .withReady(true)
            .endConditions()
            .endEndpoint()
            .build());
    GenericKubernetesResource apiService;
    try {
      apiService =
          new GenericKubernetesResourceBuilder()
              .withApiVersion("apiregistration.k8s.io/v1")
              .withKind("APIService")
              .withNewMetadata()
              .withName("v1beta1.external.metrics.k8s.io")
              .endMetadata()
              .addToAdditionalProperties(
                  "spec",
                  Map.of(
                      "service",
                      Map.of("name", service, "namespace", namespace, "port", 443),
                      "group",
                      "external.metrics.k8s.io",
                      "version",
                      "v1beta1",
                      "groupPriorityMinimum",
                      100,
                      "versionPriority",
                      100,
                      "caBundle",
                      Base64.getEncoder().encodeToString(Files.readAllBytes(caCertificate))))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ClientSideApply.apply(client, apiService);
    await("the external metrics APIService Available")
        .atMost(AVAILABLE)
        .until(
            () -> {
              GenericKubernetesResource current =
                  client
                      .genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                      .withName("v1beta1.external.metrics.k8s.io")
                      .get();
              return current != null
                  && PlainValues.list(
                          PlainValues.at(current.getAdditionalProperties(), "status", "conditions"))
                      .stream()
                      .map(PlainValues::map)
                      .anyMatch(
                          c -> "Available".equals(c.get("type")) && "True".equals(c.get("status")));
            });
  }
}
