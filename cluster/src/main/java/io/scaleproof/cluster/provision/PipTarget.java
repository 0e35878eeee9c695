package io.scaleproof.cluster.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Python packages installed with {@code pip install --target} into a cache directory keyed by the
 * requirements file's content, so that a pinned set is installed once per machine and put on a
 * process's {@code PYTHONPATH}. Installs into a temporary directory and moves it into place, so an
 * interrupted install never looks complete.
 */
public final class PipTarget {
  private static final long TIMEOUT_MINUTES = 10;

  private PipTarget() {}

  /** The directory holding {@code requirements}' packages, installing them on first use. */
  public static synchronized Path ensure(Path requirements, Path cacheRoot) {
    String content = read(requirements);
    Path target = cacheRoot.resolve("pip").resolve(digest(content));
    if (Files.isDirectory(target)) {
      return target;
    }
    List<String> packages =
        content.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    System.err.println(
        "scaleproof: installing Python packages "
            + packages
            + " into "
            + target
            + " (first use on this machine)...");
    Path partial =
        target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
    Path log = target.resolveSibling(target.getFileName() + ".log");
    try {
      Files.createDirectories(partial);
      Process pip =
          new ProcessBuilder(
                  "python3",
                  "-m",
                  "pip",
                  "install",
                  "--quiet",
                  "--disable-pip-version-check",
                  "--no-input",
                  "--target",
                  partial.toString(),
                  "-r",
                  requirements.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done = pip.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!done || pip.exitValue() != 0) {
        pip.destroyForcibly();
        throw new ProvisioningException(
            "could not install the Python packages "
                + packages
                + " from "
                + requirements
                + " into "
                + target
                + ": pip "
                + (done ? "exited with " + pip.exitValue() : "timed out")
                + ". pip said: "
                + tail(log)
                + ". Check that python3 with pip is installed and that PyPI is reachable,"
                + " then run again; the cache directory is "
                + cacheRoot);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      System.err.println("scaleproof: Python packages ready");
      return target;
    } catch (IOException e) {
      throw new ProvisioningException(
          "could not install the Python packages "
              + packages
              + " into "
              + target
              + ": "
              + e.getMessage()
              + ". Is python3 on the PATH?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisioningException("interrupted while installing " + packages);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
