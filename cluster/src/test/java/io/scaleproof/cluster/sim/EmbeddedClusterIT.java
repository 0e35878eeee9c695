package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link EmbeddedCluster} seen from outside: this test launches small test classes of its own
 * through the JUnit Platform launcher and reads what they leave. A failed test keeps its cluster's
 * objects, logs and events and still fails with its own error; a passing or aborted test keeps
 * nothing; every cluster is closed, its processes gone; a per-class cluster is one for all tests
 * and keeps the evidence at the test that failed.
 */
class EmbeddedClusterIT {
  private static final String LAUNCHED = "scaleproof.launched-by-embedded-cluster-it";

  @Test
  @DisplayName("a failed test keeps objects, logs and events, fails with its own error, closes")
  void failedTestKeepsTheEvidence() throws IOException {
    Path evidence = evidence(FailsWithEchoRunning.class, "failsWithEchoRunning");
    deleteRecursively(evidence);

    TestExecutionSummary summary = launch(FailsWithEchoRunning.class);

    assertThat(summary.getTestsFailedCount()).as("tests failed").isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException())
        .hasMessage(FailsWithEchoRunning.FAILURE);
    assertThat(evidence.resolve("objects/deployments.yaml")).content().contains("name: \"echo\"");
    assertThat(evidence.resolve("objects/pods.yaml")).content().contains("name: \"echo-");
    assertThat(evidence.resolve("objects/namespaces.yaml")).content().contains("name: \"default\"");
    for (String kind : List.of("replicasets", "services", "endpoints", "events")) {
      assertThat(evidence.resolve("objects/" + kind + ".yaml")).content().contains("echo");
    }
    for (String kind : List.of("horizontalpodautoscalers", "scaledobjects", "applications")) {
      assertThat(evidence.resolve("objects/" + kind + ".yaml")).exists();
    }
    try (Stream<Path> logs = Files.list(evidence.resolve(ClusterEvidence.LOGS))) {
      assertThat(logs.filter(log -> log.getFileName().toString().startsWith("default.echo-")))
          .as("the echo pods' logs")
          .hasSize(2)
          .allSatisfy(log -> assertThat(log).content().contains("listening on"));
    }
    assertThat(evidence.resolve(ClusterEvidence.EVENTS))
        .content()
        .startsWith("FIRST SEEN")
        .contains("default/deployment/echo");
    assertGone(FailsWithEchoRunning.pids);
  }

  @Test
  @DisplayName("a passing and an aborted test keep nothing; both clusters are closed")
  void passingAndAbortedTestsKeepNothing() throws IOException {
    Path evidence =
        EmbeddedCluster.EVIDENCE.resolve(EmbeddedCluster.testClassName(PassesAndAborts.class));
    deleteRecursively(evidence);

    TestExecutionSummary summary = launch(PassesAndAborts.class);

    assertThat(summary.getTestsSucceededCount()).as("tests passed").isEqualTo(1);
    assertThat(summary.getTestsAbortedCount()).as("tests aborted").isEqualTo(1);
    assertThat(evidence).doesNotExist();
    assertGone(PassesAndAborts.pids);
  }

  @Test
  @DisplayName("a per-class cluster serves every test and keeps the evidence at the failed one")
  void perClassClusterKeepsTheEvidenceAtTheFailedTest() throws IOException {
    Path evidence =
        EmbeddedCluster.EVIDENCE.resolve(
            EmbeddedCluster.testClassName(OneClusterForTheClass.class));
    deleteRecursively(evidence);

    TestExecutionSummary summary = launch(OneClusterForTheClass.class);

    assertThat(summary.getTestsSucceededCount()).as("tests passed").isEqualTo(2);
    assertThat(summary.getTestsFailedCount()).as("tests failed").isEqualTo(1);
    assertThat(OneClusterForTheClass.seen)
        .hasSize(3)
        .containsOnly(OneClusterForTheClass.seen.get(0));
    try (Stream<Path> tests = Files.list(evidence)) {
      assertThat(tests).containsExactly(evidence.resolve("failsSecond"));
    }
    assertThat(evidence.resolve("failsSecond/objects/pods.yaml"))
        .content()
        .contains("name: \"made-by-the-first-test\"");
    assertThatThrownBy(OneClusterForTheClass.EMBEDDED::cluster)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("perClass on a static field");
  }

  private static TestExecutionSummary launch(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameter(LAUNCHED, "true")
                .build(),
            listener);
    return listener.getSummary();
  }

  private static Path evidence(Class<?> testClass, String testMethod) {
    return EmbeddedCluster.EVIDENCE
        .resolve(EmbeddedCluster.testClassName(testClass))
        .resolve(testMethod);
  }

  private static void assertGone(List<Long> pids) {
    assertThat(pids).as("container processes seen while the test ran").isNotEmpty();
    await("the closed cluster's container processes gone")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(pids)
                    .allSatisfy(
                        pid ->
                            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                                .as("process %d", pid)
                                .isEmpty()));
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static void startEcho(SimCluster cluster, List<Long> pids) {
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    await("echo's two pods running")
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.containerPids().size() >= 2);
    pids.addAll(cluster.containerPids());
  }

  /**
   * Runs the classes below only when this test launches them: failsafe, finding them in this file,
   * skips them.
   */
  static final class OnlyWhenLaunched implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(LAUNCHED).isPresent()
          ? ConditionEvaluationResult.enabled("launched by EmbeddedClusterIT")
          : ConditionEvaluationResult.disabled("run only by EmbeddedClusterIT");
    }
  }

  @ExtendWith(OnlyWhenLaunched.class)
  static class FailsWithEchoRunning {
    static final String FAILURE = "the test's own failure";
    static final List<Long> pids = new ArrayList<>();

    @RegisterExtension
    final EmbeddedCluster embedded = EmbeddedCluster.perTest(SimClusterConfig.defaults());

    @Test
    void failsWithEchoRunning(SimCluster cluster) {
      startEcho(cluster, pids);
      await("echo's pods listening")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  cluster.client().pods().inNamespace("default").list().getItems().stream()
                      .allMatch(
                          pod ->
                              cluster
                                  .logs("default", pod.getMetadata().getName())
                                  .contains("listening on")));
      throw new AssertionError(FAILURE);
    }
  }

  @ExtendWith(OnlyWhenLaunched.class)
  static class PassesAndAborts {
    static final List<Long> pids = new ArrayList<>();

    @RegisterExtension
    final EmbeddedCluster embedded = EmbeddedCluster.perTest(SimClusterConfig.defaults());

    @Test
    void passes(SimCluster cluster) {
      startEcho(cluster, pids);
    }

    @Test
    void aborts(SimCluster cluster) {
      startEcho(cluster, pids);
      Assumptions.abort("aborted, which is no failure");
    }
  }

  @ExtendWith(OnlyWhenLaunched.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class OneClusterForTheClass {
    @RegisterExtension
    static final EmbeddedCluster EMBEDDED = EmbeddedCluster.perClass(SimClusterConfig.defaults());

    static final List<SimCluster> seen = new ArrayList<>();

    @Test
    @Order(1)
    void first(SimCluster cluster) {
      seen.add(cluster);
      cluster.apply(
          List.of(TestPods.pod("made-by-the-first-test", TestPods.ECHO_SERVER, List.of())));
    }

    @Test
    @Order(2)
    void failsSecond(SimCluster cluster) {
      seen.add(cluster);
      throw new AssertionError("the second test fails");
    }

    @Test
    @Order(3)
    void third() {
      seen.add(EMBEDDED.cluster());
    }
  }
}
