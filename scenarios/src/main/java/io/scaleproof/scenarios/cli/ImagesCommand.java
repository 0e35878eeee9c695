package io.scaleproof.scenarios.cli;

import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.k3s.ImageBuild;
import io.scaleproof.cluster.k3s.K3sComponents;
import io.scaleproof.cluster.k3s.K3sInstallPlan;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scaleproof images [--plan]}: every image the k3s backend needs, one per line on standard
 * output (so that it can be piped), then on standard error how to preload them; with {@code
 * --plan}, the whole install plan instead. A broken components file or pipeline exits 2 naming the
 * file and the field.
 */
@Command(
    name = "images",
    description =
        "List every image the k3s backend needs (k3s, the platform components, the pipeline,"
            + " the sample services), to preload them for a cluster without internet access.")
final class ImagesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--plan", description = "print the whole k3s install plan instead")
  boolean plan;

  @Option(
      names = "--components",
      paramLabel = "FILE",
      description = "the pinned platform (default: " + K3sComponents.FILE + ")")
  Path components;

  @Option(
      names = "--gitops",
      paramLabel = "DIR",
      description = "the declared pipeline (default: cluster/gitops)")
  Path gitops;

  @Override
  public Integer call() {
    K3sInstallPlan installPlan =
        K3sInstallPlan.derive(
            K3sComponents.load(
                components != null ? components : ProjectFiles.find(K3sComponents.FILE)),
            gitops != null ? Pipeline.load(gitops) : Pipeline.declared());
    PrintWriter out = spec.commandLine().getOut();
    if (plan) {
      out.print(installPlan.render());
      out.flush();
      return ScaleproofCommand.PASSED;
    }
    installPlan.images().forEach(out::println);
    out.flush();
    howToPreload(installPlan, spec.commandLine().getErr());
    return ScaleproofCommand.PASSED;
  }

  private static void howToPreload(K3sInstallPlan installPlan, PrintWriter err) {
    err.println();
    err.println(
        installPlan.images().size()
            + " images. To preload them for a cluster without internet access, while online:");
    err.println(
        "  from the project's root, after ./mvnw package (the Java app's image copies its jar),"
            + " build the sample services' images:");
    StringBuilder built = new StringBuilder();
    for (ImageBuild build : installPlan.builds()) {
      err.println(
          "    docker build -t "
              + build.image()
              + " "
              + installPlan.root().relativize(build.context()).toString().replace('\\', '/'));
      built.append(" -e ").append(build.image());
    }
    err.println("  and pull the others:");
    err.println(
        "    ./scaleproof images 2>/dev/null | grep -vxF" + built + " | xargs -n1 docker pull");
    err.println(
        "Then load them into the cluster's container runtime, so that nothing is pulled inside it;"
            + " for k3s: docker save IMAGE... | k3s ctr images import -  (on the node). ./scaleproof"
            + " images --plan shows the whole install plan.");
    err.flush();
  }
}
