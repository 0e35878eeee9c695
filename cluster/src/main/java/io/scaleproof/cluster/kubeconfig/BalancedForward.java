package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.scaleproof.cluster.net.TcpBalancer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Service port reached from this machine the way kube-proxy spreads it in the cluster: a {@link
 * TcpBalancer} on {@code 127.0.0.1} sends each new connection to a random one of the Service's
 * ready pods, each reached through a fabric8 port-forward of its own, also on {@code 127.0.0.1}.
 *
 * <p>Every {@link #REFRESH} one daemon thread reads the Service's EndpointSlices, forwards to pods
 * that became ready, retires the forwards of pods gone or no longer ready, re-forwards a pod whose
 * forward reported an error, and hands the balancer the forwards now open. A retired forward takes
 * no new connection at once and is closed after {@link #DRAIN}, so that connections already on it
 * may finish, as kube-proxy leaves established connections to a removed endpoint alone.
 *
 * <p>Larger than 300 lines because kube-proxy's part for one Service port is one loop over one set
 * of forwards (open, settle, retire, drain, re-forward), and each step changes that set under the
 * same lock.
 */
final class BalancedForward implements AutoCloseable {
  static final Duration REFRESH = Duration.ofSeconds(1);
  static final Duration DRAIN = Duration.ofSeconds(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How long a probe connection must stay open to count as reaching the pod: a forward whose stream
   * fails (pod port closed, port-forward forbidden) closes the connection within it.
   */
  private static final Duration SETTLE = Duration.ofMillis(300);

  private static final InetAddress LOOPBACK = ipv4Loopback();
  private static final Logger LOG = LoggerFactory.getLogger(BalancedForward.class);

  /** A pod's port-forward, with the local address it listens on (kept: a closed one has none). */
  private record Forward(PodPort target, LocalPortForward forward, InetSocketAddress local) {
    Forward(PodPort target, LocalPortForward forward) {
      this(target, forward, new InetSocketAddress(LOOPBACK, forward.getLocalPort()));
    }

    String failure() {
      return "port-forward to pod "
          + target.pod()
          + " port "
          + target.port()
          + " failed: "
          + forward.getServerThrowables()
          + forward.getClientThrowables();
    }
  }

  private record Retired(LocalPortForward forward, Instant closeAt) {}

  private final KubernetesClient client;
  private final KubernetesClient forwarding;
  private final String namespace;
  private final String service;
  private final String portName;
  private final ExecutorService connections;
  private final TcpBalancer balancer;
  private final ScheduledExecutorService refresher;
  private final Map<String, Forward> forwards = new LinkedHashMap<>();
  private final List<Retired> draining = new ArrayList<>();
  private String lastProblem = "";
  private boolean closed;

  private BalancedForward(
      KubernetesClient client,
      KubernetesClient forwarding,
      String namespace,
      String service,
      String portName,
      ExecutorService connections,
      TcpBalancer balancer,
      ScheduledExecutorService refresher) {
    this.client = client;
    this.forwarding = forwarding;
    this.namespace = namespace;
    this.service = service;
    this.portName = portName;
    this.connections = connections;
    this.balancer = balancer;
    this.refresher = refresher;
  }

  /**
   * Listens on an ephemeral port of {@code 127.0.0.1}, forwards to the ready pods of the Service
   * port found now, and refreshes them every {@link #REFRESH} from then on.
   *
   * @param client reads the Service's EndpointSlices
   * @param forwarding opens the port-forwards ({@link
   *     io.scaleproof.cluster.KubeClients#portForwards})
   * @throws UncheckedIOException if no port of {@code 127.0.0.1} can be bound
   */
  static BalancedForward start(
      KubernetesClient client,
      KubernetesClient forwarding,
      String namespace,
      String service,
      ServicePort port) {
    String name = "scaleproof-forward " + namespace + "/" + service + ":" + port.getPort();
    ExecutorService connections = Executors.newCachedThreadPool(daemon(name));
    TcpBalancer balancer;
    try {
      balancer = TcpBalancer.open(new InetSocketAddress(LOOPBACK, 0), name, connections);
    } catch (IOException e) {
      connections.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + LOOPBACK.getHostAddress(), e);
    }
    BalancedForward forward =
        new BalancedForward(
            client,
            forwarding,
            namespace,
            service,
            Objects.toString(port.getName(), ""),
            connections,
            balancer,
            Executors.newSingleThreadScheduledExecutor(daemon(name + " refresh")));
    forward.refresh();
    forward.refresher.scheduleWithFixedDelay(
        forward::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    return forward;
  }

  /** Where the Service port is reached: {@code http://127.0.0.1:<balancer port>}. */
  URI url() {
    return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + balancer.address().getPort());
  }

  /**
   * Empty once a connection through one of the forwards reaches its pod, that is connects and is
   * not closed by a failing stream; otherwise what was seen.
   */
  Optional<String> problem() {
    List<Forward> current;
    String refreshProblem;
    synchronized (this) {
      current = List.copyOf(forwards.values());
      refreshProblem = lastProblem;
    }
    if (current.isEmpty()) {
      return Optional.of(
          "no port-forward open yet" + (refreshProblem.isEmpty() ? "" : "; " + refreshProblem));
    }
    List<String> failures = new ArrayList<>();
    for (Forward forward : current) {
      if (reachesPod(forward.local()) && !forward.forward().errorOccurred()) {
        return Optional.empty();
      }
      failures.add(forward.failure());
    }
    return Optional.of(String.join("; ", failures));
  }

  /** The pods forwarded to now, each with its forward's local address; a snapshot. */
  synchronized Map<String, InetSocketAddress> backends() {
    Map<String, InetSocketAddress> backends = new LinkedHashMap<>();
    forwards.forEach((pod, forward) -> backends.put(pod, forward.local()));
    return backends;
  }

  /** The balancer's address, where {@link #url()} points. */
  InetSocketAddress address() {
    return balancer.address();
  }

  private synchronized void refresh() {
    if (closed) {
      return;
    }
    // A refresh that throws would end the schedule: every failure is kept for problem() instead.
    try {
      closeDrained(Instant.now());
      List<PodPort> ready;
      try {
        ready = ReadyEndpoints.list(client, namespace, service, portName);
      } catch (RuntimeException e) {
        lastProblem = "cannot read the Service's EndpointSlices: " + e.getMessage();
        return;
      }
      follow(ready);
    } catch (RuntimeException e) {
      lastProblem = "refreshing the port-forwards failed: " + e;
      LOG.debug("{}/{}: {}", namespace, service, lastProblem, e);
    }
  }

  /** Opens and retires forwards as the ready endpoints say, then hands the balancer those open. */
  private void follow(List<PodPort> ready) {
    Map<String, Integer> forwarded = new LinkedHashMap<>();
    Set<String> failed = new HashSet<>();
    forwards.forEach(
        (pod, forward) -> {
          forwarded.put(pod, forward.target().port());
          if (forward.forward().errorOccurred() || !forward.forward().isAlive()) {
            failed.add(pod);
            LOG.debug("{}; forwarding again", forward.failure());
          }
        });
    ForwardPlan plan = ForwardPlan.between(forwarded, failed, ready);
    for (String pod : plan.retire()) {
      draining.add(new Retired(forwards.remove(pod).forward(), Instant.now().plus(DRAIN)));
    }
    List<String> problems = new ArrayList<>();
    for (PodPort target : plan.open()) {
      try {
        forwards.put(target.pod(), new Forward(target, forward(target)));
      } catch (RuntimeException e) {
        problems.add("cannot port-forward to pod " + target.pod() + ": " + e.getMessage());
      }
    }
    balancer.setBackends(forwards.values().stream().map(Forward::local).toList());
    lastProblem = String.join("; ", problems);
  }

  private LocalPortForward forward(PodPort target) {
    return forwarding
        .pods()
        .inNamespace(namespace)
        .withName(target.pod())
        .portForward(target.port(), LOOPBACK, 0);
  }

  private void closeDrained(Instant now) {
    draining.removeIf(
        retired -> {
          if (now.isBefore(retired.closeAt())) {
            return false;
          }
          closeQuietly(retired.forward());
          return true;
        });
  }

  /**
   * Stops refreshing, closes every forward (draining ones too) and the balancer with the
   * connections through it. Never throws.
   */
  @Override
  public void close() {
    refresher.shutdownNow();
    synchronized (this) {
      closed = true;
      forwards.values().forEach(forward -> closeQuietly(forward.forward()));
      forwards.clear();
      draining.forEach(retired -> closeQuietly(retired.forward()));
      draining.clear();
    }
    balancer.close();
    connections.shutdownNow();
  }

  private static boolean reachesPod(InetSocketAddress local) {
    try (Socket socket = new Socket()) {
      socket.connect(local, (int) CONNECT_TIMEOUT.toMillis());
      socket.setSoTimeout((int) SETTLE.toMillis());
      // A server that speaks first answers; one that waits for the client leaves it open.
      return socket.getInputStream().read() >= 0;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(LocalPortForward forward) {
    try {
      forward.close();
    } catch (IOException | RuntimeException e) {
      // Its socket is gone either way.
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
