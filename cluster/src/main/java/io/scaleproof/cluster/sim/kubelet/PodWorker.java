package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.sim.apiserver.ApiServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
final class PodWorker {
  private final KubeletContext ctx;
  private final List<ContainerRunner> initContainers = new ArrayList<>();
  private final List<ContainerRunner> containers = new ArrayList<>();
  private final Map<String, PodCondition> conditions = new LinkedHashMap<>();
  private Pod pod;
  private String podIp;
  private Instant startTime;
  private boolean admitted;
  private boolean terminating;
  private boolean finished;
  private boolean imagesMissing;
  private int initDone;

  PodWorker(KubeletContext ctx, Pod pod) {
    this.ctx = ctx;
    this.pod = pod;
    for (Container c : pod.getSpec().getInitContainers()) {
      initContainers.add(new ContainerRunner(c, true, backoff()));
    }
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(new ContainerRunner(c, false, backoff()));
    }
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
        all().stream().filter(r -> ctx.runtimes().lookup(r.spec.getImage()).isEmpty()).toList();
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
        ctx.events()
            .warning(
                pod,
                KubeletContext.COMPONENT,
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
    startNext();
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
    RuntimeImage image = ctx.runtimes().lookup(c.getImage()).orElseThrow();
    Map<String, String> env;
    try {
      env = new ContainerEnv(ctx.client()).resolve(asKnownHere(), c, image, services());
    } catch (ContainerConfigException e) {
      runner.waitingFor("CreateContainerConfigError", e.getMessage());
      ctx.events().warning(pod, KubeletContext.COMPONENT, "Failed", "Error: " + e.getMessage());
      publish();
      retryLater(runner, ctx.backoffInitial());
      return;
    }
    String namespace = pod.getMetadata().getNamespace();
    env.replaceAll((k, v) -> ctx.dns().apply(v, namespace));
    List<String> args = c.getArgs().stream().map(a -> ctx.dns().apply(a, namespace)).toList();
    List<String> argv = ContainerCommand.argv(image, c.getCommand(), args, env);
    Map<String, String> processEnv = new HashMap<>(ctx.hostEnv());
    processEnv.putAll(env);
    Path workingDir =
        Path.of(
            Optional.ofNullable(c.getWorkingDir())
                .or(() -> Optional.ofNullable(image.workingDir()))
                .orElse(ctx.workingDir().toString()));
    Instant now = ctx.clock().instant();
    try {
      ContainerProcess process =
          ContainerProcess.start(
              argv, processEnv, workingDir, logFile(runner, runner.restartCount()));
      runner.running(process, now);
      ctx.events()
          .normal(pod, KubeletContext.COMPONENT, "Started", "Started container " + c.getName());
      process.onExit().thenAcceptAsync(code -> exited(runner, process, code), ctx.blocking());
      startProbes(runner, processEnv);
    } catch (IOException e) {
      // The executable could not be run at all: the runtime's StartError, exit code 128.
      ctx.events()
          .warning(
              pod,
              KubeletContext.COMPONENT,
              "Failed",
              "Error: failed to start container \"" + c.getName() + "\": " + e.getMessage());
      runner.waitingFor("RunContainerError", e.getMessage());
      retryLater(runner, runner.backoff.onExit(now));
    }
    publish();
  }

  private void startProbes(ContainerRunner runner, Map<String, String> env) {
    Container c = runner.spec;
    if (c.getStartupProbe() != null) {
      runner.addProbe(
          probe(
              runner,
              "Startup",
              c.getStartupProbe(),
              false,
              env,
              started -> {
                runner.setStarted(started);
                if (started) {
                  startReadinessAndLiveness(runner, env);
                }
              }));
    } else {
      startReadinessAndLiveness(runner, env);
    }
  }

  private void startReadinessAndLiveness(ContainerRunner runner, Map<String, String> env) {
    Container c = runner.spec;
    if (c.getReadinessProbe() != null && !runner.init) {
      runner.addProbe(
          probe(runner, "Readiness", c.getReadinessProbe(), false, env, runner::setReady));
    } else {
      runner.setReady(!runner.init);
    }
    if (c.getLivenessProbe() != null) {
      runner.addProbe(
          probe(
              runner,
              "Liveness",
              c.getLivenessProbe(),
              true,
              env,
              alive -> {
                if (!alive && runner.isRunning()) {
                  ctx.events()
                      .normal(
                          pod,
                          KubeletContext.COMPONENT,
                          "Killing",
                          "Container " + c.getName() + " failed liveness probe, will be restarted");
                  ContainerProcess process = runner.process();
                  ctx.blocking().execute(() -> process.stop(gracePeriod(pod)));
                }
              }));
    }
    publish();
  }

  private ProbeLoop probe(
      ContainerRunner runner,
      String kind,
      io.fabric8.kubernetes.api.model.Probe spec,
      boolean initial,
      Map<String, String> env,
      java.util.function.Consumer<Boolean> onChange) {
    ProbeLoop loop =
        new ProbeLoop(
            spec,
            initial,
            () -> Prober.probe(spec, podIp, runner.spec, env),
            new ProbeLoop.Listener() {
              @Override
              public void failed(String message) {
                ctx.events()
                    .warning(
                        pod,
                        KubeletContext.COMPONENT,
                        "Unhealthy",
                        kind + " probe failed: " + message);
              }

              @Override
              public void changed(boolean success) {
                synchronized (PodWorker.this) {
                  onChange.accept(success);
                  publish();
                }
              }
            });
    loop.start(ctx.timers());
    return loop;
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
      ctx.events()
          .warning(
              pod,
              KubeletContext.COMPONENT,
              "BackOff",
              "Back-off restarting failed container " + name + " in pod " + podRef);
      retryLater(runner, delay);
    }
    publish();
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
        ctx.events()
            .normal(
                pod,
                KubeletContext.COMPONENT,
                "Killing",
                "Stopping container " + runner.spec.getName());
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
      ctx.client()
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .edit(
              p -> {
                p.getMetadata().getFinalizers().remove(ApiServer.GRACEFUL_DELETION_FINALIZER);
                return p;
              });
    } catch (KubernetesClientException e) {
      // Already gone, or the API server is closing with the cluster.
    }
  }

  /** PIDs of this pod's live processes. */
  synchronized List<Long> pids() {
    return all().stream().filter(ContainerRunner::isRunning).map(r -> r.process().pid()).toList();
  }

  synchronized Optional<Path> logOf(
      String namespace, String name, String container, boolean previous) {
    if (!pod.getMetadata().getNamespace().equals(namespace)
        || !pod.getMetadata().getName().equals(name)) {
      return Optional.empty();
    }
    return log(container, previous);
  }

  private Optional<Path> log(String container, boolean previous) {
    Optional<ContainerRunner> runner =
        all().stream()
            .filter(r -> container == null ? !r.init : r.spec.getName().equals(container))
            .findFirst();
    // Instance n of a container logs to n.log; the current instance is its restart count.
    return runner
        .filter(r -> !previous || r.restartCount() > 0)
        .map(r -> logFile(r, previous ? r.restartCount() - 1 : r.restartCount()));
  }

  private Path logFile(ContainerRunner runner, int instance) {
    return ctx.logRoot()
        .resolve(
            pod.getMetadata().getNamespace()
                + "_"
                + pod.getMetadata().getName()
                + "_"
                + pod.getMetadata().getUid())
        .resolve(runner.spec.getName())
        .resolve(instance + ".log");
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

  private List<io.fabric8.kubernetes.api.model.Service> services() {
    return ctx.client().services().inNamespace(pod.getMetadata().getNamespace()).list().getItems();
  }

  private List<ContainerRunner> all() {
    List<ContainerRunner> all = new ArrayList<>(initContainers);
    all.addAll(containers);
    return all;
  }

  private void publish() {
    if (finished) {
      return;
    }
    String now = ContainerRunner.time(ctx.clock().instant());
    boolean initialized = initDone >= initContainers.size() && !imagesMissing;
    boolean containersReady = initialized && containers.stream().allMatch(ContainerRunner::isReady);
    setCondition("PodReadyToStartContainers", podIp != null, now);
    setCondition("Initialized", initialized, now);
    setCondition("ContainersReady", containersReady, now);
    setCondition("Ready", containersReady, now);
    setCondition("PodScheduled", true, now);
    PodStatus status =
        new PodStatusBuilder()
            .withPhase(phase(initialized))
            .withConditions(new ArrayList<>(conditions.values()))
            .withHostIP(ctx.nodeIp())
            .withHostIPs(new HostIP(ctx.nodeIp()))
            .withPodIP(podIp)
            .withPodIPs(podIp == null ? List.of() : List.of(new PodIP(podIp)))
            .withStartTime(startTime == null ? null : ContainerRunner.time(startTime))
            .withInitContainerStatuses(
                initContainers.stream().map(ContainerRunner::status).toList())
            .withContainerStatuses(containers.stream().map(ContainerRunner::status).toList())
            .withQosClass("BestEffort")
            .build();
    try {
      Pod latest =
          ctx.client()
              .pods()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName())
              .get();
      if (latest != null) {
        latest.setStatus(status);
        ctx.client().pods().resource(latest).updateStatus();
      }
    } catch (KubernetesClientException e) {
      // The pod is gone or the cluster is closing: nothing left to report to.
    }
  }

  private String phase(boolean initialized) {
    if (!initialized || containers.stream().noneMatch(r -> r.isRunning() || r.isTerminated())) {
      return "Pending";
    }
    boolean allTerminated = containers.stream().allMatch(ContainerRunner::isTerminated);
    String policy = pod.getSpec().getRestartPolicy();
    if (allTerminated && "Never".equals(policy)) {
      return containers.stream().allMatch(ContainerRunner::exitedOk) ? "Succeeded" : "Failed";
    }
    if (allTerminated
        && "OnFailure".equals(policy)
        && containers.stream().allMatch(ContainerRunner::exitedOk)) {
      return "Succeeded";
    }
    return "Running";
  }

  private void setCondition(String type, boolean value, String now) {
    String status = value ? "True" : "False";
    PodCondition current = conditions.get(type);
    if (current != null && current.getStatus().equals(status)) {
      return;
    }
    conditions.put(
        type,
        new PodConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withLastTransitionTime(now)
            .build());
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
