package io.scaleproof.cluster.local;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The programs one part of the local backend started: each launched with its log in the run's
 * {@code logs/} directory and a clean environment, awaited until ready (a program that exits or
 * stays unready stops the start with its name and its log's last lines), and stopped together, the
 * last started first.
 */
final class LocalPrograms implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final Path logs;
  private final List<LocalProcess> running = new ArrayList<>();

  LocalPrograms(Path logs) {
    this.logs = logs;
  }

  /**
   * Starts {@code binary} with {@code args}; {@code env} and PATH (this JVM's, unless {@code env}
   * names one) are its whole environment.
   */
  synchronized LocalProcess launch(
      String name, Path binary, List<String> args, Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    Map<String, String> environment = new HashMap<>(env);
    environment.putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    LocalProcess process =
        LocalProcess.start(name, command, environment, logs.resolve(name + ".log"), STOP_GRACE);
    running.add(process);
    return process;
  }

  /** Waits for {@code ready}; a program that exits or stays unready stops the start. */
  static void awaitReady(LocalProcess process, Duration bound, Callable<Boolean> ready) {
    try {
      await("until " + process.name() + " is ready")
          .atMost(bound)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!process.alive()) {
                  throw exited(process);
                }
                return ready.call();
              });
    } catch (ConditionTimeoutException e) {
      throw new ComponentFailedException(
          process.name(),
          "was not ready within " + bound.toSeconds() + " s (log: " + process.log() + ")",
          process.tail(),
          "Read its log; run with a fresh run directory if the log names stale data");
    }
  }

  private static ComponentFailedException exited(LocalProcess process) {
    return new ComponentFailedException(
        process.name(),
        "exited with code " + process.exitCode().orElse(-1) + " (log: " + process.log() + ")",
        process.tail(),
        "Read the log's last lines above; an address already in use means another program holds"
            + " the run's loopback address");
  }

  /** The programs that stopped on their own. */
  synchronized List<String> exited() {
    return running.stream().filter(p -> !p.alive()).map(LocalProcess::name).toList();
  }

  synchronized List<Long> pids() {
    return running.stream().map(LocalProcess::pid).toList();
  }

  /** Stops every program, the last started first. */
  @Override
  public void close() {
    List<LocalProcess> stopping;
    synchronized (this) {
      stopping = new ArrayList<>(running);
    }
    for (int i = stopping.size() - 1; i >= 0; i--) {
      stopping.get(i).close();
    }
  }

  /** Whether something accepts connections on {@code address:port} now. */
  static boolean listens(String address, int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(address, port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
