package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.sim.apiserver.ApiServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's work for one pod, from admission to deletion: an address on the pod network, init
 * containers in order, then every container as a local process with its probes; restarts with
 * back-off by {@code restartPolicy}; on deletion SIGTERM, the grace period, SIGKILL; and the pod's
 * status written back after every change. All methods are serialised on this worker.
 *
 * <p>A process shares the host's network namespace, so it is given its own loopback address (the
 * pod IP, via the downward API's {@code status.podIP}) and must bind to that address, not to all
 * interfaces, or two replicas would fight over one port.
 *
 * <p>Larger than 300 lines because it is the kubelet's pod lifecycle as one state machine (start,
 * probe, restart with back-off, kill) serialised on one worker: its steps read and write the same
 * pod state, and apart they would pass it back and forth.
 */
final class PodWorker {
  /** How long a crash-looping container runs before it exits: it starts, then fails. */
  private static final Duration CRASH_AFTER = Duration.ofSeconds(1);

  private final KubeletContext ctx;
  private final List<ContainerRunner> initContainers = new ArrayList<>();
  private final List<ContainerRunner> containers = new ArrayList<>();
  private final PodStatusWriter statusWriter;
  private final String namespace;
  private final String name;

  private final PodLogFiles logs;

  private PodVolumes volumes;
  private Pod pod;
  private String podIp;
  private Instant startTime;
  private boolean admitted;
  private boolean terminating;
  private boolean finished;
  private boolean imagesMissing;
  private boolean crashing;
  private int initDone;

  PodWorker(KubeletContext ctx, Pod pod) {
    this.ctx = ctx;
    this.pod = pod;
    this.namespace = pod.getMetadata().getNamespace();
    this.name = pod.getMetadata().getName();
    this.statusWriter = new PodStatusWriter(ctx);
    this.logs = new PodLogFiles(ctx.logRoot(), pod);
    for (Container c : pod.getSpec().getInitContainers()) {
      initContainers.add(new ContainerRunner(c, true, backoff()));
    }
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(new ContainerRunner(c, false, backoff()));
    }
  }

  private void event(String reason, String message) {
    ctx.events().normal(pod, KubeletContext.COMPONENT, reason, message);
  }

  private void warning(String reason, String message) {
    ctx.events().warning(pod, KubeletContext.COMPONENT, reason, message);
  }

  private CrashBackoff backoff() {
    return new CrashBackoff(ctx.backoffInitial(), ctx.backoffMax());
  }

  synchronized void update(Pod latest) {
    pod = latest;
    if (latest.getMetadata().getDeletionTimestamp() != null) {
      terminate(gracePeriod(latest));
      return;
    }
    if (!admitted) {
      admitted = true;
      admit();
    }
  }

  private void admit() {
    startTime = ctx.clock().instant();
    podIp =
        Boolean.TRUE.equals(pod.getSpec().getHostNetwork())
            ? ctx.nodeIp()
            : ctx.podIps().allocate();
    List<ContainerRunner> unmapped =
        all().stream().filter(r -> !ctx.runtimes().serves(r.spec.getImage())).toList();
    if (!unmapped.isEmpty()) {
      imagesMissing = true;
      for (ContainerRunner runner : unmapped) {
        String image = runner.spec.getImage();
        String message =
            "Back-off pulling image \""
                + image
                + "\": the embedded cluster has no runtime for this"
                + " image; declare it in "
                + ctx.runtimes().source()
                + " (image, entrypoint, cmd) to run it as a local process";
        runner.waitingFor("ImagePullBackOff", message);
        warning(
            "Failed",
            "Failed to pull image \""
                + image
                + "\": no runtime mapping in "
                + ctx.runtimes().source());
      }
      publish();
      return;
    }
    publish();
    pull();
  }

  /**
   * The local equivalent of pulling images: provisions what each container's runtime entry needs
   * (packages installed on first use) away from the informer thread, then starts the containers.
   */
  private void pull() {
    for (ContainerRunner runner : all()) {
      event("Pulling", "Pulling image \"" + runner.spec.getImage() + "\"");
    }
    CompletableFuture.runAsync(
            () -> all().forEach(r -> ctx.runtimes().lookup(r.spec.getImage())), ctx.blocking())
        .whenComplete(
            (done, failure) -> {
              synchronized (PodWorker.this) {
                if (failure == null) {
                  all()
                      .forEach(
                          r ->
                              event(
                                  "Pulled",
                                  "Successfully pulled image \""
                                      + r.spec.getImage()
                                      + "\" (local runtime)"));
                  startNext();
                  return;
                }
                String message =
                    failure.getCause() != null
                        ? failure.getCause().getMessage()
                        : failure.getMessage();
                imagesMissing = true;
                all().forEach(r -> r.waitingFor("ErrImagePull", message));
                warning("Failed", "Failed to pull image: " + message);
                publish();
              }
            });
  }

  /** Starts the next init container, or every app container once the init containers are done. */
  private void startNext() {
    if (initDone < initContainers.size()) {
      start(initContainers.get(initDone));
      return;
    }
    containers.stream().filter(r -> !r.isRunning()).forEach(this::start);
  }

  private void start(ContainerRunner runner) {
    if (terminating) {
      return;
    }
    Container c = runner.spec;
    ContainerLaunch launch;
    try {
      if (volumes == null) {
        volumes =
            PodVolumes.create(
                ctx.client(),
                pod,
                ctx.workingDir()
                    .resolve("volumes")
                    .resolve(
                        pod.getMetadata().getNamespace()
                            + "_"
                            + pod.getMetadata().getName()
                            + "_"
                            + pod.getMetadata().getUid()),
                (value, namespace) ->
                    AllInterfaces.toPodAddress(ctx.dns().apply(value, namespace), podIp));
      }
      launch = ContainerLaunch.resolve(ctx, asKnownHere(), c, volumes);
    } catch (ContainerConfigException e) {
      runner.waitingFor("CreateContainerConfigError", e.getMessage());
      warning("Failed", "Error: " + e.getMessage());
      publish();
      retryLater(runner, ctx.backoffInitial());
      return;
    }
    Instant now = ctx.clock().instant();
    try {
      ContainerProcess process =
          ContainerProcess.start(
              launch.argv(),
              launch.env(),
              launch.workingDir(),
              logs.of(runner, runner.restartCount()));
      runner.running(process, now);
      event("Started", "Started container " + c.getName());
      process.onExit().thenAcceptAsync(code -> exited(runner, process, code), ctx.blocking());
      if (crashing && !runner.init) {
        crashSoon(runner, process);
      }
      new ContainerProbes(ctx, this, () -> pod, podIp, this::publish).start(runner, launch.env());
    } catch (IOException e) {
      // The executable could not be run at all: the runtime's StartError, exit code 128.
      warning(
          "Failed", "Error: failed to start container \"" + c.getName() + "\": " + e.getMessage());
      runner.waitingFor("RunContainerError", e.getMessage());
      retryLater(runner, runner.backoff.onExit(now));
    }
    publish();
  }

  private synchronized void exited(ContainerRunner runner, ContainerProcess process, int code) {
    if (runner.process() != process) {
      return;
    }
    Instant now = ctx.clock().instant();
    runner.exited(code, now);
    if (terminating) {
      publish();
      return;
    }
    if (runner.init && code == 0) {
      initDone++;
      publish();
      startNext();
      return;
    }
    String policy =
        pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    boolean restart =
        "Always".equals(policy)
            || ("OnFailure".equals(policy) && code != 0)
            || (runner.init && code != 0 && !"Never".equals(policy));
    if (restart) {
      Duration delay = runner.backoff.onExit(now);
      String name = runner.spec.getName();
      String podRef =
          pod.getMetadata().getName()
              + "_"
              + pod.getMetadata().getNamespace()
              + "("
              + pod.getMetadata().getUid()
              + ")";
      if (delay.isZero()) {
        runner.waitingToRestart("ContainerCreating", null);
        start(runner);
        return;
      }
      runner.waitingToRestart(
          "CrashLoopBackOff",
          "back-off "
              + goDuration(delay)
              + " restarting failed container="
              + name
              + " pod="
              + podRef);
      warning("BackOff", "Back-off restarting failed container " + name + " in pod " + podRef);
      retryLater(runner, delay);
    }
    publish();
  }

  /**
   * A fault: while on, every app container exits shortly after each start (killed, exit code 137),
   * and the kubelet restarts it with its back-off, as it does an application that crashes on start;
   * the pod is not ready meanwhile. Turned off, the next restart runs normally.
   */
  synchronized void crashLoop(boolean on) {
    crashing = on;
    if (on) {
      containers.stream()
          .filter(ContainerRunner::isRunning)
          .forEach(runner -> crashSoon(runner, runner.process()));
    }
  }

  /** Kills {@code process} a moment after it started, if it is still the container's instance. */
  private void crashSoon(ContainerRunner runner, ContainerProcess process) {
    ctx.timers()
        .schedule(
            () ->
                ctx.blocking()
                    .execute(
                        () -> {
                          synchronized (PodWorker.this) {
                            if (!crashing || terminating || runner.process() != process) {
                              return;
                            }
                          }
                          process.stop(Duration.ZERO);
                        }),
            CRASH_AFTER.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void retryLater(ContainerRunner runner, Duration delay) {
    ctx.timers()
        .schedule(
            () -> {
              synchronized (PodWorker.this) {
                if (!terminating && !runner.isRunning()) {
                  start(runner);
                }
              }
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /**
   * Stops every container: SIGTERM, the grace period, SIGKILL; then lets the API server forget the
   * pod.
   */
  synchronized CompletableFuture<Void> terminate(Duration grace) {
    if (terminating) {
      return CompletableFuture.completedFuture(null);
    }
    terminating = true;
    all().forEach(ContainerRunner::stopProbes);
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ContainerRunner runner : all()) {
      ContainerProcess process = runner.process();
      if (process != null) {
        event("Killing", "Stopping container " + runner.spec.getName());
        stops.add(CompletableFuture.runAsync(() -> process.stop(grace), ctx.blocking()));
      }
    }
    return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
        .thenRun(this::finishTermination);
  }

  private synchronized void finishTermination() {
    if (finished) {
      return;
    }
    finished = true;
    if (podIp != null && !podIp.equals(ctx.nodeIp())) {
      ctx.podIps().release(podIp);
    }
    try {
      var named =
          ctx.client()
              .pods()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName());
      if (pod.getMetadata().getFinalizers().contains(ApiServer.GRACEFUL_DELETION_FINALIZER)) {
        // The embedded API server holds a deleted pod by a finalizer until its kubelet is done.
        named.edit(
            p -> {
              p.getMetadata().getFinalizers().remove(ApiServer.GRACEFUL_DELETION_FINALIZER);
              return p;
            });
      } else if (pod.getMetadata().getDeletionTimestamp() != null) {
        // A real API server keeps a gracefully deleted pod until its kubelet deletes it again
        // with no grace left, as the kubelet's status manager does once the containers stopped.
        named.withGracePeriod(0).delete();
      }
    } catch (KubernetesClientException e) {
      // Already gone, or the API server is closing with the cluster.
    }
  }

  /** PIDs of this pod's live processes. */
  synchronized List<Long> pids() {
    return all().stream().filter(ContainerRunner::isRunning).map(r -> r.process().pid()).toList();
  }

  /** Whether this is the worker of pod {@code namespace/name} (a pod's name never changes). */
  boolean is(String namespace, String name) {
    return this.namespace.equals(namespace) && this.name.equals(name);
  }

  /**
   * The log file of a container's current (or previous) instance; the first app container when
   * {@code container} is null. Reads the last change's snapshot, never the worker's lock (see
   * {@link PodLogFiles}).
   */
  Optional<Path> logOf(String namespace, String name, String container, boolean previous) {
    if (!is(namespace, name)) {
      return Optional.empty();
    }
    return logs.read(container, previous);
  }

  /**
   * The pod as this kubelet knows it: the API server's copy may not show the addresses yet (the
   * status written a moment ago is still on its way back through the watch), but the downward API
   * must never hand a container an empty {@code status.podIP}.
   */
  private Pod asKnownHere() {
    return new PodBuilder(pod)
        .editOrNewStatus()
        .withPodIP(podIp)
        .withPodIPs(new PodIP(podIp))
        .withHostIP(ctx.nodeIp())
        .withHostIPs(new HostIP(ctx.nodeIp()))
        .endStatus()
        .build();
  }

  private List<ContainerRunner> all() {
    List<ContainerRunner> all = new ArrayList<>(initContainers);
    all.addAll(containers);
    return all;
  }

  private void publish() {
    logs.update(all());
    if (finished) {
      return;
    }
    boolean initialized = initDone >= initContainers.size() && !imagesMissing;
    statusWriter.write(
        new PodStatusWriter.Snapshot(
            pod, podIp, startTime, initialized, initContainers, containers));
  }

  static Duration gracePeriod(Pod pod) {
    Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (seconds == null) {
      seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    return Duration.ofSeconds(seconds == null ? 30 : seconds);
  }

  /** Go's time.Duration formatting for whole seconds and minutes: 10s, 1m20s, 5m0s. */
  static String goDuration(Duration d) {
    long s = d.toSeconds();
    return s < 60 ? s + "s" : (s / 60) + "m" + (s % 60) + "s";
  }
}
