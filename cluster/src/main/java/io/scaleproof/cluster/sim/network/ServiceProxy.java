package io.scaleproof.cluster.sim.network;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaleproof.cluster.net.TcpBalancer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy for the embedded cluster: for every TCP port of every Service with a cluster IP, a
 * {@link TcpBalancer} listening on {@code clusterIP:port}, forwarding each connection to a ready
 * endpoint from the Service's EndpointSlices. Like kube-proxy, it follows Services and
 * EndpointSlices only, never pods.
 */
public final class ServiceProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

  private final KubernetesClient client;
  private final ExecutorService connections;
  private final Map<String, TcpBalancer> balancers = new HashMap<>();
  private final Map<String, String> serviceOf = new HashMap<>();
  private final Map<String, TcpBalancer.Impairment> impairments = new HashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<EndpointSlice> slices;
  private boolean closed;

  private final PodNetwork podNetwork;

  public ServiceProxy(KubernetesClient client, ExecutorService connections) {
    this(client, connections, null);
  }

  /**
   * A proxy that connects to the loopback address of each endpoint {@code podNetwork} reports
   * elsewhere; with null, to the endpoints' addresses as they are.
   */
  public ServiceProxy(KubernetesClient client, ExecutorService connections, PodNetwork podNetwork) {
    this.client = client;
    this.connections = connections;
    this.podNetwork = podNetwork;
  }

  public void start() {
    services = client.services().inAnyNamespace().inform(resync(), 0);
    slices = client.discovery().v1().endpointSlices().inAnyNamespace().inform(resync(), 0);
    informers.add(services);
    informers.add(slices);
    sync();
  }

  /** True once a balancer listens on {@code ip:port}. */
  public synchronized boolean isServing(String ip, int port) {
    return balancers.containsKey(ip + ":" + port);
  }

  /** True once {@code ip:port} listens and forwards to at least one ready endpoint. */
  public synchronized boolean hasReadyEndpoint(String ip, int port) {
    TcpBalancer balancer = balancers.get(ip + ":" + port);
    return balancer != null && balancer.hasBackends();
  }

  /**
   * A fault on every port of Service {@code namespace/name}, from now until another replaces it
   * ({@link TcpBalancer.Impairment#NONE} ends it); it outlives a Service recreated meanwhile.
   */
  public synchronized void impair(
      String namespace, String name, TcpBalancer.Impairment impairment) {
    String service = namespace + "/" + name;
    if (impairment.equals(TcpBalancer.Impairment.NONE)) {
      impairments.remove(service);
    } else {
      impairments.put(service, impairment);
    }
    balancers.forEach(
        (address, balancer) -> {
          if (service.equals(serviceOf.get(address))) {
            balancer.impair(impairment);
          }
        });
  }

  private <T> ResourceEventHandler<T> resync() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        sync();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        sync();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        sync();
      }
    };
  }

  private synchronized void sync() {
    if (closed || services == null || slices == null) {
      return;
    }
    Map<String, Service> wanted = new HashMap<>();
    Map<String, ServicePort> ports = new HashMap<>();
    for (Service service : services.getStore().list()) {
      String ip = service.getSpec().getClusterIP();
      if (ip == null || ip.isEmpty() || "None".equals(ip)) {
        continue;
      }
      for (ServicePort port : service.getSpec().getPorts()) {
        if (port.getProtocol() == null || "TCP".equals(port.getProtocol())) {
          wanted.put(ip + ":" + port.getPort(), service);
          ports.put(ip + ":" + port.getPort(), port);
        }
      }
    }
    balancers
        .keySet()
        .removeIf(
            address -> {
              if (!wanted.containsKey(address)) {
                balancers.get(address).close();
                serviceOf.remove(address);
                return true;
              }
              return false;
            });
    wanted.forEach(
        (address, service) -> {
          ServicePort port = ports.get(address);
          TcpBalancer balancer = balancers.get(address);
          if (balancer == null) {
            balancer = open(service, port);
            if (balancer == null) {
              return;
            }
            balancers.put(address, balancer);
            String name =
                service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
            serviceOf.put(address, name);
            balancer.impair(impairments.getOrDefault(name, TcpBalancer.Impairment.NONE));
          }
          balancer.setBackends(backends(service, port));
        });
  }

  private TcpBalancer open(Service service, ServicePort port) {
    String name = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    try {
      return TcpBalancer.open(
          new InetSocketAddress(service.getSpec().getClusterIP(), port.getPort()),
          "sim-proxy " + name,
          connections);
    } catch (java.io.IOException e) {
      LOG.warn(
          "Service {} port {}: cannot listen on {}: {}",
          name,
          port.getPort(),
          service.getSpec().getClusterIP(),
          e.getMessage());
      return null;
    }
  }

  /** Ready endpoints of the Service port, as addresses with the slice's resolved port. */
  private List<InetSocketAddress> backends(Service service, ServicePort servicePort) {
    String portName = servicePort.getName() == null ? "" : servicePort.getName();
    List<InetSocketAddress> backends = new ArrayList<>();
    for (EndpointSlice slice : slices.getStore().list()) {
      if (!service.getMetadata().getNamespace().equals(slice.getMetadata().getNamespace())
          || !service
              .getMetadata()
              .getName()
              .equals(
                  slice.getMetadata().getLabels().get(EndpointsController.SERVICE_NAME_LABEL))) {
        continue;
      }
      if (slice.getPorts() == null || slice.getEndpoints() == null) {
        continue; // a Service with no ports, or no endpoints yet
      }
      Optional<Integer> port =
          slice.getPorts().stream()
              .filter(p -> portName.equals(p.getName() == null ? "" : p.getName()))
              .map(EndpointPort::getPort)
              .filter(java.util.Objects::nonNull)
              .findFirst();
      if (port.isEmpty()) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        if (endpoint.getConditions() != null
            && Boolean.TRUE.equals(endpoint.getConditions().getReady())) {
          endpoint
              .getAddresses()
              .forEach(
                  a ->
                      backends.add(
                          new InetSocketAddress(
                              podNetwork == null ? a : podNetwork.loopback(a), port.get())));
        }
      }
    }
    return backends;
  }

  @Override
  public synchronized void close() {
    closed = true;
    informers.forEach(SharedIndexInformer::stop);
    balancers.values().forEach(TcpBalancer::close);
    balancers.clear();
  }
}
