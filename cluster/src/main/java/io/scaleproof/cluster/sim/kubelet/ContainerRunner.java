package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The kubelet's record of one container of a pod: its current process, its state (waiting, running,
 * terminated) and last termination, restart count, readiness and started flags, and back-off. Not
 * thread-safe: its {@link PodWorker} serialises every call.
 */
final class ContainerRunner {
  private static final int MESSAGE_TAIL_BYTES = 4096;

  final Container spec;
  final boolean init;
  final CrashBackoff backoff;
  private final List<ProbeLoop> probes = new ArrayList<>();
  private ContainerProcess process;
  private int restartCount;
  private Instant startedAt;
  private ContainerState lastTerminated;
  private ContainerState state;
  private boolean ready;
  private boolean started;
  private boolean exitedOk;

  ContainerRunner(Container spec, boolean init, CrashBackoff backoff) {
    this.spec = spec;
    this.init = init;
    this.backoff = backoff;
    this.state = waiting("ContainerCreating", null);
  }

  void running(ContainerProcess process, Instant now) {
    this.process = process;
    this.startedAt = now;
    this.ready = false;
    this.started = spec.getStartupProbe() == null;
    this.state =
        new ContainerStateBuilder().withNewRunning().withStartedAt(time(now)).endRunning().build();
  }

  /** Records the exit of the current process; returns the terminated state. */
  ContainerState exited(int exitCode, Instant now) {
    stopProbes();
    String reason = exitCode == 0 ? "Completed" : "Error";
    String message = null;
    if ("FallbackToLogsOnError".equals(spec.getTerminationMessagePolicy()) && exitCode != 0) {
      message = logTail(process.logFile());
    }
    ContainerState terminated =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .withMessage(message)
            .withStartedAt(time(startedAt))
            .withFinishedAt(time(now))
            .withContainerID("sim://" + process.pid())
            .endTerminated()
            .build();
    process = null;
    ready = false;
    exitedOk = exitCode == 0;
    state = terminated;
    lastTerminated = terminated;
    return terminated;
  }

  void waitingToRestart(String reason, String message) {
    state = waiting(reason, message);
    restartCount++;
  }

  void waitingFor(String reason, String message) {
    state = waiting(reason, message);
  }

  void addProbe(ProbeLoop probe) {
    probes.add(probe);
  }

  void stopProbes() {
    probes.forEach(ProbeLoop::stop);
    probes.clear();
  }

  ContainerProcess process() {
    return process;
  }

  boolean isRunning() {
    return process != null;
  }

  boolean exitedOk() {
    return exitedOk;
  }

  boolean isTerminated() {
    return state.getTerminated() != null;
  }

  boolean isReady() {
    return ready;
  }

  void setReady(boolean ready) {
    this.ready = ready && process != null;
  }

  void setStarted(boolean started) {
    this.started = started;
  }

  boolean isStarted() {
    return started;
  }

  int restartCount() {
    return restartCount;
  }

  /**
   * Which instance {@code kubectl logs} reads, as the kubelet's {@code validateContainerLogStatus}
   * chooses: the running or terminated instance; while waiting to restart, the last terminated one;
   * with {@code --previous}, always the last terminated one. Instance n is the n-th start.
   */
  OptionalInt logInstance(boolean previous) {
    boolean waiting = state.getWaiting() != null;
    if (previous || waiting) {
      return lastTerminated == null ? OptionalInt.empty() : OptionalInt.of(lastInstance());
    }
    return OptionalInt.of(restartCount);
  }

  /** The instance that terminated last: the current one until the restart is counted. */
  private int lastInstance() {
    return state == lastTerminated ? restartCount : restartCount - 1;
  }

  ContainerStatus status() {
    return new ContainerStatusBuilder()
        .withName(spec.getName())
        .withImage(spec.getImage())
        .withImageID("sim://" + spec.getImage())
        .withContainerID(process == null ? null : "sim://" + process.pid())
        .withState(state)
        .withLastState(
            lastTerminated == null || lastTerminated == state
                ? new ContainerState()
                : lastTerminated)
        .withReady(ready)
        .withStarted(process != null && started)
        .withRestartCount(restartCount)
        .build();
  }

  private static ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .build();
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String logTail(Path logFile) {
    try {
      byte[] bytes = Files.readAllBytes(logFile);
      int from = Math.max(0, bytes.length - MESSAGE_TAIL_BYTES);
      return new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  Duration sinceStart(Instant now) {
    return startedAt == null ? Duration.ZERO : Duration.between(startedAt, now);
  }
}
