package io.scaleproof.cluster.local;

import io.scaleproof.cluster.provision.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Kubernetes control plane as local processes on one loopback address of the run: etcd,
 * kube-apiserver (TLS with the run's certificates, RBAC, the aggregation layer routing to
 * endpoints), kube-controller-manager (every default controller, the HPA's sync period the run's)
 * and kube-scheduler. Each starts when the one before is ready, as kubeadm orders static pods; the
 * first that fails to start or to become ready stops the start with its name, its log's last lines
 * and the fix, after every program already started is stopped. {@link #close()} stops them in
 * reverse, each with its grace period (the API server drains for a few seconds).
 *
 * <p>Every program listens on {@code address} only ({@link ControlPlaneCommands} has their command
 * lines). Services get ClusterIPs from {@code serviceCidr}, also loopback, so that the node's
 * balancer can listen on them.
 */
public final class LocalControlPlane implements AutoCloseable {
  /** What a control plane is started with. */
  public record Settings(
      Path directory,
      String address,
      String serviceCidr,
      String firstServiceIp,
      Duration hpaSyncPeriod,
      Tools tools) {}

  // Hang guards, not performance bounds: warm, etcd is ready in under a second and the API server
  // in about ten (LocalControlPlaneBenchmarkIT prints the figures). A program that is not ready
  // within these is stuck, and its log says why.
  private static final Duration ETCD_READY = Duration.ofSeconds(60);
  private static final Duration API_SERVER_READY = Duration.ofMinutes(2);
  private static final Duration COMPONENT_READY = Duration.ofSeconds(60);

  private final Settings settings;
  private final LocalPrograms programs;
  private final Map<String, Duration> startTimes = new java.util.LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::stopAll, "scaleproof-local-shutdown");
  private LocalPki pki;
  private Path kubeconfig;
  private HealthProbe probe;
  private ControlPlaneCommands commands;
  private Kubeconfigs kubeconfigs;

  private LocalControlPlane(Settings settings) {
    this.settings = settings;
    this.programs = new LocalPrograms(settings.directory().resolve("logs"));
  }

  /**
   * Starts the control plane and waits until every program is ready.
   *
   * @throws ComponentFailedException naming the program that did not start; nothing is left running
   */
  public static LocalControlPlane start(Settings settings) {
    LocalControlPlane plane = new LocalControlPlane(settings);
    Runtime.getRuntime().addShutdownHook(plane.shutdownHook);
    try {
      plane.startAll();
      return plane;
    } catch (RuntimeException | Error e) {
      plane.close();
      throw e;
    }
  }

  private void startAll() {
    Path directory = settings.directory();
    createDirectories(directory.resolve("logs"));
    pki = LocalPki.create(directory.resolve("pki"));
    probe = new HealthProbe(pki.caCertificate());
    commands = new ControlPlaneCommands(settings, pki);
    kubeconfigs = new Kubeconfigs(pki, apiServerUrl(), directory);
    kubeconfig =
        kubeconfigs.write(
            "admin", pki.client("admin", "kubernetes-admin", List.of("system:masters")));

    timed("etcd", this::startEtcd);
    timed("kube-apiserver", this::startApiServer);
    Path controllerManager =
        kubeconfigs.write(
            "controller-manager",
            pki.client("controller-manager", "system:kube-controller-manager", List.of()));
    timed("kube-controller-manager", () -> startControllerManager(controllerManager));
    Path scheduler =
        kubeconfigs.write("scheduler", pki.client("scheduler", "system:kube-scheduler", List.of()));
    timed("kube-scheduler", () -> startScheduler(scheduler));
  }

  private void timed(String program, Runnable start) {
    long began = System.nanoTime();
    start.run();
    startTimes.put(program, Duration.ofNanos(System.nanoTime() - began));
  }

  /** How long each program took from its start to ready, in start order. */
  public Map<String, Duration> startTimes() {
    return java.util.Collections.unmodifiableMap(startTimes);
  }

  private void startEtcd() {
    LocalProcess etcd = launch("etcd", settings.tools().binary("etcd", "etcd"), commands.etcd());
    awaitReady(
        etcd, ETCD_READY, () -> probe.ok(commands.etcdUrl() + "/health", "\"health\":\"true\""));
  }

  private void startApiServer() {
    LocalProcess apiServer =
        launch(
            "kube-apiserver",
            settings.tools().binary("kube-control-plane", "kube-apiserver"),
            commands.apiServer());
    awaitReady(apiServer, API_SERVER_READY, () -> probe.ok(apiServerUrl() + "/readyz", "ok"));
  }

  private void startControllerManager(Path kubeconfigFile) {
    LocalProcess controllerManager =
        launch(
            "kube-controller-manager",
            settings.tools().binary("kube-control-plane", "kube-controller-manager"),
            commands.controllerManager(kubeconfigFile));
    awaitReady(
        controllerManager,
        COMPONENT_READY,
        () -> probe.ok(commands.controllerManagerUrl() + "/healthz", "ok"));
  }

  private void startScheduler(Path kubeconfigFile) {
    LocalProcess scheduler =
        launch(
            "kube-scheduler",
            settings.tools().binary("kube-control-plane", "kube-scheduler"),
            commands.scheduler(kubeconfigFile));
    awaitReady(
        scheduler, COMPONENT_READY, () -> probe.ok(commands.schedulerUrl() + "/healthz", "ok"));
  }

  private LocalProcess launch(String name, Path binary, List<String> args) {
    return programs.launch(name, binary, args, Map.of());
  }

  private static void awaitReady(
      LocalProcess process, Duration bound, java.util.concurrent.Callable<Boolean> ready) {
    LocalPrograms.awaitReady(process, bound, ready);
  }

  /** The programs that stopped on their own since the start: the control plane is broken. */
  public List<String> exited() {
    return programs.exited();
  }

  public String apiServerUrl() {
    return "https://" + settings.address() + ":" + ControlPlaneCommands.API_PORT;
  }

  /** The run's kubeconfig: the cluster admin (system:masters). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The PIDs of every program of the control plane. */
  public List<Long> pids() {
    return programs.pids();
  }

  LocalPki pki() {
    return pki;
  }

  /** Writes {@code <name>.kubeconfig} in the run directory for the client certificate given. */
  Path kubeconfigFor(String name, LocalPki.Pair identity) {
    return kubeconfigs.write(name, identity);
  }

  /**
   * Writes {@code <name>.kubeconfig} with a client certificate of the cluster CA in the name and
   * groups of the service account {@code namespace/account}, so that its RBAC applies unchanged.
   */
  Path kubeconfigWithAccountCertificate(String name, String namespace, String account) {
    return kubeconfigFor(
        name,
        pki.client(
            name + "-client",
            "system:serviceaccount:" + namespace + ":" + account,
            List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace)));
  }

  /**
   * Writes {@code <name>.kubeconfig} for the service account {@code namespace/account}, created if
   * missing, with a token from the TokenRequest API valid for a day: how a program in a pod would
   * authenticate (a client certificate's common name may not hold the long names some releases give
   * their accounts).
   */
  Path kubeconfigForServiceAccount(
      io.fabric8.kubernetes.client.KubernetesClient client,
      String name,
      String namespace,
      String account) {
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName(account)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .serverSideApply();
    String token =
        client
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(account)
            .tokenRequest(
                new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(24L * 3600)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    return kubeconfigs.writeToken(name, token);
  }

  /**
   * Leaves stopping at JVM exit to the owner, whose own hook stops what uses the API server first:
   * two hooks run at once, and the API server must outlive the parts that call it.
   */
  void leaveShutdownToOwner() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs (or ran) stopAll.
    }
  }

  /** Stops every program, the last started first. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs (or ran) stopAll.
    }
  }

  private void stopAll() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    programs.close();
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }
}
