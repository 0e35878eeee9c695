package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.Namespaces;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import io.scaleproof.cluster.sim.argocd.ArgoCdController;
import io.scaleproof.cluster.sim.kubelet.RuntimeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cluster's Argo CD held against real Argo CD 3.6.2 on the local backend: the same
 * Application through the same commits and the same interventions (a sync, a deleted Service
 * healed, a file removed from Git pruned, a broken manifest under periodic refreshes, then with a
 * refresh requested), and after each step the Application's status read the same way on both. The
 * facts are printed side by side; every fact must agree, but those listed in {@link #ACCEPTED} with
 * the reason the difference is accepted.
 */
@Tag("nightly")
@Tag("differential")
class ArgoCdDifferentialIT {
  private static final String CONFIG =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        namespace: default
        annotations: {argocd.argoproj.io/sync-wave: "-1"}
      data: {threshold: "150"}
      """;
  private static final Duration GIT_POLL = Duration.ofSeconds(2);
  // A hang guard per step: each step settles within a few polls on both.
  private static final Duration STEP = Duration.ofSeconds(90);
  // Ten git polls: long enough for either controller to have compared the broken commit.
  private static final Duration QUIET = GIT_POLL.multipliedBy(10);

  /** Facts that differ between the emulation and the real program, and why that is accepted. */
  private static final Map<String, String> ACCEPTED = Map.of();

  // Kept when the suite fails: the programs' logs are under local/run/logs.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path temp;

  @Test
  @DisplayName("the Application's status agrees with real Argo CD's after every step")
  void statusAgreesStepByStep() throws Exception {
    List<Map<String, String>> sim;
    try (SimCluster cluster =
        SimCluster.start(
            SimClusterConfig.defaults()
                .withGitPollInterval(GIT_POLL)
                .withRunDirectory(temp.resolve("sim/run")))) {
      sim = journey(cluster, temp.resolve("sim"));
    }
    List<Map<String, String>> local;
    try (LocalCluster cluster =
        LocalCluster.start(
            LocalClusterConfig.of(
                    temp.resolve("local/run"),
                    RuntimeTable.load(ProjectFiles.find("cluster/runtimes.yaml")))
                .withGitPollInterval(GIT_POLL))) {
      local = journey(cluster, temp.resolve("local"));
    }
    Differences.print("Argo CD: embedded vs real 3.6.2", sim, local);
    assertThat(Differences.unaccepted(sim, local, ACCEPTED)).isEmpty();
  }

  /** The steps, and the status facts after each. */
  private static List<Map<String, String>> journey(Cluster cluster, Path temp) throws Exception {
    Path project = temp.resolve("project");
    Files.createDirectories(project.resolve("gitops"));
    Files.writeString(project.resolve("gitops/config.yaml"), CONFIG);
    Files.copy(ProjectFiles.find("cluster/demo/echo.yaml"), project.resolve("gitops/echo.yaml"));
    List<Map<String, String>> facts = new ArrayList<>();
    try (GitRepository repo =
        GitRepository.seed(temp.resolve("repo"), project, List.of("gitops"), "seed")) {
      Namespaces.ensure(cluster.client(), GitOps.NAMESPACE);
      cluster.apply(List.of(GitOps.application("demo", repo, "gitops", "default")));
      String seed = repo.resolve(GitRepository.BRANCH).orElseThrow();
      facts.add(
          step(
              cluster,
              "1 sync at the seed",
              s -> synced(s, seed) && "Healthy".equals(get(s, "health", "status"))));

      cluster.client().services().inNamespace("default").withName("echo").delete();
      await("the deleted Service is back by self-heal")
          .atMost(STEP)
          .until(
              () ->
                  cluster.client().services().inNamespace("default").withName("echo").get()
                      != null);
      facts.add(
          step(
              cluster,
              "2 Service deleted, healed",
              s -> synced(s, seed) && "Healthy".equals(get(s, "health", "status"))));

      Map<String, String> removal = new HashMap<>();
      removal.put("gitops/config.yaml", null);
      String second = repo.commit("drop the settings", removal);
      facts.add(step(cluster, "3 file removed, pruned", s -> synced(s, second)));

      repo.commit(
          "a broken manifest",
          Map.of("gitops/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n"));
      // Periodic refreshes ignore a repository error for the grace period (180 s): the status
      // stays as the last good comparison left it.
      await("Application demo: the broken commit ignored by periodic refreshes")
          .during(QUIET)
          .atMost(QUIET.plus(STEP))
          .until(
              () -> synced(status(cluster), second) && conditionTypes(status(cluster)).isEmpty());
      facts.add(step(cluster, "4 broken manifest, periodic refreshes", s -> synced(s, second)));
      GitOps.requestRefresh(cluster.client(), "demo");
      facts.add(
          step(
              cluster,
              "5 broken manifest, refresh requested",
              s -> conditionTypes(s).contains("ComparisonError")));
      facts
          .get(facts.size() - 1)
          .put(
              "echo Deployment kept",
              String.valueOf(
                  cluster
                          .client()
                          .apps()
                          .deployments()
                          .inNamespace("default")
                          .withName("echo")
                          .get()
                      != null));
    }
    return facts;
  }

  private static Map<String, String> step(
      Cluster cluster, String name, Predicate<Map<String, Object>> settled) {
    Map<String, Object>[] status = new Map[1];
    try {
      await("Application demo: " + name)
          .atMost(STEP)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                status[0] = status(cluster);
                return settled.test(status[0]);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage()
              + "\nthe Application's status: "
              + status[0]
              + "\nin "
              + cluster.runDirectory(),
          e);
    }
    Map<String, Object> s = status[0];
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("step", name);
    facts.put("sync", String.valueOf(get(s, "sync", "status")));
    facts.put("health", String.valueOf(get(s, "health", "status")));
    facts.put("operation phase", String.valueOf(get(s, "operationState", "phase")));
    facts.put("operation message", String.valueOf(get(s, "operationState", "message")));
    facts.put("history entries", String.valueOf(list(s.get("history")).size()));
    facts.put("resources", String.valueOf(list(s.get("resources")).size()));
    facts.put(
        "resource results",
        String.join(
            "; ",
            list(map(map(s.get("operationState")).get("syncResult")).get("resources")).stream()
                .map(
                    r ->
                        map(r).get("kind") + "/" + map(r).get("name") + " " + map(r).get("message"))
                .sorted()
                .toList()));
    facts.put("conditions", String.join(", ", conditionTypes(s)));
    return facts;
  }

  private static boolean synced(Map<String, Object> status, String revision) {
    return "Synced".equals(get(status, "sync", "status"))
        && revision.equals(get(status, "sync", "revision"))
        && "Succeeded".equals(get(status, "operationState", "phase"))
        && revision.equals(
            get(map(map(status.get("operationState")).get("syncResult")), "revision"));
  }

  private static List<String> conditionTypes(Map<String, Object> status) {
    return list(status.get("conditions")).stream()
        .map(c -> String.valueOf(map(c).get("type")))
        .sorted()
        .toList();
  }

  private static Map<String, Object> status(Cluster cluster) {
    GenericKubernetesResource app =
        cluster
            .client()
            .genericKubernetesResources(ArgoCdController.APPLICATIONS)
            .inNamespace(GitOps.NAMESPACE)
            .withName("demo")
            .get();
    return app == null ? Map.of() : map(app.get("status"));
  }

  private static Object get(Map<String, Object> map, String... path) {
    Object value = map;
    for (String key : path) {
      value = map(value).get(key);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<Object> list(Object value) {
    return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
  }
}
