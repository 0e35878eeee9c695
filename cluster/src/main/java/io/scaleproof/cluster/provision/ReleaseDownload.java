package io.scaleproof.cluster.provision;

import io.scaleproof.cluster.BoundedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A tool's pinned release archive, provided into the cache: downloaded, checked against its sha256
 * (an archive without one is never downloaded), unpacked, its binaries moved into place, and the
 * whole moved into the cache in one step, so that a half-done download is never found there.
 */
final class ReleaseDownload {
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

  private ReleaseDownload() {}

  /** Downloads the release archive into {@code target}; empty on success, else why not. */
  static Optional<String> into(Tools.Tool tool, Path target) {
    if (tool.release().isEmpty()) {
      return Optional.of("no release archive is declared");
    }
    Tools.Release release = tool.release().get();
    String url = platform(release.url());
    if (release.sha256().isEmpty()) {
      return Optional.of("the release " + url + " has no sha256 pinned, so it is not downloaded");
    }
    Path partial = target.resolveSibling(target.getFileName() + ".download-" + pid());
    System.err.println(
        "scaleproof: downloading " + tool.name() + " " + tool.version() + " from " + url);
    try {
      Files.createDirectories(partial);
      Path archive = partial.resolve("release.tar.gz");
      String sha256 = fetch(URI.create(url), archive);
      if (!sha256.equalsIgnoreCase(release.sha256().get())) {
        CachedInstall.deleteTree(partial);
        return Optional.of(
            "the release "
                + url
                + " has sha256 "
                + sha256
                + ", not the pinned "
                + release.sha256().get()
                + ", so it was discarded");
      }
      Path unpacked = partial.resolve("unpacked");
      Files.createDirectories(unpacked);
      run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()));
      for (Map.Entry<String, String> file : release.files().entrySet()) {
        Path binary = partial.resolve(file.getKey());
        Files.move(unpacked.resolve(platform(file.getValue())), binary);
        binary.toFile().setExecutable(true);
      }
      CachedInstall.deleteTree(unpacked);
      Files.delete(archive);
      List<String> missing = Tools.missingBinaries(tool, partial);
      if (!missing.isEmpty()) {
        CachedInstall.deleteTree(partial);
        return Optional.of("the release " + url + " holds no " + String.join(", ", missing));
      }
      Files.createDirectories(target.getParent());
      CachedInstall.moveIntoPlace(partial, target, tool.name() + " " + tool.version());
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      CachedInstall.deleteTree(partial);
      return Optional.of("downloading " + url + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CachedInstall.deleteTree(partial);
      throw new ProvisioningException("interrupted while downloading " + url);
    }
  }

  static String platform(String value) {
    String os =
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
    String arch = System.getProperty("os.arch");
    String goArch = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    return value.replace("${os}", os).replace("${arch}", goArch);
  }

  /** Downloads {@code uri} into {@code file}, returning the sha256 of what arrived. */
  private static String fetch(URI uri, Path file) throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream in = new DigestInputStream(body, sha256)) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    BoundedProcess.Result result =
        BoundedProcess.run(new ProcessBuilder(command), Duration.ofMinutes(1));
    if (!result.succeeded()) {
      throw new IOException(String.join(" ", command) + " failed: " + result.output());
    }
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }
}
