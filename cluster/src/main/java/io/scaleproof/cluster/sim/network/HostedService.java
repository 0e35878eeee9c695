package io.scaleproof.cluster.sim.network;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.scaleproof.cluster.Namespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;

/**
 * A metrics endpoint of a component the embedded cluster runs in its own process
 * (kube-state-metrics, the KEDA operator), reached as in a cluster: an HTTP server on an address of
 * the pod network, and a Service without selector whose EndpointSlice points at it. Closing it
 * stops the server and returns the address.
 */
public final class HostedService implements AutoCloseable {
  private final HTTPServer server;
  private final IpPool pool;
  private final String ip;
  private final int port;

  private HostedService(HTTPServer server, IpPool pool, String ip, int port) {
    this.server = server;
    this.pool = pool;
    this.ip = ip;
    this.port = port;
  }

  /**
   * Serves {@code registry} on {@code /metrics} at {@code port} of a new pod address, and publishes
   * Service {@code namespace/name} with that port, named {@code portName}.
   */
  public static HostedService metrics(
      KubernetesClient client,
      IpPool pool,
      PrometheusRegistry registry,
      String namespace,
      String name,
      String portName,
      int port) {
    return metrics(
        client,
        pool,
        PodNetwork.onLoopback(pool.prefix()),
        registry,
        namespace,
        name,
        portName,
        port);
  }

  /** As above, its endpoint published where {@code podNetwork} shows the pool's addresses. */
  public static HostedService metrics(
      KubernetesClient client,
      IpPool pool,
      PodNetwork podNetwork,
      PrometheusRegistry registry,
      String namespace,
      String name,
      String portName,
      int port) {
    String ip = pool.allocate();
    HTTPServer server;
    try {
      server =
          HTTPServer.builder()
              .inetAddress(InetAddress.getByName(ip))
              .port(port)
              .registry(registry)
              .buildAndStart();
    } catch (IOException e) {
      pool.release(ip);
      throw new UncheckedIOException(name + " cannot listen on " + ip + ":" + port, e);
    }
    HostedService hosted = new HostedService(server, pool, ip, port);
    try {
      publish(client, namespace, name, portName, port, podNetwork.reported(ip));
    } catch (RuntimeException e) {
      hosted.close();
      throw e;
    }
    return hosted;
  }

  /**
   * Publishes a program that listens outside any pod as Service {@code namespace/name}: a Service
   * without selector with {@code port} named {@code portName}, and an EndpointSlice at {@code
   * reported}, the program's address as the API shows it.
   */
  public static void publish(
      KubernetesClient client,
      String namespace,
      String name,
      String portName,
      int port,
      String reported) {
    Namespaces.ensure(client, namespace);
    client
        .services()
        .resource(
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
                .build())
        .create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name + "-hosted")
                .withNamespace(namespace)
                .addToLabels(EndpointsController.SERVICE_NAME_LABEL, name)
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName(portName)
                .withPort(port)
                .withProtocol("TCP")
                .endPort()
                .addNewEndpoint()
                .withAddresses(reported)
                .withNewConditions()
                .withReady(true)
                .withServing(true)
                .withTerminating(false)
                .endConditions()
                .endEndpoint()
                .build())
        .create();
  }

  /** Where the server listens, for a scrape that does not go through the Service. */
  public String address() {
    return ip + ":" + port;
  }

  @Override
  public void close() {
    server.close();
    pool.release(ip);
  }
}
