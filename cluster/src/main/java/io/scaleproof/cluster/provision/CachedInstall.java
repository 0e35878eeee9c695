package io.scaleproof.cluster.provision;

import io.scaleproof.cluster.BoundedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An install into the cache that happens once per machine: keyed by what is installed (the content
 * of a requirements or lock file), done in a temporary directory and moved into place, so that an
 * interrupted install never looks complete. Prints one progress line before and after.
 */
final class CachedInstall {
  private static final long TIMEOUT_MINUTES = 10;
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
  private static final Pattern ERROR_LINE =
      Pattern.compile("(npm )?(error|err!)", Pattern.CASE_INSENSITIVE);

  /** The command that fills a fresh directory; it is given that directory. */
  interface Installer {
    List<String> command(Path into);
  }

  private CachedInstall() {}

  static Path ensure(
      Path cacheRoot, String kind, String key, String what, String fix, Installer installer) {
    return ensure(
        cacheRoot,
        cacheRoot.resolve(kind).resolve(digest(key)),
        "installing " + what,
        what,
        fix,
        Duration.ofMinutes(TIMEOUT_MINUTES),
        installer);
  }

  /**
   * Fills {@code target} with what {@code installer} makes, unless it is there already. While the
   * installer works, a line every {@link #PROGRESS_EVERY} says that it still does.
   */
  static synchronized Path ensure(
      Path cacheRoot,
      Path target,
      String doing,
      String what,
      String fix,
      Duration timeout,
      Installer installer) {
    if (Files.isDirectory(target)) {
      return target;
    }
    System.err.println(
        "scaleproof: " + doing + " into " + target + " (first use on this machine)...");
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
      boolean done = awaitWithProgress(process, doing, timeout);
      if (!done || process.exitValue() != 0) {
        BoundedProcess.destroyTree(process);
        deleteTree(partial);
        throw new ProvisioningException(
            "could not install "
                + what
                + " into "
                + target
                + ": "
                + (done
                    ? "the installer exited with " + process.exitValue()
                    : "the installer did not finish within " + timeout.toMinutes() + " minutes")
                + ". It said: "
                + summary(log)
                + ". "
                + fix
                + "; the cache directory is "
                + cacheRoot);
      }
      return moveIntoPlace(partial, target, what);
    } catch (IOException e) {
      deleteTree(partial);
      throw new ProvisioningException(
          "could not install " + what + " into " + target + ": " + e.getMessage() + ". " + fix);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteTree(partial);
      throw new ProvisioningException("interrupted while installing " + what);
    }
  }

  /**
   * Moves a finished install into place in one step. Another scaleproof (a second run, a parallel
   * build) may have put the same install there meanwhile: its copy is kept and this one dropped.
   */
  static Path moveIntoPlace(Path partial, Path target, String what) throws IOException {
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      System.err.println("scaleproof: " + what + " ready");
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      if (!Files.isDirectory(target)) {
        throw e;
      }
      deleteTree(partial);
      System.err.println("scaleproof: " + what + " ready (installed meanwhile by another run)");
    }
    return target;
  }

  private static boolean awaitWithProgress(Process process, String doing, Duration timeout)
      throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      Duration left = timeout.minus(elapsed);
      if (left.isNegative() || left.isZero()) {
        return false;
      }
      long waitMillis = Math.min(left.toMillis(), PROGRESS_EVERY.toMillis());
      if (process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
        return true;
      }
      Duration now = Duration.ofNanos(System.nanoTime() - start);
      System.err.printf(
          "scaleproof: still %s (%dm%02ds)%n", doing, now.toMinutes(), now.toSecondsPart());
    }
  }

  /** Removes a half-made install, so that nothing of it is ever taken for a finished one. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("scaleproof: could not remove " + root + ": " + e.getMessage());
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ProvisioningException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static String digest(String content) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What the installer said, in short: its first error lines (pip's "ERROR:", npm's "npm error code
   * ECONNREFUSED"), or its last lines when none says error.
   */
  private static String summary(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      List<String> errors =
          lines.stream().filter(l -> ERROR_LINE.matcher(l.strip()).lookingAt()).toList();
      List<String> chosen =
          errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 5), lines.size()) : errors;
      return String.join(" | ", chosen.subList(0, Math.min(5, chosen.size())));
    } catch (IOException e) {
      return "(no output)";
    }
  }
}
