package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.sim.controller.EventRecorder;
import io.scaleproof.cluster.sim.network.IpPool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BinaryOperator;

/**
 * What every pod worker of a kubelet shares.
 *
 * @param dns (value, pod namespace) → the value with Service names rewritten to cluster IPs
 * @param hostEnv the part of scaleproof's own environment a container process inherits (PATH, HOME,
 *     …) so that interpreters are found; the image's and the container's env override it
 * @param closeGrace the longest a pod is given to stop when the whole cluster closes
 */
public record KubeletContext(
    KubernetesClient client,
    RuntimeTable runtimes,
    EventRecorder events,
    ScheduledExecutorService timers,
    ExecutorService blocking,
    Clock clock,
    Path logRoot,
    Path workingDir,
    String nodeName,
    String nodeIp,
    IpPool podIps,
    BinaryOperator<String> dns,
    Map<String, String> hostEnv,
    Duration backoffInitial,
    Duration backoffMax,
    Duration closeGrace) {

  static final String COMPONENT = "kubelet";
}
