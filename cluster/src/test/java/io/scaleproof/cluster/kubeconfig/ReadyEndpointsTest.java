package io.scaleproof.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which pods of a Service port's EndpointSlices a balanced forward sends connections to. */
class ReadyEndpointsTest {

  @Test
  @DisplayName("ready pods, and those of unknown readiness, count with the named port's target")
  void readyAndUnknownReadinessCount() {
    EndpointSlice slice =
        slice(
            "http",
            8080,
            endpoint("web-a", "Pod", true),
            endpoint("web-b", "Pod", null),
            endpoint("web-c", "Pod", false));

    List<PodPort> ready = ReadyEndpoints.of(List.of(slice), "http");

    assertThat(ready).containsExactly(new PodPort("web-a", 8080), new PodPort("web-b", 8080));
  }

  @Test
  @DisplayName("a slice without the Service port's name, and an endpoint that is no pod, are left")
  void otherPortsAndNonPodsAreLeft() {
    EndpointSlice metricsOnly = slice("metrics", 9090, endpoint("web-a", "Pod", true));
    EndpointSlice external = slice("", 8080, endpoint("db", "Node", true));
    EndpointSlice unnamed = slice("", 8080, endpoint("web-b", "Pod", true));

    assertThat(ReadyEndpoints.of(List.of(metricsOnly, external, unnamed), ""))
        .containsExactly(new PodPort("web-b", 8080));
    assertThat(ReadyEndpoints.of(List.of(metricsOnly, external, unnamed), "http")).isEmpty();
  }

  @Test
  @DisplayName("a pod listed in two slices (IPv4 and IPv6) counts once")
  void podInTwoSlicesCountsOnce() {
    EndpointSlice ipv4 = slice("http", 8080, endpoint("web-a", "Pod", true));
    EndpointSlice ipv6 = slice("http", 8080, endpoint("web-a", "Pod", true));

    assertThat(ReadyEndpoints.of(List.of(ipv4, ipv6), "http"))
        .containsExactly(new PodPort("web-a", 8080));
  }

  private static EndpointSlice slice(String portName, int port, Endpoint... endpoints) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName("web-" + portName)
        .addToLabels(ReadyEndpoints.SERVICE_NAME_LABEL, "web")
        .endMetadata()
        .withAddressType("IPv4")
        .addToPorts(new EndpointPortBuilder().withName(portName).withPort(port).build())
        .addToEndpoints(endpoints)
        .build();
  }

  private static Endpoint endpoint(String name, String kind, Boolean ready) {
    return new EndpointBuilder()
        .withAddresses("10.0.0.1")
        .withTargetRef(new ObjectReferenceBuilder().withKind(kind).withName(name).build())
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .build();
  }
}
