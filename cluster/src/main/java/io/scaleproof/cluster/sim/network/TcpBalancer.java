package io.scaleproof.cluster.sim.network;

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
 * One Service port: accepts TCP connections on the Service's address and forwards each, for its
 * whole life, to one backend chosen at random among the ready endpoints — kube-proxy's iptables
 * mode balances per connection in the same way. With no ready endpoint a connection is closed at
 * once, as kube-proxy rejects it.
 */
final class TcpBalancer implements AutoCloseable {
  private static final int BUFFER = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 2_000;

  private final ServerSocket server;
  private final String service;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile List<InetSocketAddress> backends = List.of();

  private TcpBalancer(ServerSocket server, String service, ExecutorService pool) {
    this.server = server;
    this.service = service;
    this.pool = pool;
  }

  static TcpBalancer open(InetSocketAddress address, String service, ExecutorService pool)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address, 512);
    TcpBalancer balancer = new TcpBalancer(server, service, pool);
    Thread acceptor = new Thread(balancer::acceptLoop, "sim-proxy " + service + " " + address);
    acceptor.setDaemon(true);
    acceptor.start();
    return balancer;
  }

  void setBackends(List<InetSocketAddress> backends) {
    this.backends = List.copyOf(backends);
  }

  boolean hasBackends() {
    return !backends.isEmpty();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.execute(() -> forward(client));
      } catch (IOException e) {
        // Closed with the Service or the cluster.
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
    return service + " " + server.getLocalSocketAddress();
  }
}
