package io.scaleproof.cluster.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An install into the cache that happens once per machine: keyed by what is installed (the content
 * of a requirements or lock file), done in a temporary directory and moved into place, so that an
 * interrupted install never looks complete. Prints one progress line before and after.
 */
final class CachedInstall {
  private static final long TIMEOUT_MINUTES = 10;

  /** The command that fills a fresh directory; it is given that directory. */
  interface Installer {
    List<String> command(Path into);
  }

  private CachedInstall() {}

  static synchronized Path ensure(
      Path cacheRoot, String kind, String key, String what, String fix, Installer installer) {
    Path target = cacheRoot.resolve(kind).resolve(digest(key));
    if (Files.isDirectory(target)) {
      return target;
    }
    System.err.println(
        "scaleproof: installing " + what + " into " + target + " (first use on this machine)...");
    Path partial =
        target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
    Path log = target.resolveSibling(target.getFileName() + ".log");
    try {
      Files.createDirectories(partial);
      Process process =
          new ProcessBuilder(installer.command(partial))
              .directory(partial.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!done || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new ProvisioningException(
            "could not install "
                + what
                + " into "
                + target
                + ": "
                + (done
                    ? "the installer exited with " + process.exitValue()
                    : "the installer timed out")
                + ". It said: "
                + tail(log)
                + ". "
                + fix
                + "; the cache directory is "
                + cacheRoot);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      System.err.println("scaleproof: " + what + " ready");
      return target;
    } catch (IOException e) {
      throw new ProvisioningException(
          "could not install " + what + " into " + target + ": " + e.getMessage() + ". " + fix);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisioningException("interrupted while installing " + what);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ProvisioningException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String digest(String content) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no output)";
    }
  }
}
