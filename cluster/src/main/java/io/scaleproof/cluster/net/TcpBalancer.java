package io.scaleproof.cluster.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Service port: accepts TCP connections on an address and forwards each, for its whole life, to
 * one backend chosen at random among the current ones — kube-proxy's iptables mode balances per
 * connection in the same way. With no backend a connection is closed at once, as kube-proxy rejects
 * it. Changing the backends affects new connections only; open ones keep theirs.
 *
 * <p>The embedded cluster's kube-proxy runs one per Service port on the ClusterIP; the kubeconfig
 * backend runs one on loopback in front of port-forwards to a Service's pods.
 *
 * <p>A scenario's network faults are made here ({@link Impairment}): every connection refused and
 * the open ones closed, as when a Service's last endpoint goes away with its process; a delay on
 * the way to the backend; or a share of new connections reset, as xk6-disruptor does for a pod.
 */
public final class TcpBalancer implements AutoCloseable {
  private static final int BUFFER = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 2_000;

  private final ServerSocket server;
  private final String name;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile List<InetSocketAddress> backends = List.of();
  private volatile Impairment impairment = Impairment.NONE;

  /**
   * What a fault does to this Service port's traffic.
   *
   * @param refuse every new connection closed at once, and the open ones closed when it is set
   * @param latency how long each chunk of bytes on the way to the backend is held back
   * @param resetShare the share of new connections reset (TCP RST) at once, in [0, 1]
   */
  public record Impairment(boolean refuse, Duration latency, double resetShare) {
    public static final Impairment NONE = new Impairment(false, Duration.ZERO, 0);

    public Impairment {
      if (latency == null || latency.isNegative()) {
        throw new IllegalArgumentException("latency: must be zero or more, was " + latency);
      }
      if (!(resetShare >= 0 && resetShare <= 1)) {
        throw new IllegalArgumentException("resetShare: must be in [0, 1], was " + resetShare);
      }
    }

    public static Impairment refused() {
      return new Impairment(true, Duration.ZERO, 0);
    }

    public static Impairment delayed(Duration latency) {
      return new Impairment(false, latency, 0);
    }

    public static Impairment resetting(double share) {
      return new Impairment(false, Duration.ZERO, share);
    }
  }

  private TcpBalancer(ServerSocket server, String name, ExecutorService pool) {
    this.server = server;
    this.name = name;
    this.pool = pool;
  }

  /**
   * Listens on {@code address} (port 0 for an ephemeral one) with no backend yet.
   *
   * @param name names the accepting thread and this balancer, e.g. {@code "sim-proxy ns/svc"}
   * @param pool runs each connection's two copying directions; connections are refused once it is
   *     shut down
   * @throws IOException if the address cannot be bound
   */
  public static TcpBalancer open(InetSocketAddress address, String name, ExecutorService pool)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address, 512);
    TcpBalancer balancer = new TcpBalancer(server, name, pool);
    Thread acceptor = new Thread(balancer::acceptLoop, name + " " + address);
    acceptor.setDaemon(true);
    acceptor.start();
    return balancer;
  }

  /** Where new connections go from now on, one picked at random for each; empty refuses them. */
  public void setBackends(List<InetSocketAddress> backends) {
    this.backends = List.copyOf(backends);
  }

  public boolean hasBackends() {
    return !backends.isEmpty();
  }

  /**
   * From now on, {@code impairment} applies; one that refuses also closes every open connection, as
   * a backend process that goes away does, so that pooled keep-alive connections see it too.
   */
  public void impair(Impairment impairment) {
    this.impairment = impairment;
    if (impairment.refuse()) {
      open.forEach(this::closeQuietly);
    }
  }

  /** The bound address, with the actual port when an ephemeral one was asked for. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.execute(() -> forward(client));
      } catch (IOException e) {
        // Closed with its owner.
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void forward(Socket client) {
    List<InetSocketAddress> ready = backends;
    Impairment now = impairment;
    if (ready.isEmpty() || now.refuse()) {
      closeQuietly(client);
      return;
    }
    if (now.resetShare() > 0 && ThreadLocalRandom.current().nextDouble() < now.resetShare()) {
      reset(client);
      return;
    }
    InetSocketAddress target = ready.get(ThreadLocalRandom.current().nextInt(ready.size()));
    Socket upstream = new Socket();
    open.add(client);
    open.add(upstream);
    try {
      upstream.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
      upstream.connect(target, CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    // Both directions run until end of stream; the second to finish closes the pair.
    AtomicInteger directions = new AtomicInteger(2);
    pool.execute(() -> pipe(upstream, client, directions, false));
    pipe(client, upstream, directions, true);
  }

  /** Closes with an RST instead of a FIN: the client reads "connection reset". */
  private void reset(Socket client) {
    try {
      client.setSoLinger(true, 0);
    } catch (IOException e) {
      // Closed below either way.
    }
    closeQuietly(client);
  }

  /**
   * Copies one direction; at end of stream half-closes the other side, as TCP would. On the way to
   * the backend, each chunk waits out the impairment's latency first.
   */
  private void pipe(Socket from, Socket to, AtomicInteger directions, boolean towardBackend) {
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (towardBackend) {
          delay(impairment.latency());
        }
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
      if (directions.decrementAndGet() == 0) {
        closeQuietly(from);
        closeQuietly(to);
      }
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** The fault itself, the wire's delay: this connection's bytes are held, nothing is awaited. */
  private static void delay(Duration latency) throws IOException {
    if (latency.isZero()) {
      return;
    }
    try {
      // Sleeping is the behaviour itself: a slow network holds the bytes for this long; no
      // condition is waited for.
      Thread.sleep(latency.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while delaying a chunk");
    }
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** Stops accepting and closes every open connection. Never throws. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
    open.forEach(this::closeQuietly);
  }

  @Override
  public String toString() {
    return name + " " + server.getLocalSocketAddress();
  }
}
