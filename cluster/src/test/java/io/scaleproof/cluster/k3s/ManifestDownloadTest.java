package io.scaleproof.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloading release manifests, from an HTTP server on 127.0.0.1 standing in for GitHub. */
class ManifestDownloadTest {
  private static final String MANIFEST =
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: keda\n";

  @TempDir Path temp;
  private HttpServer server;

  @BeforeEach
  void startTheServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/releases/download/v2.21.0/keda-2.21.0.yaml",
        exchange -> {
          byte[] body = MANIFEST.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    // As github.com answers for a release asset: a redirect to where it is stored.
    server.createContext(
        "/keda/keda-2.21.0.yaml",
        exchange -> {
          exchange
              .getResponseHeaders()
              .add("Location", "/releases/download/v2.21.0/keda-2.21.0.yaml");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopTheServer() {
    server.stop(0);
  }

  @Test
  @DisplayName("a manifest is kept under the component's directory, numbered, after redirects")
  void keepsTheManifestUnderTheComponent() {
    Path file = new ManifestDownload(temp).fetch("keda", 1, url("/keda/keda-2.21.0.yaml"));

    assertThat(file).isEqualTo(temp.resolve("keda").resolve("1-keda-2.21.0.yaml"));
    assertThat(file).hasContent(MANIFEST.strip());
    assertThat(file.resolveSibling("1-keda-2.21.0.yaml.part")).doesNotExist();
  }

  @Test
  @DisplayName("a missing manifest fails naming the component, the URL, the status and the pins")
  void aMissingManifestNamesWhatAndWhere() {
    URI missing = url("/releases/download/v9.9.9/keda-9.9.9.yaml");

    assertThatThrownBy(() -> new ManifestDownload(temp).fetch("keda", 1, missing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "cannot download keda's manifest "
                + missing
                + ": HTTP 404. Check the URL in cluster/k3s/components.yaml");
    assertThat(temp.resolve("keda").resolve("1-keda-9.9.9.yaml")).doesNotExist();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }
}
