package io.scaleproof.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/** The command line's contract for bad input: a message naming what is wrong, exit code 2. */
class ScaleproofCommandTest {
  @TempDir Path directory;

  @RegisterExtension final Console console = new Console();

  @Test
  @DisplayName("scenarios lists every shipped scenario with its load")
  void listsScenarios() {
    assertThat(ScaleproofCommand.execute("scenarios")).isZero();
    assertThat(console.out())
        .contains("default", "spike", "stairs", "nightly", "closed", "broken-threshold")
        .contains("load: ramp 10→39 req/s");
  }

  @Test
  @DisplayName("scenarios shows each scenario's last result in the history, or none yet")
  void listsLastResults() throws IOException {
    Path history = directory.resolve("history.csv");
    Files.writeString(
        history,
        String.join(
            "\n",
            "at,scenario,passed,service,kpi,value",
            "2026-12-01T10:00:00Z,default,false,java-app,replicaSeconds,1.000",
            "2026-12-02T11:30:00Z,default,true,java-app,replicaSeconds,1.000",
            "2026-12-01T09:00:00Z,spike,false,java-app,replicaSeconds,1.000",
            ""));

    assertThat(ScaleproofCommand.execute("scenarios", "--history", history.toString())).isZero();
    List<String> lines = console.out().lines().toList();

    assertThat(lines.get(lines.indexOf(line(lines, "default ")) + 1))
        .contains("last run: passed at 2026-12-02 11:30 UTC");
    assertThat(lines.get(lines.indexOf(line(lines, "spike ")) + 1))
        .contains("last run: FAILED at 2026-12-01 09:00 UTC");
    assertThat(lines.get(lines.indexOf(line(lines, "stairs ")) + 1)).contains("last run: none yet");
  }

  private static String line(List<String> lines, String start) {
    return lines.stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("images lists k3s, KEDA, the gitops collector and the three sample apps, one a line")
  void listsImages() {
    assertThat(ScaleproofCommand.execute("images")).isZero();
    List<String> images = console.out().lines().toList();

    assertThat(images).allMatch(line -> !line.isBlank() && !line.contains(" "));
    assertThat(images).isSorted().doesNotHaveDuplicates();
    assertThat(images)
        .contains(
            "otel/opentelemetry-collector-contrib:0.159.0",
            "scaleproof/sample-app-java:0.1.0",
            "scaleproof/sample-app-node:0.1.0",
            "scaleproof/sample-app-python:0.1.0")
        .anyMatch(image -> image.startsWith("rancher/k3s:v"))
        .anyMatch(image -> image.startsWith("ghcr.io/kedacore/keda:"));
    assertThat(console.err())
        .contains("docker build -t scaleproof/sample-app-java:0.1.0 sample-apps/java")
        .contains("xargs -n1 docker pull");
  }

  @Test
  @DisplayName("images --plan prints the install plan: components in order, waves, images")
  void printsThePlan() {
    assertThat(ScaleproofCommand.execute("images", "--plan")).isZero();
    assertThat(console.out())
        .contains("platform components, in install order\n  1. cert-manager ")
        .contains("  wave -3\n    Namespace apps (cluster/gitops/namespaces.yaml)")
        .contains("scaleproof/sample-app-java:0.1.0 <- sample-apps/java/Dockerfile");
  }

  @Test
  @DisplayName("images with a broken components file: exit 2 naming the file and the field")
  void imagesOfBrokenComponents() throws IOException {
    Path components = directory.resolve("components.yaml");
    Files.writeString(
        components,
        """
        k3s:
          image: rancher/k3s
        components: []
        """);

    assertThat(ScaleproofCommand.execute("images", "--components", components.toString()))
        .isEqualTo(2);
    assertThat(console.err()).contains(components + ": k3s.image: 'rancher/k3s' has no tag");
    assertThat(console.out()).isEmpty();
  }

  @Test
  @DisplayName("an unknown scenario: exit 2, the shipped names, nothing started")
  void unknownScenario() {
    assertThat(ScaleproofCommand.execute("run", "no-such-scenario")).isEqualTo(2);
    assertThat(console.err())
        .contains("no-such-scenario")
        .contains("is neither a scenario file nor a scenario of ")
        .contains("nothing was started");
  }

  @Test
  @DisplayName("an invalid profile: exit 2 naming the file and the field, no run directory made")
  void invalidProfile() throws IOException {
    Path scenario = directory.resolve("bad.yaml");
    Files.writeString(
        scenario,
        """
        name: bad
        services: [java-app]
        load: {profile: constant, rate: -3, duration: 30s}
        slo: {p95ThresholdMs: 150}
        """);
    Path runDirectory = directory.resolve("run");

    int exit =
        ScaleproofCommand.execute("run", scenario.toString(), "--out", runDirectory.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(console.err()).contains(scenario + ": load.rate: must be greater than 0");
    assertThat(runDirectory).doesNotExist();
  }

  @Test
  @DisplayName("an SLO window under the polling interval: exit 2 naming slo.decisionWithin")
  void windowUnderPollingInterval() throws IOException {
    Path scenario = directory.resolve("fast.yaml");
    Files.writeString(
        scenario,
        """
        name: fast
        services: [java-app]
        load: {profile: constant, rate: 50, duration: 30s}
        slo: {p95ThresholdMs: 150, decisionWithin: 2s, readyWithin: 30s}
        """);

    assertThat(ScaleproofCommand.execute("run", scenario.toString())).isEqualTo(2);
    assertThat(console.err()).contains(scenario + ": slo.decisionWithin: (2 s) is shorter than");
  }

  @Test
  @DisplayName("a --history file that is not a run history: exit 2, the file left as it was")
  void foreignHistoryFile() throws IOException {
    Path history = directory.resolve("notes.csv");
    Files.writeString(history, "name,value\n");

    assertThat(ScaleproofCommand.execute("run", "--history", history.toString())).isEqualTo(2);
    assertThat(console.err())
        .contains(
            "--history: " + history.toAbsolutePath() + ": line 1: not a scaleproof run history");
    assertThat(Files.readString(history)).isEqualTo("name,value\n");
  }

  @Test
  @DisplayName("report of a directory that is not a run of this version: exit 2, naming it")
  void reportOfAForeignDirectory() throws IOException {
    Path notARun = Files.createDirectories(directory.resolve("not-a-run"));

    assertThat(
            ScaleproofCommand.execute(
                "report", notARun.toString(), "--out", directory.resolve("report").toString()))
        .isEqualTo(2);
    assertThat(console.err())
        .contains(notARun.toAbsolutePath() + ": RUN_DIR: has no Allure results");
    assertThat(directory.resolve("report")).doesNotExist();
  }

  @Test
  @DisplayName("report --suites with no suite results: exit 2, saying to run the suites first")
  void reportOfNoSuites() {
    String home = System.getProperty("scaleproof.home");
    System.setProperty("scaleproof.home", directory.toString());
    try {
      assertThat(ScaleproofCommand.execute("report", "--suites")).isEqualTo(2);
    } finally {
      restoreHome(home);
    }
    assertThat(console.err())
        .contains("--suites: no module has target/allure-results with results; run ./mvnw verify");
  }

  @Test
  @DisplayName("report --suites turns every module's allure-junit5 results into the HTML report")
  void reportOfSuites() throws IOException {
    Path allure = Path.of("..").resolve("reports/target/allure-commandline").toAbsolutePath();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(allure),
        "the Allure command line is unpacked when the reports module is packaged; not at "
            + allure.normalize());
    Files.createDirectories(directory.resolve("reports/target"));
    Files.createSymbolicLink(directory.resolve("reports/target/allure-commandline"), allure);
    Path results = Files.createDirectories(directory.resolve("cluster/target/allure-results"));
    Files.writeString(
        results.resolve("4f0c-result.json"),
        """
        {"uuid":"4f0c","historyId":"h1","name":"a scaling suite","fullName":"io.x.ScalingIT.scales",
         "status":"passed","stage":"finished","start":1764129600000,"stop":1764129660000}
        """);
    String home = System.getProperty("scaleproof.home");
    System.setProperty("scaleproof.home", directory.toString());
    int exit;
    try {
      exit = ScaleproofCommand.execute("report", "--suites");
    } finally {
      restoreHome(home);
    }

    assertThat(exit).as(console.err()).isZero();
    Path report = directory.resolve("reports/allure-report");
    assertThat(report.resolve("index.html")).isNotEmptyFile();
    assertThat(report.resolve("data/test-cases")).isDirectoryContaining("glob:**.json");
  }

  private static void restoreHome(String home) {
    if (home == null) {
      System.clearProperty("scaleproof.home");
    } else {
      System.setProperty("scaleproof.home", home);
    }
  }

  @Test
  @DisplayName("a backend that is not one: exit 2")
  void unknownBackend() {
    assertThat(ScaleproofCommand.execute("run", "--backend", "minikube")).isEqualTo(2);
    assertThat(console.err()).contains("--backend: 'minikube' is not a backend");
  }

  @Test
  @DisplayName("the kubeconfig backend with a kubeconfig that is not there: exit 2, naming it")
  void missingKubeconfig(@TempDir Path directory) {
    Path missing = directory.resolve("no-such-kubeconfig");

    int exit =
        ScaleproofCommand.execute(
            "run",
            "--backend",
            "kubeconfig",
            "--kubeconfig",
            missing.toString(),
            "--out",
            directory.resolve("run").toString(),
            "--history",
            directory.resolve("history.csv").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(console.err()).contains(missing.toString()).contains("nothing was started");
  }

  @Test
  @DisplayName("a kubeconfig option on the embedded cluster: exit 2")
  void kubeconfigOptionOnSim() {
    assertThat(ScaleproofCommand.execute("run", "--context", "staging")).isEqualTo(2);
    assertThat(console.err()).contains("are for --backend kubeconfig");
  }

  @Test
  @DisplayName("the k3s backend without Docker: exit 2, saying so, nothing started")
  void k3sWithoutDocker(@TempDir Path directory) {
    assumeFalse(
        DockerClientFactory.instance().isDockerAvailable(),
        "Docker is available here: this case checks the error without it");

    int exit =
        ScaleproofCommand.execute(
            "run",
            "--backend",
            "k3s",
            "--out",
            directory.resolve("run").toString(),
            "--history",
            directory.resolve("history.csv").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(console.err()).contains("no Docker").contains("nothing was started");
    assertThat(directory.resolve("run/cluster/kubeconfig")).doesNotExist();
  }

  @Test
  @DisplayName("an unknown option: exit 2 with the usage")
  void unknownOption() {
    assertThat(ScaleproofCommand.execute("run", "--fast")).isEqualTo(2);
    assertThat(console.err()).contains("Unknown option: '--fast'");
  }
}
