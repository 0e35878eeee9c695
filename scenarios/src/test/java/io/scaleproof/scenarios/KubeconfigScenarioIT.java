package io.scaleproof.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.kubeconfig.KubeconfigOptions;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import io.scaleproof.scenarios.run.AllureResults;
import io.scaleproof.scenarios.run.Backend;
import io.scaleproof.scenarios.run.Progress;
import io.scaleproof.scenarios.run.RunFiles;
import io.scaleproof.scenarios.run.RunOutcome;
import io.scaleproof.scenarios.run.ScenarioRunner;
import io.scaleproof.scenarios.spec.ProjectFile;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shipped scenario, unchanged, on the kubeconfig backend: the embedded cluster stands in for an
 * existing one and is reached only through its kubeconfig, as a staging cluster would be. The
 * pipeline is installed through Git into namespaces of the run's own, the scenario's commit is
 * synced there, the expectations are judged the same way, and the run leaves nothing behind.
 *
 * <p>Nightly: a second whole install and run, more than three minutes on 2 cores. On every pull
 * request the backend's parts are checked by KubeconfigClusterIT (connect, namespaces, Services,
 * teardown), BalancedForwardIT and PortForwardClientIT (the load's way to the pods).
 */
@Tag("nightly")
class KubeconfigScenarioIT {
  private static final String RUN_ID = "kubeconfig-it";

  @TempDir Path directory;

  @Test
  @DisplayName("the error-rate scenario passes on an existing cluster, in the run's own namespaces")
  void theScenarioRunsUnchangedInTheRunsNamespaces() throws IOException {
    Scenario scenario = ShippedScenarios.find("errors");
    SimClusterConfig config =
        SimClusterConfig.defaults()
            .withRunDirectory(directory.resolve("existing-cluster"))
            .withHpaSyncPeriod(scenario.timers().hpaSyncPeriod())
            .withGitPollInterval(scenario.timers().gitPollInterval());
    try (SimCluster existing = SimCluster.start(config)) {
      KubeconfigOptions options =
          KubeconfigOptions.defaults()
              .withKubeconfig(existing.kubeconfig())
              .withRunId(RUN_ID)
              // The embedded cluster's Argo CD shares this machine's file system.
              .withGit(KubeconfigOptions.GitServing.LOCAL);

      RunOutcome outcome =
          ScenarioRunner.run(
              scenario,
              directory.resolve("run"),
              Progress.to(System.out),
              Backend.kubeconfig(options));
      RunFiles.write(outcome);
      AllureResults.addToCurrentTest(outcome, "python-app");

      outcome
          .expectations()
          .forEach(
              e ->
                  System.out.printf(
                      "kubeconfig suite: %s %s: %s%n",
                      e.passed() ? "PASS" : "FAIL", e.name(), e.detail()));
      assertThat(outcome.backend())
          .startsWith("kubeconfig (context ")
          .contains("apps → sp-kubeconfig-it-apps")
          .contains("reused KEDA (");
      assertThat(Files.readString(directory.resolve("run/objects.yaml")))
          .as("the ScaledObjects the run judged live in its own namespace")
          .contains("namespace: \"sp-kubeconfig-it-apps\"")
          .contains("name: \"scaleproof-pipeline-kubeconfig-it\"");
      assertThat(outcome.passed()).as("every expectation of the scenario").isTrue();

      KubernetesClient client = existing.client();
      assertThat(
              client.namespaces().withLabel(NamespaceMapping.RUN_LABEL, RUN_ID).list().getItems())
          .as("the run's namespaces, after the run")
          .isEmpty();
      assertThat(
              client
                  .genericKubernetesResources(GitOps.APPLICATIONS)
                  .inNamespace(GitOps.NAMESPACE)
                  .list()
                  .getItems())
          .as("Argo CD Applications left after the run")
          .isEmpty();
      assertThat(client.apps().deployments().inAnyNamespace().list().getItems())
          .as("Deployments left after the run")
          .isEmpty();
    }
  }

  @Test
  @DisplayName(
      "the example team's project on an existing cluster: its namespaces mapped, it passes")
  void theExampleProjectRunsInTheRunsNamespaces() {
    ProjectPipeline shop =
        ProjectPipeline.load(ProjectFile.read(ProjectFiles.find("examples/shop/scaleproof.yaml")));
    Scenario scenario = ShippedScenarios.find("ramp", shop.project().scenarios());
    SimClusterConfig config =
        SimClusterConfig.defaults()
            .withRunDirectory(directory.resolve("existing-cluster"))
            .withHpaSyncPeriod(scenario.timers().hpaSyncPeriod())
            .withGitPollInterval(scenario.timers().gitPollInterval())
            // The existing cluster runs the team's image, as its registry would serve it.
            .withProjectRuntimeTable(shop.project().runtimes().orElseThrow());
    try (SimCluster existing = SimCluster.start(config)) {
      KubeconfigOptions options =
          KubeconfigOptions.defaults()
              .withKubeconfig(existing.kubeconfig())
              .withRunId(RUN_ID + "-shop")
              .withGit(KubeconfigOptions.GitServing.LOCAL);

      RunOutcome outcome =
          ScenarioRunner.run(
              shop,
              scenario,
              directory.resolve("shop"),
              Progress.to(System.out),
              Backend.kubeconfig(options));
      RunFiles.write(outcome);

      assertThat(outcome.backend())
          .contains("shop → sp-kubeconfig-it-shop-shop")
          .contains("telemetry → sp-kubeconfig-it-shop-telemetry");
      assertThat(outcome.expectations())
          .allSatisfy(e -> assertThat(e.passed()).as(e.name() + ": " + e.detail()).isTrue());
      assertThat(
              existing
                  .client()
                  .namespaces()
                  .withLabel(NamespaceMapping.RUN_LABEL, RUN_ID + "-shop")
                  .list()
                  .getItems())
          .as("the run's namespaces, after the run")
          .isEmpty();
    }
  }
}
