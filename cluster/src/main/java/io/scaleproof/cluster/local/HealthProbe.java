package io.scaleproof.cluster.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Asks a program of the control plane whether it is ready, as a kubelet's probe of a static pod
 * does: an HTTP GET of its health path, anonymous (the health paths are open to anyone), trusting
 * only the run's CA.
 */
final class HealthProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient client;

  HealthProbe(Path caCertificate) {
    // HTTP/1.1: over HTTP/2 the API server answers the JDK client's first request with a GOAWAY,
    // which the JDK client reports as a failed request however often it is asked.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trusting(caCertificate))
            .connectTimeout(TIMEOUT)
            .build();
  }

  /** Whether {@code url} answers 200 with {@code expected} in its body. */
  boolean ok(String url, String expected) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains(expected);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SSLContext trusting(Path caCertificate) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, TlsContexts.trusting(caCertificate), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the run's CA " + caCertificate, e);
    }
  }
}
