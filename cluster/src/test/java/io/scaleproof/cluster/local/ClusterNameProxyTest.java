package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The node's proxy for host programs: cluster names reach their Service; other names nothing. */
class ClusterNameProxyTest {
  private ExecutorService connections;
  private HttpServer service;
  private ClusterNameProxy proxy;
  private HttpClient client;

  @BeforeEach
  void start() throws IOException {
    connections = Executors.newCachedThreadPool();
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext(
        "/",
        exchange -> {
          byte[] body = ("served " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    service.start();
    int port = service.getAddress().getPort();
    // prometheus.observability.svc.cluster.local (and prometheus.observability) is the Service
    // whose ClusterIP is 127.0.0.1; every other name is left as it is, as ServiceDns leaves it.
    proxy =
        ClusterNameProxy.start(
            "127.0.0.1",
            (value, namespace) ->
                value
                    .replace("prometheus.observability.svc.cluster.local", "127.0.0.1")
                    .replace("prometheus.observability", "127.0.0.1"),
            "keda",
            connections);
    URI url = URI.create(proxy.url());
    client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress(url.getHost(), url.getPort())))
            .build();
    this.port = port;
  }

  private int port;

  @AfterEach
  void stop() {
    proxy.close();
    service.stop(0);
    connections.shutdownNow();
  }

  @Test
  @DisplayName("a request for a Service's cluster name reaches the Service, path and query kept")
  void clusterNameIsForwarded() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://prometheus.observability.svc.cluster.local:"
                            + port
                            + "/api/v1/query?query=up"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("served /api/v1/query?query=up");
  }

  @Test
  @DisplayName("two requests on one client, each answered (one request per proxy connection)")
  void repeatedRequests() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://prometheus.observability:" + port + "/r" + i))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("served /r" + i);
    }
  }

  @Test
  @DisplayName("a name that is no Service of the cluster is refused, never resolved or forwarded")
  void otherNamesAreRefused() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://example.com/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("example.com is not a Service of the cluster");
  }
}
