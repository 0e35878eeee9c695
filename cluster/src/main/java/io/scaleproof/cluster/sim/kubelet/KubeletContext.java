package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.control.EventRecorder;
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
 * @param podNetwork where the API shows the pods of {@code podIps}
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
    io.scaleproof.cluster.sim.network.PodNetwork podNetwork,
    BinaryOperator<String> dns,
    Map<String, String> hostEnv,
    Duration backoffInitial,
    Duration backoffMax,
    Duration closeGrace) {

  static final String COMPONENT = "kubelet";

  private static final java.util.List<String> INHERITED_ENV =
      java.util.List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "PYENV_ROOT");

  /** What a container process inherits of scaleproof's own environment, where it is set. */
  public static Map<String, String> inheritedEnv() {
    Map<String, String> env = new java.util.HashMap<>();
    INHERITED_ENV.forEach(
        name -> {
          String value = System.getenv(name);
          if (value != null) {
            env.put(name, value);
          }
        });
    return env;
  }
}
