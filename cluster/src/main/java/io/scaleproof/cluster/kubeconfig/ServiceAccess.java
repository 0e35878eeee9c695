package io.scaleproof.cluster.kubeconfig;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.KubeClients;
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
 * embedded cluster gives them) is reached there directly. Any other is reached as kube-proxy
 * spreads it in the cluster: through a {@link BalancedForward}, a balancer on loopback that sends
 * each new connection to one of the Service's ready pods, each through a port-forward of its own,
 * following the pods as they come and go. Everything opened is closed with this object.
 */
final class ServiceAccess implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

  /** How a Service whose ClusterIP is loopback is reached; any other is always port-forwarded. */
  enum LoopbackServices {
    /** At the ClusterIP, where the embedded cluster's kube-proxy listens. */
    REACHED_DIRECTLY,
    /** Through port-forwards, as on a real cluster: tests of that path on the embedded cluster. */
    PORT_FORWARDED
  }

  private final KubernetesClient client;
  private final Duration timeout;
  private final LoopbackServices loopback;
  private final Map<String, BalancedForward> balanced = new ConcurrentHashMap<>();

  /** Port-forwards go through a client of their own (see {@link KubeClients#portForwards}). */
  private KubernetesClient forwarding;

  ServiceAccess(KubernetesClient client, Duration timeout) {
    this(client, timeout, LoopbackServices.REACHED_DIRECTLY);
  }

  ServiceAccess(KubernetesClient client, Duration timeout, LoopbackServices loopback) {
    this.client = client;
    this.timeout = timeout;
    this.loopback = loopback;
  }

  /**
   * Waits, within the bound, for the Service to have a ready endpoint for {@code port} and for a
   * TCP connection to it to succeed (through a port-forward: to reach a pod), and returns the URL
   * that reaches it.
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
      // A balanced forward started here stays: an earlier URL may use it, and it may recover.
      throw new IllegalStateException(
          what + " not reachable after " + timeout.toSeconds() + " s: " + seen.get(), e);
    }
  }

  /** The balanced forward serving a Service port, once {@link #url} has started one. */
  Optional<BalancedForward> balanced(String namespace, String name, int port) {
    return Optional.ofNullable(balanced.get(key(namespace, name, port)));
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
    if (ReadyEndpoints.list(client, namespace, name, Objects.toString(servicePort.getName(), ""))
        .isEmpty()) {
      seen.set("no ready endpoint behind it (kubectl get endpointslices -n " + namespace + ")");
      return null;
    }
    String clusterIp = service.getSpec().getClusterIP();
    if (isLoopback(clusterIp) && loopback == LoopbackServices.REACHED_DIRECTLY) {
      if (!connects(clusterIp, port)) {
        seen.set("a ready endpoint, but no connection accepted at " + clusterIp + ":" + port);
        return null;
      }
      return URI.create("http://" + host(clusterIp) + ":" + port);
    }
    BalancedForward forward =
        balanced.computeIfAbsent(
            key(namespace, name, port),
            k -> BalancedForward.start(client, forwarding(), namespace, name, servicePort));
    Optional<String> problem = forward.problem();
    if (problem.isPresent()) {
      seen.set(problem.get());
      return null;
    }
    return forward.url();
  }

  private synchronized KubernetesClient forwarding() {
    if (forwarding == null) {
      forwarding = KubeClients.portForwards(client.getConfiguration());
    }
    return forwarding;
  }

  private static String key(String namespace, String name, int port) {
    return namespace + "/" + name + ":" + port;
  }

  private void closeBalanced(String key) {
    BalancedForward forward = balanced.remove(key);
    if (forward != null) {
      forward.close();
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

  /** Closes every balanced forward: its refresher, its port-forwards and its balancer. */
  @Override
  public void close() {
    balanced.keySet().forEach(this::closeBalanced);
    synchronized (this) {
      if (forwarding != null) {
        forwarding.close();
        forwarding = null;
      }
    }
  }
}
