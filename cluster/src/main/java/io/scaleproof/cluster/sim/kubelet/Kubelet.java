package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaleproof.cluster.sim.apiserver.ApiServer;
import io.scaleproof.cluster.sim.apiserver.PodLogSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node of the embedded cluster: registers a Node object and runs every pod bound to it as local
 * processes, one {@link PodWorker} per pod. Serves pod logs to the API server.
 */
public final class Kubelet implements PodLogSource, AutoCloseable {
  /** The kubelet's port, as the Node declares it. */
  public static final int KUBELET_PORT = 10250;

  private final KubeletContext ctx;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  private SharedIndexInformer<Pod> informer;

  public Kubelet(KubeletContext ctx) {
    this.ctx = ctx;
  }

  public void start() {
    ctx.client().nodes().resource(node()).create();
    informer =
        ctx.client()
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    sync(pod);
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod newPod) {
                    sync(newPod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                    // Gone from the API server (its finalizer removed, or force-deleted): make sure
                    // no process of it is left.
                    PodWorker worker = workers.remove(pod.getMetadata().getUid());
                    if (worker != null) {
                      worker.terminate(Duration.ZERO);
                    }
                  }
                },
                0);
  }

  private void sync(Pod pod) {
    if (!ctx.nodeName().equals(pod.getSpec().getNodeName())) {
      return;
    }
    workers.computeIfAbsent(pod.getMetadata().getUid(), uid -> new PodWorker(ctx, pod)).update(pod);
  }

  @Override
  public Optional<String> read(String namespace, String pod, String container, boolean previous) {
    return workers.values().stream()
        .map(w -> w.logOf(namespace, pod, container, previous))
        .flatMap(Optional::stream)
        .findFirst()
        .flatMap(Kubelet::readFile);
  }

  /** The log file of a container's current (or previous) instance. */
  public Optional<Path> logFile(String namespace, String pod, String container, boolean previous) {
    return workers.values().stream()
        .map(w -> w.logOf(namespace, pod, container, previous))
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<String> readFile(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Turns a crash loop on or off for pod {@code namespace/name} (see {@link PodWorker#crashLoop});
   * whether this kubelet runs the pod.
   */
  public boolean crashLoop(String namespace, String name, boolean on) {
    List<PodWorker> matching =
        workers.values().stream().filter(w -> w.is(namespace, name)).toList();
    matching.forEach(w -> w.crashLoop(on));
    return !matching.isEmpty();
  }

  /** PIDs of every container process this kubelet runs. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    workers.values().forEach(w -> pids.addAll(w.pids()));
    return pids;
  }

  /** Stops every pod, each within its grace period capped by the context's close grace. */
  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    List<CompletableFuture<Void>> stops =
        workers.values().stream().map(w -> w.terminate(ctx.closeGrace())).toList();
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .get(ctx.closeGrace().toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      // Whatever did not stop in time was SIGKILLed by its ContainerProcess.
    }
    workers.clear();
  }

  private Node node() {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(ctx.nodeName())
        .addToLabels("kubernetes.io/hostname", ctx.nodeName())
        .addToLabels("kubernetes.io/os", "linux")
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(ctx.nodeIp())
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(ctx.nodeName())
        .endAddress()
        .withCapacity(resources())
        // What a scheduler places pods by: the whole machine, as a kubelet with no reservations.
        .withAllocatable(resources())
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .withMessage("kubelet is posting ready status")
        .endCondition()
        // Where the API server reaches this node's log endpoint (kubectl logs).
        .withNewDaemonEndpoints()
        .withNewKubeletEndpoint()
        .withPort(KUBELET_PORT)
        .endKubeletEndpoint()
        .endDaemonEndpoints()
        .withNewNodeInfo()
        .withKubeletVersion("v" + ApiServer.KUBERNETES_VERSION + "-scaleproof-sim")
        .withOperatingSystem("linux")
        .withArchitecture(System.getProperty("os.arch"))
        .withContainerRuntimeVersion("sim://local-process")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  /** The machine's processors and memory, and the pods the node's address block has room for. */
  private static Map<String, Quantity> resources() {
    long memory =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    return Map.of(
        "cpu", new Quantity(String.valueOf(Runtime.getRuntime().availableProcessors())),
        "memory", new Quantity(String.valueOf(memory)),
        "pods", new Quantity("253"));
  }
}
