package io.scaleproof.cluster.sim;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.cluster.provision.ProvisioningException;
import io.scaleproof.cluster.provision.Tools;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * {@code ./scaleproof pipeline}: checks the declared pipeline with the real Collector and promtool,
 * then starts the embedded cluster, installs the pipeline wave by wave, prints where Jaeger,
 * Prometheus and the apps answer, and keeps it all up until Ctrl-C (or for {@code --duration}). Bad
 * input (a manifest, a collector config, a rule, a tool that cannot be provided) stops it before
 * anything starts, with exit code 2.
 */
public final class SimClusterPipeline {
  /** How often Argo CD looks at Git: faster than its 120 s, for someone trying changes. */
  private static final Duration GIT_POLL = Duration.ofSeconds(10);

  private static final Duration WAVE_TIMEOUT = Duration.ofMinutes(3);

  private SimClusterPipeline() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path gitops = ProjectFiles.find("cluster/gitops");
    Duration duration = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--gitops" -> {
          if (value == null) {
            return usage(err, "--gitops needs a directory");
          }
          gitops = Path.of(value).toAbsolutePath();
          i++;
        }
        case "--duration" -> {
          try {
            duration = Duration.parse(String.valueOf(value));
          } catch (DateTimeParseException e) {
            return usage(
                err, "--duration: '" + value + "' is not an ISO-8601 duration such as PT60S");
          }
          i++;
        }
        default -> {
          return usage(err, "unexpected argument " + args[i]);
        }
      }
    }
    Pipeline pipeline;
    try {
      pipeline = Pipeline.load(gitops);
      out.println("checking " + gitops + " with otelcol validate and promtool check rules...");
      pipeline.validate(Tools.load(ProjectFiles.find("cluster/tools/tools.yaml")));
    } catch (InvalidInputException | ProvisioningException e) {
      err.println("scaleproof pipeline: " + e.getMessage());
      err.println("nothing was started");
      return 2;
    }
    try (SimCluster cluster =
        SimCluster.start(SimClusterConfig.defaults().withGitPollInterval(GIT_POLL))) {
      out.println("embedded cluster up: API server " + cluster.apiServerUrl());
      long start = System.nanoTime();
      Pipeline.Installed installed = pipeline.install(cluster, WAVE_TIMEOUT);
      out.printf(
          "pipeline synced from Git by Argo CD and healthy in %.1f s%n",
          (System.nanoTime() - start) / 1e9);
      out.println(
          "  Git:        "
              + installed.repository()
              + " (Application argocd/"
              + Pipeline.APPLICATION
              + ", path "
              + installed.path()
              + ", polled every "
              + GIT_POLL.toSeconds()
              + " s: commit there to change the pipeline)");
      URI jaeger = cluster.serviceUrl("observability", "jaeger-query", 16686);
      URI prometheus = cluster.serviceUrl("observability", "prometheus", 9090);
      out.println("  Jaeger:     " + jaeger + "/api/services");
      out.println("  Prometheus: " + prometheus + "/api/v1/query?query=up");
      for (String app : new String[] {"java-app", "node-app", "python-app"}) {
        out.printf("  %-12s%s/work%n", app + ":", cluster.serviceUrl("apps", app, 8080));
      }
      out.println("  kubeconfig: " + cluster.kubeconfig());
      out.println(
          duration == null
              ? "Ctrl-C stops the cluster and every process it started."
              : "Stopping in " + duration.toSeconds() + " s.");
      SimClusterDemo.waitFor(duration);
      return 0;
    } catch (InvalidInputException e) {
      err.println("scaleproof pipeline: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      err.println("scaleproof pipeline: " + e.getMessage());
      return 1;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("scaleproof pipeline: " + problem);
    err.println("usage: scaleproof pipeline [--gitops DIR] [--duration PT60S]");
    return 2;
  }
}
