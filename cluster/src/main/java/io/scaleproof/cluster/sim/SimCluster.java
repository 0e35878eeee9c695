package io.scaleproof.cluster.sim;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.ClusterFaults;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.control.Controller;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.PrometheusRuleFiles;
import io.scaleproof.cluster.control.RealTimeline;
import io.scaleproof.cluster.control.Timeline;
import io.scaleproof.cluster.sim.apiserver.ApiServer;
import io.scaleproof.cluster.sim.argocd.ArgoCdController;
import io.scaleproof.cluster.sim.autoscaling.KedaController;
import io.scaleproof.cluster.sim.autoscaling.KedaMetrics;
import io.scaleproof.cluster.sim.controller.DeploymentController;
import io.scaleproof.cluster.sim.controller.GarbageCollector;
import io.scaleproof.cluster.sim.controller.NamespaceController;
import io.scaleproof.cluster.sim.controller.ReplicaSetController;
import io.scaleproof.cluster.sim.controller.Scheduler;
import io.scaleproof.cluster.sim.kubelet.Kubelet;
import io.scaleproof.cluster.sim.kubelet.KubeletContext;
import io.scaleproof.cluster.sim.kubelet.NodeFaults;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import io.scaleproof.cluster.sim.network.AddressBlock;
import io.scaleproof.cluster.sim.network.EndpointsController;
import io.scaleproof.cluster.sim.network.HostedService;
import io.scaleproof.cluster.sim.network.KubeStateMetrics;
import io.scaleproof.cluster.sim.network.PodNetwork;
import io.scaleproof.cluster.sim.network.ServiceController;
import io.scaleproof.cluster.sim.network.ServiceDns;
import io.scaleproof.cluster.sim.network.ServiceProxy;
import io.scaleproof.cluster.sim.operator.CollectorController;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded cluster: an API server, the controllers, a kubelet that runs pods as local processes
 * and a kube-proxy, all in this JVM and on loopback addresses of its own. Starts in well under a
 * second; {@link #close()} (also run by a JVM shutdown hook) stops every process and socket it
 * started.
 *
 * <p>Larger than 300 lines because it is where every part of the embedded cluster is made, wired to
 * the others in start order, owned and closed in reverse; each part is a line or two here, and the
 * Cluster interface's answers read from them.
 */
public final class SimCluster implements Cluster {
  public static final String NODE_NAME = "scaleproof-sim";
  private static final Duration SERVICE_READY = Duration.ofSeconds(30);

  private final SimClusterConfig config;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<AutoCloseable> parts = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::closeParts, "scaleproof-sim-shutdown");
  private AddressBlock addresses;
  private ApiServer apiServer;
  private KubernetesClient client;
  private Kubelet kubelet;
  private ServiceProxy proxy;
  private KubeStateMetrics kubeStateMetrics;
  private HostedService kedaEndpoint;
  private Path kubeconfig;

  private SimCluster(SimClusterConfig config) {
    this.config = config;
  }

  /**
   * Starts a cluster; on any failure whatever had started is stopped before the error is thrown.
   */
  public static SimCluster start(SimClusterConfig config) {
    RuntimeTable runtimes = config.loadRuntimeTable();
    SimCluster cluster = new SimCluster(config);
    // Cleanup is registered before anything starts, so an interrupted start leaves nothing behind.
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.startParts(runtimes);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startParts(RuntimeTable runtimes) {
    createDirectories(config.runDirectory());
    addresses =
        own(
            AddressBlock.claim(
                Path.of(System.getProperty("java.io.tmpdir"), "scaleproof-address-blocks")));
    Kubelet[] kubeletRef = new Kubelet[1];
    apiServer =
        own(
            ApiServer.start(
                (ns, pod, container, previous) ->
                    kubeletRef[0] == null
                        ? java.util.Optional.empty()
                        : kubeletRef[0].read(ns, pod, container, previous)));
    kubeconfig = config.runDirectory().resolve("kubeconfig");
    apiServer.writeKubeconfig(kubeconfig);
    client = own(apiServer.newClient());
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();

    Clock clock = Clock.systemUTC();
    EventRecorder events = new EventRecorder(client, clock, NODE_NAME);
    ScheduledExecutorService timers = own(Executors.newScheduledThreadPool(2, daemon("sim-timer")));
    ExecutorService blocking = own(Executors.newCachedThreadPool(daemon("sim-kubelet")));
    ExecutorService connections = own(Executors.newCachedThreadPool(daemon("sim-proxy")));

    proxy = own(new ServiceProxy(client, connections));
    kubelet =
        own(
            new Kubelet(
                new KubeletContext(
                    client,
                    runtimes,
                    events,
                    timers,
                    blocking,
                    clock,
                    config.runDirectory().resolve("pods"),
                    config.runDirectory(),
                    NODE_NAME,
                    addresses.nodeIp(),
                    addresses.pods(),
                    PodNetwork.onLoopback(addresses.podPrefix()),
                    dnsRewriter(),
                    KubeletContext.inheritedEnv(),
                    config.crashBackoffInitial(),
                    config.crashBackoffMax(),
                    config.closeGrace())));
    kubeletRef[0] = kubelet;
    for (Controller controller :
        List.of(
            new ServiceController(client, events, addresses.services()),
            new EndpointsController(client),
            new Scheduler(client, events, NODE_NAME),
            new DeploymentController(client, events, clock),
            new ReplicaSetController(client, events, clock),
            new GarbageCollector(client),
            new NamespaceController(client),
            new CollectorController(client),
            new PrometheusRuleFiles(client))) {
      own(controller).start();
    }
    proxy.start();
    kubelet.start();
    kubeStateMetrics = own(KubeStateMetrics.start(client, addresses.pods()));
    KedaMetrics kedaMetrics = new KedaMetrics();
    // The operator's metrics endpoint, where KEDA's install puts it.
    kedaEndpoint =
        own(
            HostedService.metrics(
                client,
                addresses.pods(),
                kedaMetrics.registry(),
                "keda",
                "keda-operator",
                "metrics",
                8080));
    // One timeline for every emulated controller that runs on one (KEDA, the HPA, Argo CD).
    Timeline timeline = own(new RealTimeline(clock, "sim-timeline"));
    own(new KedaController(
            client, events, timeline, config.hpaSyncPeriod(), dnsRewriter(), kedaMetrics))
        .start();
    own(new ArgoCdController(
            client,
            events,
            timeline,
            config.gitPollInterval(),
            config.runDirectory().resolve("argocd")))
        .start();
  }

  private java.util.function.BinaryOperator<String> dnsRewriter() {
    return ServiceDns.rewriter(client, addresses.servicePrefix());
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public List<HasMetadata> apply(Path manifests) {
    return apply(Manifests.load(manifests));
  }

  @Override
  public List<HasMetadata> apply(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> ClientSideApply.apply(client, o)).toList();
  }

  @Override
  public URI serviceUrl(String namespace, String name, int port) {
    String[] ip = new String[1];
    await("Service " + namespace + "/" + name + " with a ready endpoint on port " + port)
        .atMost(SERVICE_READY)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Service service = client.services().inNamespace(namespace).withName(name).get();
              ip[0] = service == null ? null : service.getSpec().getClusterIP();
              return ip[0] != null && !ip[0].isEmpty() && proxy.hasReadyEndpoint(ip[0], port);
            });
    return URI.create("http://" + ip[0] + ":" + port);
  }

  @Override
  public java.util.Optional<ClusterFaults> faults() {
    return java.util.Optional.of(new NodeFaults(proxy, kubelet));
  }

  @Override
  public String logs(String namespace, String pod) {
    return kubelet.read(namespace, pod, null, false).orElse("");
  }

  /** The log file of a container's current (or previous) instance, for tools that tail it. */
  public java.util.Optional<Path> logFile(
      String namespace, String pod, String container, boolean previous) {
    return kubelet.logFile(namespace, pod, container, previous);
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  public URI apiServerUrl() {
    return apiServer.url();
  }

  public Path runDirectory() {
    return config.runDirectory();
  }

  /** The loopback block this run owns (pods and Services). */
  public AddressBlock addresses() {
    return addresses;
  }

  /**
   * Where the components the cluster runs in its own process listen on the pod network
   * (kube-state-metrics, the KEDA operator's metrics), as {@code ip:port}.
   */
  public List<String> hostedAddresses() {
    return List.of(kubeStateMetrics.address(), kedaEndpoint.address());
  }

  /** PIDs of every container process now running. */
  public List<Long> containerPids() {
    return kubelet == null ? List.of() : kubelet.pids();
  }

  @Override
  public void close() {
    closeParts();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run.
    }
  }

  /**
   * Stops the parts in reverse order of start: processes first, the API server and addresses last.
   */
  private void closeParts() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // Keep closing the rest; one part's failure must not leak the others.
      }
    }
  }

  private <T> T own(T part) {
    if (part instanceof ExecutorService executor) {
      parts.add(executor::shutdownNow);
    } else {
      parts.add((AutoCloseable) part);
    }
    return part;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
