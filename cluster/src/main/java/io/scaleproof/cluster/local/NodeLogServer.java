package io.scaleproof.cluster.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.scaleproof.cluster.sim.kubelet.Kubelet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The node's kubelet endpoint for what the API server asks of it: {@code
 * /containerLogs/<namespace>/<pod>/<container>} (with {@code previous=true}), so that {@code
 * kubectl logs} works through the real API server. It listens on the node's address and port 10250
 * with a serving certificate of the cluster CA (the API server verifies it) and accepts only
 * clients with a certificate of that CA (the API server's kubelet client), as a kubelet with x509
 * authentication does.
 */
final class NodeLogServer implements AutoCloseable {
  private final HttpsServer server;

  private NodeLogServer(HttpsServer server) {
    this.server = server;
  }

  static NodeLogServer start(
      Kubelet kubelet, LocalPki pki, String nodeAddress, ExecutorService executor)
      throws IOException {
    LocalPki.Pair serving = pki.serving("kubelet", List.of(nodeAddress), List.of());
    SSLContext verifying = TlsContexts.serving(serving, pki.caCertificate());
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(nodeAddress, Kubelet.KUBELET_PORT), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(verifying) {
          @Override
          public void configure(HttpsParameters parameters) {
            SSLParameters ssl = verifying.getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            parameters.setSSLParameters(ssl);
          }
        });
    server.createContext("/containerLogs/", exchange -> logs(exchange, kubelet));
    server.setExecutor(executor);
    server.start();
    return new NodeLogServer(server);
  }

  private static void logs(HttpExchange exchange, Kubelet kubelet) throws IOException {
    try (exchange) {
      String[] parts = exchange.getRequestURI().getRawPath().split("/");
      // "", "containerLogs", namespace, pod, container
      if (parts.length != 5) {
        answer(exchange, 404, "expected /containerLogs/<namespace>/<pod>/<container>");
        return;
      }
      String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
      boolean previous = query.matches("(^|.*&)previous=(true|1)(&.*|$)");
      Optional<String> log =
          kubelet.read(decode(parts[2]), decode(parts[3]), decode(parts[4]), previous);
      if (log.isEmpty()) {
        answer(exchange, 404, "no such container log on this node");
        return;
      }
      answer(exchange, 200, tail(log.get(), query));
    }
  }

  /** The {@code tailLines} the request asks for, if any. */
  private static String tail(String log, String query) {
    java.util.regex.Matcher lines =
        java.util.regex.Pattern.compile("(?:^|&)tailLines=(\\d+)").matcher(query);
    if (!lines.find()) {
      return log;
    }
    List<String> all = log.lines().toList();
    int keep = Integer.parseInt(lines.group(1));
    return String.join("\n", all.subList(Math.max(0, all.size() - keep), all.size()))
        + (all.isEmpty() ? "" : "\n");
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
