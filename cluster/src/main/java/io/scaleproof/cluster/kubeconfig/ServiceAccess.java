package io.scaleproof.cluster.kubeconfig;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reaches Services from this machine. A Service whose ClusterIP is a loopback address (as the
 * embedded cluster gives them) is reached there directly; any other is reached through a
 * port-forward to one ready pod behind it, as {@code kubectl port-forward svc/...} does, bound to
 * loopback and closed with this object. A port-forward reaches one pod, so traffic through it is
 * not balanced across replicas.
 */
final class ServiceAccess implements AutoCloseable {
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

  private record Backend(String pod, int port) {}

  private record Forward(String pod, LocalPortForward forward) {}

  private final KubernetesClient client;
  private final Duration timeout;
  private final Map<String, Forward> forwards = new ConcurrentHashMap<>();

  ServiceAccess(KubernetesClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /**
   * Waits, within the bound, for the Service to have a ready endpoint for {@code port} and for a
   * TCP connection to it to succeed, and returns the URL that reaches it.
   *
   * @throws IllegalArgumentException at once if the Service has no such port
   * @throws IllegalStateException after the bound, saying what was last seen
   */
  URI url(String namespace, String name, int port) {
    String what = "Service " + namespace + "/" + name + " port " + port;
    AtomicReference<String> seen = new AtomicReference<>("nothing yet");
    try {
      return await(what + " reachable with a ready endpoint")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> attempt(namespace, name, port, seen), Objects::nonNull);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          what + " not reachable after " + timeout.toSeconds() + " s: " + seen.get(), e);
    }
  }

  private URI attempt(String namespace, String name, int port, AtomicReference<String> seen) {
    Service service = client.services().inNamespace(namespace).withName(name).get();
    if (service == null) {
      seen.set("the Service does not exist");
      return null;
    }
    ServicePort servicePort =
        service.getSpec().getPorts().stream()
            .filter(p -> p.getPort() != null && p.getPort() == port)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Service "
                            + namespace
                            + "/"
                            + name
                            + " has no port "
                            + port
                            + "; it has "
                            + service.getSpec().getPorts().stream()
                                .map(ServicePort::getPort)
                                .toList()));
    Optional<Backend> backend = readyBackend(namespace, name, servicePort);
    if (backend.isEmpty()) {
      seen.set("no ready endpoint behind it (kubectl get endpointslices -n " + namespace + ")");
      return null;
    }
    String clusterIp = service.getSpec().getClusterIP();
    if (isLoopback(clusterIp)) {
      if (!connects(clusterIp, port)) {
        seen.set("a ready endpoint, but no connection accepted at " + clusterIp + ":" + port);
        return null;
      }
      return URI.create("http://" + host(clusterIp) + ":" + port);
    }
    LocalPortForward forward = forwardTo(namespace, name, port, backend.get());
    String local = forward.getLocalAddress().getHostAddress();
    if (!connects(local, forward.getLocalPort()) || forward.errorOccurred()) {
      seen.set(
          "port-forward to pod "
              + backend.get().pod()
              + " port "
              + backend.get().port()
              + " failed: "
              + forward.getServerThrowables()
              + forward.getClientThrowables());
      closeForward(namespace + "/" + name + ":" + port);
      return null;
    }
    return URI.create("http://" + host(local) + ":" + forward.getLocalPort());
  }

  /** A ready pod behind the Service port, with the pod's port that it targets. */
  private Optional<Backend> readyBackend(String namespace, String name, ServicePort servicePort) {
    String portName = Objects.toString(servicePort.getName(), "");
    for (EndpointSlice slice :
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(namespace)
            .withLabel(SERVICE_NAME_LABEL, name)
            .list()
            .getItems()) {
      Optional<Integer> target =
          slice.getPorts().stream()
              .filter(p -> portName.equals(Objects.toString(p.getName(), "")))
              .map(EndpointPort::getPort)
              .filter(Objects::nonNull)
              .findFirst();
      if (target.isEmpty()) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        // An unknown readiness counts as ready, as the EndpointSlice API asks consumers to.
        boolean ready =
            endpoint.getConditions() == null
                || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        if (ready
            && endpoint.getTargetRef() != null
            && "Pod".equals(endpoint.getTargetRef().getKind())) {
          return Optional.of(new Backend(endpoint.getTargetRef().getName(), target.get()));
        }
      }
    }
    return Optional.empty();
  }

  private LocalPortForward forwardTo(String namespace, String name, int port, Backend backend) {
    String key = namespace + "/" + name + ":" + port;
    Forward current = forwards.get(key);
    if (current != null
        && current.pod().equals(backend.pod())
        && current.forward().isAlive()
        && !current.forward().errorOccurred()) {
      return current.forward();
    }
    closeForward(key);
    LocalPortForward forward =
        client
            .pods()
            .inNamespace(namespace)
            .withName(backend.pod())
            .portForward(backend.port(), InetAddress.getLoopbackAddress(), 0);
    forwards.put(key, new Forward(backend.pod(), forward));
    return forward;
  }

  private void closeForward(String key) {
    Forward forward = forwards.remove(key);
    if (forward != null) {
      try {
        forward.forward().close();
      } catch (IOException e) {
        // Its socket is gone either way.
      }
    }
  }

  private static boolean isLoopback(String ip) {
    if (ip == null || !IP_LITERAL.matcher(ip).matches()) {
      return false;
    }
    try {
      // An IP literal: parsed, never looked up.
      return InetAddress.getByName(ip).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean connects(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String host(String ip) {
    return ip.contains(":") ? "[" + ip + "]" : ip;
  }

  /** Closes every port-forward. */
  @Override
  public void close() {
    forwards.keySet().forEach(this::closeForward);
  }
}
