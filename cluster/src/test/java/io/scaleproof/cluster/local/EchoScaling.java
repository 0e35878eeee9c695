package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the local autoscaling suites share: the echo Deployment scaled by the real HPA controller, a
 * value served to it from the test, and the controller's decisions.
 */
final class EchoScaling {
  private EchoScaling() {}

  /**
   * An HTTP server on {@code address} that answers {@code path} with {@code body}'s current text.
   */
  static HttpServer serve(String address, String path, String contentType, Supplier<String> body) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
      server.createContext(
          path,
          exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real HPA controller's decisions in {@code default}: its SuccessfulRescale messages. */
  static List<String> rescales(LocalCluster cluster) {
    return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "SuccessfulRescale".equals(e.getReason()))
        .map(e -> e.getMessage())
        .toList();
  }

  /** Waits for echo at {@code replicas}, all ready. */
  static void awaitReady(LocalCluster cluster, int replicas) {
    awaitReady(cluster, replicas, () -> "no more to say");
  }

  /**
   * Waits for echo at {@code replicas}, all ready; on timeout says what {@code state} says (the
   * HPA's conditions, say). The value is read at each HPA sync (5 s in these suites); pods start in
   * about a second.
   */
  static void awaitReady(LocalCluster cluster, int replicas, Supplier<String> state) {
    await("echo at " + replicas + " ready replicas")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Deployment echo =
                  cluster
                      .client()
                      .apps()
                      .deployments()
                      .inNamespace("default")
                      .withName("echo")
                      .get();
              assertThat(echo.getSpec().getReplicas())
                  .as("echo's replicas; %s", state.get())
                  .isEqualTo(replicas);
              assertThat(echo.getStatus().getReadyReplicas()).isEqualTo(replicas);
              assertThat(echo.getStatus().getReplicas()).isEqualTo(replicas);
            });
  }
}
