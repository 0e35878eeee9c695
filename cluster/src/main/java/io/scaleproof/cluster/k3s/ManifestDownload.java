package io.scaleproof.cluster.k3s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Fetches a component's release manifests into the run directory, one file per URL ({@code
 * <directory>/<component>/<n>-<file name>}), so that what was applied can be read afterwards and an
 * error can name the file and the line. Follows redirects (GitHub serves release assets from
 * another host).
 */
final class ManifestDownload {
  private static final Duration CONNECT = Duration.ofSeconds(10);
  private static final Duration RESPONSE = Duration.ofMinutes(2);

  private final HttpClient http;
  private final Path directory;

  ManifestDownload(Path directory) {
    this.directory = directory;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Downloads the {@code index}-th (from 1) manifest of {@code component}.
   *
   * @return the file it was written to
   * @throws IllegalStateException naming the component, the URL and the HTTP status or I/O error
   */
  Path fetch(String component, int index, URI url) {
    String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
    Path file = directory.resolve(component).resolve(index + "-" + (name.isEmpty() ? "x" : name));
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    try {
      Files.createDirectories(file.getParent());
      HttpResponse<Path> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(RESPONSE).GET().build(),
              HttpResponse.BodyHandlers.ofFile(partial));
      if (response.statusCode() != 200) {
        Files.deleteIfExists(partial);
        throw new IllegalStateException(
            "cannot download "
                + component
                + "'s manifest "
                + url
                + ": HTTP "
                + response.statusCode()
                + ". Check the URL in "
                + K3sComponents.FILE);
      }
      return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot download " + component + "'s manifest " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted downloading " + url, e);
    }
  }
}
