package io.scaleproof.cluster.sim.network;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaleproof.cluster.control.Controller;
import io.scaleproof.cluster.sim.controller.Names;
import io.scaleproof.cluster.sim.controller.Owners;
import io.scaleproof.cluster.sim.controller.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The EndpointSlice and Endpoints controllers: for each Service with a selector, one slice (label
 * {@code kubernetes.io/service-name}) listing the matching pods with an IP, each with the
 * conditions kube-proxy reads: {@code ready} (pod Ready and not terminating), {@code serving},
 * {@code terminating}. Named target ports are resolved against each pod's container ports.
 */
public final class EndpointsController extends Controller {
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";

  private final KubernetesClient client;
  private SharedIndexInformer<Service> services;

  public EndpointsController(KubernetesClient client) {
    super("endpointslice-controller");
    this.client = client;
  }

  @Override
  public void start() {
    services = watch(client.services().inAnyNamespace(), s -> Stream.of(key(s)));
    watch(client.pods().inAnyNamespace(), this::servicesSelecting);
  }

  private Stream<String> servicesSelecting(Pod pod) {
    return services.getStore().list().stream()
        .filter(s -> s.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()))
        .filter(s -> selects(s, pod))
        .map(Controller::key);
  }

  private static boolean selects(Service service, Pod pod) {
    Map<String, String> selector = service.getSpec().getSelector();
    return selector != null
        && !selector.isEmpty()
        && pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
  }

  @Override
  protected void reconcile(String key) {
    Service service = client.services().inNamespace(namespaceOf(key)).withName(nameOf(key)).get();
    List<EndpointSlice> existing =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(namespaceOf(key))
            .withLabel(SERVICE_NAME_LABEL, nameOf(key))
            .list()
            .getItems();
    if (service == null
        || service.getSpec().getSelector() == null
        || service.getSpec().getSelector().isEmpty()) {
      if (service == null) {
        existing.forEach(slice -> client.resource(slice).delete());
        client.endpoints().inNamespace(namespaceOf(key)).withName(nameOf(key)).delete();
      }
      return;
    }
    List<Pod> pods =
        client.pods().inNamespace(namespaceOf(key)).list().getItems().stream()
            .filter(pod -> selects(service, pod))
            .filter(pod -> pod.getStatus() != null && pod.getStatus().getPodIP() != null)
            .toList();
    List<Endpoint> endpoints = pods.stream().map(EndpointsController::endpoint).toList();
    List<EndpointPort> ports =
        service.getSpec().getPorts().stream().map(p -> port(p, pods)).toList();
    syncEndpoints(service, pods, ports);
    Optional<EndpointSlice> current = existing.stream().findFirst();
    if (current.isPresent()
        && Objects.equals(current.get().getEndpoints(), endpoints)
        && Objects.equals(current.get().getPorts(), ports)) {
      return;
    }
    EndpointSlice slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(
                current
                    .map(s -> s.getMetadata().getName())
                    .orElseGet(() -> Names.generate(service.getMetadata().getName() + "-")))
            .withNamespace(namespaceOf(key))
            .addToLabels(SERVICE_NAME_LABEL, service.getMetadata().getName())
            .addToLabels(MANAGED_BY, "endpointslice-controller.k8s.io")
            .withOwnerReferences(Owners.controllerRef(service))
            .endMetadata()
            .withAddressType("IPv4")
            .withEndpoints(endpoints)
            .withPorts(ports)
            .build();
    if (current.isPresent()) {
      slice.getMetadata().setResourceVersion(null);
      client.resource(slice).update();
    } else {
      client.resource(slice).create();
    }
  }

  /**
   * The v1 Endpoints object (what {@code kubectl get endpoints} shows), kept beside the slice as
   * the Endpoints controller still does: ready pods as addresses, the others as notReadyAddresses.
   */
  private void syncEndpoints(Service service, List<Pod> pods, List<EndpointPort> ports) {
    List<EndpointAddress> ready = new ArrayList<>();
    List<EndpointAddress> notReady = new ArrayList<>();
    for (Pod pod : pods) {
      EndpointAddress address =
          new EndpointAddressBuilder()
              .withIp(pod.getStatus().getPodIP())
              .withNodeName(pod.getSpec().getNodeName())
              .withNewTargetRef()
              .withKind("Pod")
              .withNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName())
              .withUid(pod.getMetadata().getUid())
              .endTargetRef()
              .build();
      boolean serving = Pods.isReady(pod) && pod.getMetadata().getDeletionTimestamp() == null;
      (serving ? ready : notReady).add(address);
    }
    List<EndpointSubset> subsets =
        ready.isEmpty() && notReady.isEmpty()
            ? List.of()
            : List.of(
                new EndpointSubsetBuilder()
                    .withAddresses(ready)
                    .withNotReadyAddresses(notReady)
                    .withPorts(
                        ports.stream()
                            .filter(p -> p.getPort() != null)
                            .map(
                                p ->
                                    new io.fabric8.kubernetes.api.model.EndpointPortBuilder()
                                        .withName(p.getName())
                                        .withPort(p.getPort())
                                        .withProtocol(p.getProtocol())
                                        .build())
                            .toList())
                    .build());
    Endpoints current =
        client
            .endpoints()
            .inNamespace(service.getMetadata().getNamespace())
            .withName(service.getMetadata().getName())
            .get();
    if (current != null && Objects.equals(current.getSubsets(), subsets)) {
      return;
    }
    Endpoints endpoints =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName(service.getMetadata().getName())
            .withNamespace(service.getMetadata().getNamespace())
            .withLabels(service.getMetadata().getLabels())
            .endMetadata()
            .withSubsets(subsets)
            .build();
    if (current == null) {
      client.resource(endpoints).create();
    } else {
      endpoints.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      client.resource(endpoints).update();
    }
  }

  private static Endpoint endpoint(Pod pod) {
    boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
    boolean ready = Pods.isReady(pod);
    return new EndpointBuilder()
        .withAddresses(pod.getStatus().getPodIP())
        .withNewConditions()
        .withReady(ready && !terminating)
        .withServing(ready)
        .withTerminating(terminating)
        .endConditions()
        .withNodeName(pod.getSpec().getNodeName())
        .withTargetRef(
            new ObjectReferenceBuilder()
                .withKind("Pod")
                .withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .build())
        .build();
  }

  private static EndpointPort port(ServicePort port, List<Pod> pods) {
    return new EndpointPortBuilder()
        .withName(port.getName() == null ? "" : port.getName())
        .withProtocol(port.getProtocol() == null ? "TCP" : port.getProtocol())
        .withPort(targetPort(port, pods))
        .withAppProtocol(port.getAppProtocol())
        .build();
  }

  private static Integer targetPort(ServicePort port, List<Pod> pods) {
    IntOrString target =
        port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
    if (target.getIntVal() != null) {
      return target.getIntVal();
    }
    return pods.stream()
        .flatMap(pod -> pod.getSpec().getContainers().stream())
        .flatMap(c -> c.getPorts().stream())
        .filter(p -> target.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(null);
  }
}
