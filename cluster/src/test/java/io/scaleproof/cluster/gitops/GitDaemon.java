package io.scaleproof.cluster.gitops;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The in-cluster Git server's own script ({@link GitServerObjects#SCRIPT}) run on this machine with
 * the {@code git} installed here: {@code /git} becomes a temporary directory, and it listens on
 * 127.0.0.1 at a free port instead of every interface at 9418. Closing it ends the daemon and the
 * processes it forked.
 */
final class GitDaemon implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(10);

  private final Process process;
  private final Path root;
  private final Path log;
  private final int port;

  private GitDaemon(Process process, Path root, Path log, int port) {
    this.process = process;
    this.root = root;
    this.log = log;
    this.port = port;
  }

  /** Whether a {@code git} command runs here; the reason it does not otherwise, else null. */
  static String unavailableReason() {
    try {
      Process version = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      if (!version.waitFor(10, TimeUnit.SECONDS)) {
        version.destroyForcibly();
        return "git --version did not answer within 10 s";
      }
      return version.exitValue() == 0 ? null : "git --version exited " + version.exitValue();
    } catch (IOException e) {
      return "git is not installed (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Starts the script with {@code directory} as {@code /git}; returns once it accepts. */
  static GitDaemon start(Path directory) throws IOException {
    int port = freeLoopbackPort();
    String script =
        GitServerObjects.SCRIPT
            .replace("/git", directory.toAbsolutePath().toString())
            .replace("--listen=0.0.0.0", "--listen=127.0.0.1")
            .replace("--port=" + GitServerObjects.PORT, "--port=" + port);
    Path log = directory.resolveSibling(directory.getFileName() + "-daemon.log");
    Process process =
        new ProcessBuilder("sh", "-c", script)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    GitDaemon daemon = new GitDaemon(process, directory, log, port);
    try {
      await("git daemon accepting on 127.0.0.1:" + port)
          .atMost(READY)
          .pollInterval(Duration.ofMillis(50))
          .failFast("git daemon exited; its log: " + log, () -> !process.isAlive())
          .until(() -> accepts(port));
    } catch (RuntimeException e) {
      daemon.close();
      throw new IllegalStateException(e.getMessage() + "\n" + Files.readString(log), e);
    }
    return daemon;
  }

  /** The URL JGit pushes to, as the port-forward gives it in a cluster. */
  String url() {
    return "git://127.0.0.1:" + port + "/" + GitServerObjects.REPOSITORY;
  }

  int port() {
    return port;
  }

  /** The bare repository the daemon serves. */
  Path repository() {
    return root.resolve(GitServerObjects.REPOSITORY);
  }

  /**
   * The commit the served repository's {@code main} points at, as the git command line reads it.
   */
  String main() throws IOException, InterruptedException {
    Process revParse =
        new ProcessBuilder(
                "git", "--git-dir", repository().toString(), "rev-parse", "refs/heads/main")
            .redirectErrorStream(true)
            .start();
    String out = new String(revParse.getInputStream().readAllBytes()).strip();
    if (!revParse.waitFor(10, TimeUnit.SECONDS) || revParse.exitValue() != 0) {
      throw new IllegalStateException("git rev-parse refs/heads/main failed: " + out);
    }
    return out;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
