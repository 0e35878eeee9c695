package io.scaleproof.cluster.sim;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.scaleproof.cluster.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./scaleproof demo}: starts the embedded cluster with a two-replica echo Deployment and
 * Service, shows a few requests balanced across the pods, prints how to reach the cluster, and
 * keeps it up until Ctrl-C (or for {@code --duration}).
 */
public final class SimClusterDemo {
  private static final Duration READY = Duration.ofSeconds(60);

  /**
   * The kubectl commands the demo suggests, each proven against the embedded cluster by {@code
   * KubectlIT} with the pinned kubectl (cluster/tools/clients.yaml).
   */
  public static final java.util.List<java.util.List<String>> KUBECTL_HINTS =
      java.util.List.of(
          java.util.List.of("get", "pods", "-o", "wide"),
          java.util.List.of("describe", "deployment", "echo"),
          java.util.List.of("logs", "deployment/echo"),
          java.util.List.of("get", "events", "--sort-by=.lastTimestamp"),
          java.util.List.of("api-resources"));

  private SimClusterDemo() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Duration duration;
    try {
      duration = parseDuration(args);
    } catch (IllegalArgumentException e) {
      err.println("scaleproof demo: " + e.getMessage());
      err.println("usage: scaleproof demo [--duration PT30S]");
      return 2;
    }
    Path home = Path.of(System.getProperty("scaleproof.home", "")).toAbsolutePath();
    try (SimCluster cluster = SimCluster.start(SimClusterConfig.defaults())) {
      out.println("embedded cluster up: API server " + cluster.apiServerUrl());
      cluster.apply(home.resolve("cluster/demo/echo.yaml"));
      await("demo Deployment echo ready").atMost(READY).until(() -> ready(cluster));
      URI url = cluster.serviceUrl("default", "echo", 8080);
      out.println("Service default/echo: " + url);
      for (int i = 0; i < 6; i++) {
        out.println("  GET " + url + "/ -> " + get(url).trim());
      }
      out.println();
      out.println("  kubeconfig: " + cluster.kubeconfig());
      out.println("  try:        curl " + url + "/");
      String kubectl =
          io.scaleproof.cluster.provision.Tools.load(home.resolve("cluster/tools/clients.yaml"))
              .provided("kubectl")
              .map(dir -> dir.resolve("kubectl").toString())
              .orElse("kubectl");
      for (java.util.List<String> hint : KUBECTL_HINTS) {
        out.println(
            "              "
                + kubectl
                + " --kubeconfig "
                + cluster.kubeconfig()
                + " "
                + String.join(" ", hint));
      }
      out.println("  pod logs:   " + cluster.runDirectory().resolve("pods"));
      out.println(
          duration == null
              ? "Ctrl-C stops the cluster and every process it started."
              : "Stopping in " + duration.toSeconds() + " s.");
      waitFor(duration);
      return 0;
    } catch (InvalidInputException e) {
      err.println("scaleproof demo: " + e.getMessage());
      return 2;
    }
  }

  private static Duration parseDuration(String[] args) {
    if (args.length == 0) {
      return null;
    }
    if (args.length == 2 && args[0].equals("--duration")) {
      try {
        return Duration.parse(args[1]);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--duration: '" + args[1] + "' is not an ISO-8601 duration such as PT30S");
      }
    }
    throw new IllegalArgumentException("unexpected arguments " + String.join(" ", args));
  }

  private static boolean ready(SimCluster cluster) {
    Deployment echo =
        cluster.client().apps().deployments().inNamespace("default").withName("echo").get();
    return echo != null
        && echo.getStatus() != null
        && Integer.valueOf(2).equals(echo.getStatus().getReadyReplicas());
  }

  private static String get(URI url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
      connection.setRequestProperty("Connection", "close");
      try (InputStream in = connection.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return "failed: " + e.getMessage();
    }
  }

  /** The demo's own lifetime: the time asked for, or until the JVM is interrupted. */
  static void waitFor(Duration duration) {
    try {
      CountDownLatch forever = new CountDownLatch(1);
      if (duration == null) {
        forever.await();
      } else {
        forever.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
