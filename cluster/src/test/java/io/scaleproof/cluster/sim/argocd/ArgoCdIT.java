package io.scaleproof.cluster.sim.argocd;

import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.gitops.GitOps;
import io.scaleproof.cluster.sim.EmbeddedCluster;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Argo CD emulation on the embedded cluster, syncing a small repository: waves, the status a
 * user reads, self-heal of a deleted object, pruning of a file removed from Git, a manifest that
 * does not parse, an unknown kind, a path and a revision that do not exist, and the classic fight
 * between self-heal and an autoscaler over replicas — with its fix. Git is polled every 2 s here.
 */
class ArgoCdIT {
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

  @TempDir Path temp;

  @RegisterExtension
  final EmbeddedCluster embedded =
      EmbeddedCluster.perTest(
          () ->
              SimClusterConfig.defaults()
                  .withGitPollInterval(Duration.ofSeconds(2))
                  .withRunDirectory(temp.resolve("run")));

  private GitRepository seed() throws Exception {
    Path project = temp.resolve("project");
    Files.createDirectories(project.resolve("gitops"));
    Files.writeString(project.resolve("gitops/config.yaml"), CONFIG);
    Files.copy(ProjectFiles.find("cluster/demo/echo.yaml"), project.resolve("gitops/echo.yaml"));
    return GitRepository.seed(temp.resolve("repo"), project, List.of("gitops"), "seed");
  }

  @Test
  @DisplayName("waves and status; a deleted Service healed; a file removed from Git pruned")
  void syncsHealsAndPrunes(SimCluster cluster) throws Exception {
    try (GitRepository repo = seed()) {
      create(cluster, GitOps.application("demo", repo, "gitops", "default"), null);
      String seed = repo.resolve("main").orElseThrow();

      awaitApp(
          cluster,
          "synced and healthy at the seed commit",
          status -> {
            assertThat(sync(status))
                .containsEntry("status", "Synced")
                .containsEntry("revision", seed);
            assertThat(map(status.get("health"))).containsEntry("status", "Healthy");
            Map<String, Object> operation = map(status.get("operationState"));
            assertThat(operation)
                .containsEntry("phase", "Succeeded")
                .containsEntry("message", "successfully synced (all tasks run)");
            assertThat(messages(operation))
                .contains(
                    "configmap/settings created",
                    "deployment.apps/echo created",
                    "service/echo created");
            assertThat(list(status.get("history"))).hasSize(1);
            assertThat(list(status.get("resources"))).hasSize(3);
          });
      var settings =
          cluster.client().configMaps().inNamespace("default").withName("settings").get();
      var echo =
          cluster.client().apps().deployments().inNamespace("default").withName("echo").get();
      assertThat(settings.getMetadata().getAnnotations())
          .containsEntry(ArgoCdController.TRACKING_ID, "demo:/ConfigMap:default/settings");
      assertThat(
              Long.parseLong(settings.getMetadata().getResourceVersion())
                  < Long.parseLong(echo.getMetadata().getResourceVersion()))
          .as("wave -1 (the ConfigMap) is applied before wave 0")
          .isTrue();

      cluster.client().services().inNamespace("default").withName("echo").delete();
      await("the deleted Service is back by self-heal")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  cluster.client().services().inNamespace("default").withName("echo").get()
                      != null);
      awaitApp(
          cluster,
          "a partial sync, no new history",
          status -> {
            assertThat(sync(status)).containsEntry("status", "Synced");
            Map<String, Object> sync =
                map(map(map(status.get("operationState")).get("operation")).get("sync"));
            assertThat(list(sync.get("resources"))).hasSize(1);
            assertThat(list(status.get("history"))).hasSize(1);
          });

      Map<String, String> removal = new HashMap<>();
      removal.put("gitops/config.yaml", null);
      String second = repo.commit("drop the settings", removal);
      await("the ConfigMap removed from Git is pruned")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  cluster.client().configMaps().inNamespace("default").withName("settings").get()
                      == null);
      awaitApp(
          cluster,
          "synced at the second commit",
          status -> {
            assertThat(sync(status))
                .containsEntry("status", "Synced")
                .containsEntry("revision", second);
            assertThat(messages(map(status.get("operationState")))).contains("pruned");
            assertThat(list(status.get("history"))).hasSize(2);
          });

      repo.commit(
          "a broken manifest",
          Map.of("gitops/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n"));
      // A periodic refresh would leave the status as it was for the repository-error grace period
      // (3 min, as upstream); a requested one reports the error at once.
      GitOps.requestRefresh(cluster.client(), "demo");
      awaitApp(
          cluster,
          "ComparisonError naming the file",
          status -> {
            assertThat(sync(status)).containsEntry("status", "Unknown");
            assertThat(list(status.get("conditions")))
                .anyMatch(
                    c ->
                        "ComparisonError".equals(map(c).get("type"))
                            && String.valueOf(map(c).get("message"))
                                .contains("gitops/broken.yaml"));
          });
      assertThat(
              cluster.client().apps().deployments().inNamespace("default").withName("echo").get())
          .as("nothing else touched")
          .isNotNull();
    }
  }

  @Test
  @DisplayName("an unknown kind fails the dry run: nothing of the commit is applied, SyncError")
  void unknownKindAppliesNothing(SimCluster cluster) throws Exception {
    try (GitRepository repo = seed()) {
      // No retries (an automated sync retries 5 times by default, over about 2.5 min).
      create(
          cluster,
          GitOps.application("demo", repo, "gitops", "default"),
          app -> map(map(app.get("spec")).get("syncPolicy")).put("retry", Map.of("limit", 0)));
      awaitApp(cluster, "first sync", s -> assertThat(sync(s)).containsEntry("status", "Synced"));

      String bad =
          repo.commit(
              "a widget and a new config",
              Map.of(
                  "gitops/widget.yaml",
                  "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\n",
                  "gitops/more.yaml",
                  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: more, namespace: default}\n"));
      awaitApp(
          cluster,
          "the dry run fails",
          status -> {
            assertThat(map(status.get("operationState")))
                .containsEntry("phase", "Failed")
                .containsEntry("message", "one or more objects failed to apply (dry run)");
            assertThat(messages(map(status.get("operationState"))))
                .anyMatch(
                    m ->
                        m.contains("could not find example.com/Widget")
                            && m.contains("gitops/widget.yaml"));
            assertThat(list(status.get("conditions")))
                .anyMatch(
                    c ->
                        "SyncError".equals(map(c).get("type"))
                            && map(c)
                                .get("message")
                                .equals(
                                    "Failed last sync attempt to ["
                                        + bad
                                        + "]: one or more objects failed to apply (dry run)"));
          });
      assertThat(cluster.client().configMaps().inNamespace("default").withName("more").get())
          .isNull();
    }
  }

  @Test
  @DisplayName("a path or a revision that does not exist: ComparisonError, sync Unknown")
  void missingPathAndRevision(SimCluster cluster) throws Exception {
    try (GitRepository repo = seed()) {
      create(cluster, GitOps.application("nowhere", repo, "nowhere", "default"), null);
      GenericKubernetesResource wrongRevision = GitOps.application("v9", repo, "gitops", "default");
      map(map(wrongRevision.get("spec")).get("source")).put("targetRevision", "v9");
      create(cluster, wrongRevision, null);

      awaitApp(
          cluster,
          "nowhere",
          "path",
          status ->
              assertThat(list(status.get("conditions")))
                  .anyMatch(
                      c ->
                          String.valueOf(map(c).get("message"))
                              .endsWith("nowhere: app path does not exist")));
      awaitApp(
          cluster,
          "v9",
          "revision",
          status -> {
            assertThat(sync(status)).containsEntry("status", "Unknown");
            assertThat(list(status.get("conditions")))
                .anyMatch(
                    c ->
                        String.valueOf(map(c).get("message"))
                            .endsWith("unable to resolve 'v9' to a commit SHA"));
          });
      assertThat(
              cluster.client().apps().deployments().inNamespace("default").withName("echo").get())
          .isNull();
    }
  }

  @Test
  @DisplayName(
      "replicas in Git with self-heal fight an autoscaler; ignoreDifferences on /spec/replicas ends it")
  void selfHealFightsTheAutoscalerUnlessReplicasAreIgnored(SimCluster cluster) throws Exception {
    try (GitRepository repo = seed()) {
      create(cluster, GitOps.application("demo", repo, "gitops", "default"), null);
      awaitApp(cluster, "first sync", s -> assertThat(sync(s)).containsEntry("status", "Synced"));

      scaleEcho(cluster, 4);
      await("self-heal puts Git's 2 replicas back over the autoscaler's 4")
          .atMost(Duration.ofSeconds(20))
          .until(() -> replicas(cluster) == 2);

      create(
          cluster,
          GitOps.application("demo", repo, "gitops", "default"),
          app ->
              map(app.get("spec"))
                  .put(
                      "ignoreDifferences",
                      List.of(
                          Map.of(
                              "group", "apps",
                              "kind", "Deployment",
                              "jsonPointers", List.of("/spec/replicas")))));
      await("the Application picked up ignoreDifferences")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  sync(status(cluster, "demo")).containsKey("comparedTo")
                      && map(sync(status(cluster, "demo")).get("comparedTo"))
                          .containsKey("ignoreDifferences"));
      scaleEcho(cluster, 4);
      // Several reconciles and Git polls pass; the autoscaler's count must stand.
      await("the app stays Synced with the autoscaler's replicas")
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  replicas(cluster) == 4
                      && "Synced".equals(sync(status(cluster, "demo")).get("status")));

      // A new commit syncs every manifest, ignored fields included: Git's 2 again.
      repo.commit("one more setting", Map.of("gitops/more.yaml", MORE.formatted("more")));
      await("a full sync of a new commit applies Git's replicas")
          .atMost(Duration.ofSeconds(30))
          .until(() -> replicas(cluster) == 2);

      // RespectIgnoreDifferences=true keeps the live value of ignored fields in a sync.
      create(
          cluster,
          GitOps.application("demo", repo, "gitops", "default"),
          app -> {
            map(app.get("spec"))
                .put(
                    "ignoreDifferences",
                    List.of(
                        Map.of(
                            "group", "apps",
                            "kind", "Deployment",
                            "jqPathExpressions", List.of(".spec.replicas"))));
            map(map(app.get("spec")).get("syncPolicy"))
                .put(
                    "syncOptions",
                    List.of("CreateNamespace=true", "RespectIgnoreDifferences=true"));
          });
      await("the Application picked up the jq path")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  String.valueOf(map(sync(status(cluster, "demo")).get("comparedTo")))
                      .contains(".spec.replicas"));
      scaleEcho(cluster, 4);
      String third =
          repo.commit("yet another setting", Map.of("gitops/most.yaml", MORE.formatted("most")));
      awaitApp(
          cluster,
          "synced at the third commit",
          status ->
              assertThat(map(status.get("operationState")).get("syncResult").toString())
                  .contains(third));
      assertThat(replicas(cluster))
          .as("the autoscaler's count, kept through the sync")
          .isEqualTo(4);
    }
  }

  private static final String MORE =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s, namespace: default}\n";

  private static void scaleEcho(SimCluster cluster, int replicas) {
    cluster.client().apps().deployments().inNamespace("default").withName("echo").scale(replicas);
  }

  private static int replicas(SimCluster cluster) {
    Integer replicas =
        cluster
            .client()
            .apps()
            .deployments()
            .inNamespace("default")
            .withName("echo")
            .get()
            .getSpec()
            .getReplicas();
    return replicas == null ? 1 : replicas;
  }

  private static void create(
      SimCluster cluster,
      GenericKubernetesResource application,
      Consumer<GenericKubernetesResource> edit) {
    if (cluster.client().namespaces().withName(GitOps.NAMESPACE).get() == null) {
      cluster
          .client()
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(GitOps.NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
    }
    if (edit != null) {
      edit.accept(application);
    }
    cluster.apply(List.of(application));
  }

  private static void awaitApp(
      SimCluster cluster, String what, Consumer<Map<String, Object>> check) {
    awaitApp(cluster, "demo", what, check);
  }

  private static void awaitApp(
      SimCluster cluster, String name, String what, Consumer<Map<String, Object>> check) {
    await("Application " + name + ": " + what)
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status(cluster, name);
              try {
                check.accept(status);
              } catch (AssertionError e) {
                throw new AssertionError(
                    e.getMessage() + "\nin the Application's status: " + status, e);
              }
            });
  }

  private static Map<String, Object> status(SimCluster cluster, String name) {
    GenericKubernetesResource app =
        cluster
            .client()
            .genericKubernetesResources(ArgoCdController.APPLICATIONS)
            .inNamespace(GitOps.NAMESPACE)
            .withName(name)
            .get();
    return app == null ? Map.of() : map(app.get("status"));
  }

  private static Map<String, Object> sync(Map<String, Object> status) {
    return map(status.get("sync"));
  }

  private static List<String> messages(Map<String, Object> operationState) {
    return list(map(operationState.get("syncResult")).get("resources")).stream()
        .map(r -> String.valueOf(map(r).get("message")))
        .toList();
  }
}
