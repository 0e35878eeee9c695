package io.scaleproof.cluster.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 */
public final class TcpBalancer implements AutoCloseable {
  private static final int BUFFER = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 2_000;

  private final ServerSocket server;
  private final String name;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile List<InetSocketAddress> backends = List.of();

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
    if (ready.isEmpty()) {
      closeQuietly(client);
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
    pool.execute(() -> pipe(upstream, client, directions));
    pipe(client, upstream, directions);
  }

  /** Copies one direction; at end of stream half-closes the other side, as TCP would. */
  private void pipe(Socket from, Socket to, AtomicInteger directions) {
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
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
