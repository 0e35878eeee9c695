package io.scaleproof.cluster.sim;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Starts an embedded cluster with the echo Deployment in a JVM of its own, prints what it started
 * and then waits to be killed — never closing the cluster itself, so that only the JVM's shutdown
 * hook can clean up.
 */
public final class ClusterInChildJvm {
  private ClusterInChildJvm() {}

  public static void main(String[] args) throws InterruptedException {
    SimCluster cluster = SimCluster.start(SimClusterConfig.defaults());
    cluster.apply(Path.of("demo", "echo.yaml"));
    cluster.serviceUrl("default", "echo", 8080);
    while (cluster.containerPids().size() < 2) {
      // Busy-wait on purpose: this program must depend on nothing but the cluster itself.
      Thread.onSpinWait();
    }
    System.out.println(
        "PIDS "
            + cluster.containerPids().stream()
                .map(String::valueOf)
                .collect(Collectors.joining(",")));
    System.out.println(
        "PREFIXES "
            + cluster.addresses().podPrefix()
            + ","
            + cluster.addresses().servicePrefix()
            + ","
            + cluster.apiServerUrl().getPort());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
