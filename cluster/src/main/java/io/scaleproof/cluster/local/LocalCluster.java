package io.scaleproof.cluster.local;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.KubeClients;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.provision.Tools;
import io.scaleproof.cluster.sim.kubelet.Kubelet;
import io.scaleproof.cluster.sim.kubelet.KubeletContext;
import io.scaleproof.cluster.sim.kubelet.NodeFaults;
import io.scaleproof.cluster.sim.network.AddressBlock;
import io.scaleproof.cluster.sim.network.PodNetwork;
import io.scaleproof.cluster.sim.network.ServiceDns;
import io.scaleproof.cluster.sim.network.ServiceProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code local} backend's cluster: the real control plane ({@link LocalControlPlane}) and one
 * node of local processes. The node is the embedded cluster's process kubelet, here a node agent of
 * the real API server (it registers its Node, keeps its {@link NodeLease}, runs the pods the real
 * scheduler binds to it and reports their status and Events), and its loopback balancer takes
 * kube-proxy's part for the ClusterIPs the API server allocates. Real KEDA ({@link LocalKeda}), or
 * the real Prometheus Adapter in its place ({@link LocalPrometheusAdapter}), serves the external
 * metrics the real HPA controller reads. Everything listens on the run's own loopback addresses;
 * {@link #close()} (also run by a JVM shutdown hook) stops it all.
 *
 * <p>Larger than 300 lines because it is the backend's composition root: it starts every part in
 * order, owns each for the close, and answers the {@code Cluster} interface over them.
 */
public final class LocalCluster implements Cluster {
  public static final String NODE_NAME = "scaleproof-local";
  private static final Duration SERVICE_READY = Duration.ofSeconds(30);

  private final LocalClusterConfig config;
  private final Tools tools;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final OwnedParts parts = new OwnedParts();
  private final Thread shutdownHook = new Thread(this::closeParts, "scaleproof-local-shutdown");
  private AddressBlock addresses;
  private LocalControlPlane controlPlane;
  private KubernetesClient client;
  private Kubelet kubelet;
  private ServiceProxy proxy;
  private final List<LocalComponent> components = new ArrayList<>();

  private LocalCluster(LocalClusterConfig config, Tools tools) {
    this.config = config;
    this.tools = tools;
  }

  /**
   * Starts a cluster from the programs of {@code cluster/tools/local.yaml}, built on first use.
   *
   * @throws ComponentFailedException naming the program that did not start; nothing is left running
   */
  public static LocalCluster start(LocalClusterConfig config) {
    return start(config, Tools.load(ProjectFiles.find("cluster/tools/local.yaml")));
  }

  static LocalCluster start(LocalClusterConfig config, Tools tools) {
    LocalCluster cluster = new LocalCluster(config, tools);
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.startParts();
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException("cannot start the local cluster", e);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startParts() throws IOException {
    Files.createDirectories(config.runDirectory());
    addresses =
        own(
            AddressBlock.claim(
                Path.of(System.getProperty("java.io.tmpdir"), "scaleproof-address-blocks")));
    controlPlane =
        own(
            LocalControlPlane.start(
                new LocalControlPlane.Settings(
                    config.runDirectory(),
                    addresses.nodeIp(),
                    addresses.servicePrefix() + "0/24",
                    addresses.servicePrefix() + "1",
                    config.hpaSyncPeriod(),
                    tools)));
    controlPlane.leaveShutdownToOwner();
    client =
        own(KubeClients.api(Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig()))));

    Clock clock = Clock.systemUTC();
    EventRecorder events = new EventRecorder(client, clock, NODE_NAME);
    ScheduledExecutorService timers =
        own(Executors.newScheduledThreadPool(2, daemon("local-node-timer")));
    ExecutorService blocking = own(Executors.newCachedThreadPool(daemon("local-kubelet")));
    ExecutorService connections = own(Executors.newCachedThreadPool(daemon("local-proxy")));

    PodNetwork podNetwork = PodNetwork.routed(addresses.podPrefix());
    proxy = own(new ServiceProxy(client, connections, podNetwork));
    kubelet =
        own(
            new Kubelet(
                new KubeletContext(
                    client,
                    config.runtimes(),
                    events,
                    timers,
                    blocking,
                    clock,
                    config.runDirectory().resolve("pods"),
                    config.runDirectory(),
                    NODE_NAME,
                    addresses.nodeIp(),
                    addresses.pods(),
                    podNetwork,
                    ServiceDns.rewriter(client, addresses.servicePrefix()),
                    KubeletContext.inheritedEnv(),
                    config.crashBackoffInitial(),
                    config.crashBackoffMax(),
                    config.closeGrace())));
    proxy.start();
    kubelet.start();
    own(new NodeLease(client, NODE_NAME, clock, timers));
    own(NodeLogServer.start(kubelet, controlPlane.pki(), addresses.nodeIp(), connections));
    components.add(startExternalMetrics(podNetwork, connections));
    components.add(
        own(
            LocalOtelOperator.start(
                controlPlane, client, config.runDirectory(), addresses.nodeIp(), tools, Map.of())));
    components.add(
        own(
            LocalArgoCd.start(
                controlPlane,
                client,
                config.runDirectory(),
                addresses.nodeIp(),
                tools,
                config.gitPollInterval())));
    own(PipelineStandIns.start(client, addresses, podNetwork));
  }

  /**
   * What serves the external metrics API: real KEDA, or the Prometheus Adapter in its place. Their
   * requests for cluster names (the Prometheus they query) go through the node's resolver.
   */
  private LocalComponent startExternalMetrics(PodNetwork podNetwork, ExecutorService connections)
      throws IOException {
    Optional<PrometheusAdapterSettings> adapter = config.prometheusAdapter();
    ClusterNameProxy names =
        own(
            ClusterNameProxy.start(
                addresses.nodeIp(),
                ServiceDns.rewriter(client, addresses.servicePrefix()),
                adapter.isPresent() ? LocalPrometheusAdapter.NAMESPACE : LocalKeda.NAMESPACE,
                connections));
    Map<String, String> proxyEnv = Map.of("HTTP_PROXY", names.url(), "HTTPS_PROXY", names.url());
    String address = addresses.nodeIp();
    return own(
        adapter.isPresent()
            ? LocalPrometheusAdapter.start(
                controlPlane,
                client,
                config.runDirectory(),
                address,
                tools,
                adapter.get(),
                proxyEnv)
            : LocalKeda.start(
                controlPlane,
                client,
                config.runDirectory(),
                address,
                podNetwork.reported(address),
                tools,
                proxyEnv));
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
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Service service = client.services().inNamespace(namespace).withName(name).get();
              ip[0] = service == null ? null : service.getSpec().getClusterIP();
              return ip[0] != null && !ip[0].isEmpty() && proxy.hasReadyEndpoint(ip[0], port);
            });
    return URI.create("http://" + ip[0] + ":" + port);
  }

  /** The node's faults: the same balancer and kubelet as the embedded cluster's. */
  @Override
  public Optional<io.scaleproof.cluster.ClusterFaults> faults() {
    return Optional.of(new NodeFaults(proxy, kubelet));
  }

  @Override
  public String logs(String namespace, String pod) {
    return kubelet.read(namespace, pod, null, false).orElse("");
  }

  @Override
  public Path kubeconfig() {
    return controlPlane.kubeconfig();
  }

  @Override
  public Path runDirectory() {
    return config.runDirectory();
  }

  /** The programs that stopped on their own: empty while the cluster is whole. */
  public List<String> exitedPrograms() {
    List<String> exited = new ArrayList<>(controlPlane.exited());
    components.forEach(c -> exited.addAll(c.exited()));
    return exited;
  }

  /**
   * PIDs of the control plane's, KEDA's, the operator's and Argo CD's programs and of every
   * container process running.
   */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>(controlPlane == null ? List.of() : controlPlane.pids());
    components.forEach(c -> pids.addAll(c.pids()));
    if (kubelet != null) {
      pids.addAll(kubelet.pids());
    }
    return pids;
  }

  /** PIDs of every container process now running. */
  public List<Long> containerPids() {
    return kubelet == null ? List.of() : kubelet.pids();
  }

  /** The loopback block this run owns: the node and control plane, pods, Services. */
  public AddressBlock addresses() {
    return addresses;
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
   * Stops the parts in reverse order of start: pods first, the control plane and addresses last.
   */
  private void closeParts() {
    if (closed.compareAndSet(false, true)) {
      parts.close();
    }
  }

  private <T> T own(T part) {
    return parts.own(part);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
