package io.scaleproof.cluster.local;

import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Starts a local cluster with the echo Deployment in a JVM of its own, prints what it started and
 * then waits to be killed, never closing the cluster itself: only the JVM's shutdown hook can clean
 * up.
 */
public final class LocalClusterInChildJvm {
  private LocalClusterInChildJvm() {}

  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("scaleproof-local-child");
    LocalCluster cluster =
        LocalCluster.start(
            LocalClusterConfig.of(
                directory, RuntimeTable.load(ProjectFiles.find("cluster/runtimes.yaml"))));
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    cluster.serviceUrl("default", "echo", 8080);
    while (cluster.containerPids().size() < 2) {
      // Busy-wait on purpose: this program must depend on nothing but the cluster itself.
      Thread.onSpinWait();
    }
    List<Long> pids = new ArrayList<>(cluster.pids());
    System.out.println(
        "PIDS " + pids.stream().map(String::valueOf).collect(Collectors.joining(",")));
    System.out.println(
        "PREFIXES " + cluster.addresses().podPrefix() + "," + cluster.addresses().servicePrefix());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
