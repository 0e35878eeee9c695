package io.scaleproof.cluster.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster DNS for the programs the local backend runs on the host (KEDA's operator): an HTTP proxy
 * on the run's address, given to them as {@code HTTP_PROXY} and {@code HTTPS_PROXY}. A pod's
 * resolver would turn {@code prometheus.observability.svc.cluster.local} into the Service's
 * ClusterIP; the host's resolver cannot, and asking it would send a query for a cluster name off
 * the machine. So such a program sends its request for a cluster name here, and the proxy resolves
 * the name as the node does for its pods (the Service's loopback ClusterIP, in the program's
 * namespace's search path) and forwards: a plain request with its target rewritten, an HTTPS one as
 * a CONNECT tunnel. A name that is not a Service of the cluster is refused (403): nothing is ever
 * resolved or sent beyond loopback. (Go never proxies a loopback address, so the programs reach the
 * API server and other loopback addresses directly.)
 */
final class ClusterNameProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNameProxy.class);
  private static final int MAX_HEADER = 64 * 1024;

  private final ServerSocket server;
  private final BinaryOperator<String> dns;
  private final String namespace;
  private final ExecutorService connections;

  private ClusterNameProxy(
      ServerSocket server,
      BinaryOperator<String> dns,
      String namespace,
      ExecutorService connections) {
    this.server = server;
    this.dns = dns;
    this.namespace = namespace;
    this.connections = connections;
  }

  /**
   * Listens on {@code address} (any free port) for programs of {@code namespace}, resolving names
   * with {@code dns} (value, namespace → value with Service names as ClusterIPs).
   */
  static ClusterNameProxy start(
      String address, BinaryOperator<String> dns, String namespace, ExecutorService connections)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(address, 0));
    ClusterNameProxy proxy = new ClusterNameProxy(server, dns, namespace, connections);
    connections.execute(proxy::accept);
    return proxy;
  }

  /** {@code http://address:port}, for HTTP_PROXY. */
  String url() {
    return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      int lineEnd = head.indexOf("\r\n");
      String[] requestLine = head.substring(0, lineEnd).split(" ", 3);
      if (requestLine.length != 3) {
        respond(client, "400 Bad Request", "not an HTTP request");
        return;
      }
      String method = requestLine[0];
      String target = requestLine[1];
      if ("CONNECT".equals(method)) {
        Optional<InetSocketAddress> upstream = resolve(target);
        if (upstream.isEmpty()) {
          respond(client, "403 Forbidden", target + " is not a Service of the cluster");
          return;
        }
        try (Socket server = connect(upstream.get())) {
          client
              .getOutputStream()
              .write(
                  "HTTP/1.1 200 Connection established\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          pipe(client, server, new byte[0]);
        }
        return;
      }
      if (!target.startsWith("http://")) {
        respond(client, "400 Bad Request", "a proxy request names an absolute http:// URL");
        return;
      }
      String rest = target.substring("http://".length());
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "/" : rest.substring(slash);
      Optional<InetSocketAddress> upstream =
          resolve(authority.contains(":") ? authority : authority + ":80");
      if (upstream.isEmpty()) {
        respond(client, "403 Forbidden", authority + " is not a Service of the cluster");
        return;
      }
      // One request per connection: the program's next request may be for another Service.
      String forwarded =
          method
              + " "
              + path
              + " "
              + requestLine[2]
              + "\r\n"
              + withoutHopHeaders(head.substring(lineEnd + 2))
              + "Connection: close\r\n\r\n";
      try (Socket server = connect(upstream.get())) {
        server.getOutputStream().write(forwarded.getBytes(StandardCharsets.ISO_8859_1));
        pipe(client, server, new byte[0]);
      }
    } catch (IOException e) {
      LOG.debug("cluster-name proxy: {}", e.getMessage());
    }
  }

  /** host:port of a cluster name or a loopback address, as the address to connect to. */
  private Optional<InetSocketAddress> resolve(String authority) {
    int colon = authority.lastIndexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String host = authority.substring(0, colon).toLowerCase(Locale.ROOT);
    int port;
    try {
      port = Integer.parseInt(authority.substring(colon + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String resolved = dns.apply(host + ":" + port, namespace);
    String address = resolved.substring(0, resolved.lastIndexOf(':'));
    return address.matches("127\\.\\d+\\.\\d+\\.\\d+")
        ? Optional.of(new InetSocketAddress(address, port))
        : Optional.empty();
  }

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 5_000);
    return socket;
  }

  /** Copies both ways until the server's side ends; the client's side ends with its socket. */
  private void pipe(Socket client, Socket server, byte[] pending) throws IOException {
    connections.execute(
        () -> {
          try {
            client.getInputStream().transferTo(server.getOutputStream());
            server.shutdownOutput();
          } catch (IOException e) {
            // either side closed
          }
        });
    OutputStream out = client.getOutputStream();
    out.write(pending);
    server.getInputStream().transferTo(out);
    out.flush();
  }

  private static String withoutHopHeaders(String headers) {
    StringBuilder kept = new StringBuilder();
    for (String line : headers.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (line.isEmpty()
          || lower.startsWith("proxy-connection:")
          || lower.startsWith("connection:")
          || lower.startsWith("keep-alive:")) {
        continue;
      }
      kept.append(line).append("\r\n");
    }
    return kept.toString();
  }

  /** The request line and headers, up to the blank line; null at end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (head.size() < MAX_HEADER) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 2);
      }
    }
    return null;
  }

  private static void respond(Socket client, String status, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    client
        .getOutputStream()
        .write(
            ("HTTP/1.1 "
                    + status
                    + "\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    client.getOutputStream().write(body);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
