package io.scaleproof.cluster.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.scaleproof.cluster.sim.argocd.ArgoCdController.Gvk;
import io.scaleproof.cluster.sim.argocd.ArgoCdController.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The automated sync decision against Argo CD's own cases ({@code
 * controller/appcontroller_test.go}, Argo CD v3.2.0, commit
 * 66b2f302d91a42cc151808da0eec0846bbe1062c), each named after the upstream test it ports.
 * Upstream's fixture is an automated Application last synced, successfully, to revision {@code
 * aaaa…} from its own source; a case then changes one fact. The multi-source cases ({@code
 * TestAutoSyncMultiSourceWithoutSelfHeal}, {@code TestAutoSyncParameterOverrides/Multi sources})
 * are not here: the emulation reads one source per Application.
 */
class AutoSyncPolicyTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final String SYNCED = "a".repeat(40);
  private static final String NEWER = "b".repeat(40);
  private static final Map<String, Object> SOURCE =
      Map.of(
          "repoURL", "file:///srv/git/argocd-example-apps",
          "path", "some/path");

  private static final Managed GUESTBOOK_OUT_OF_SYNC = deployment("guestbook", true, true);
  private static final Managed GUESTBOOK_TO_PRUNE = deployment("guestbook", false, true);

  private final AutoSyncPolicy policy = AutoSyncPolicy.DEFAULTS;

  @Test
  @DisplayName("TestAutoSync: out of sync at a new revision, automated: a full sync, no prune")
  void syncsANewRevision() {
    ApplicationSpec spec = spec(Map.of());
    AutoSyncPolicy.Decision decision =
        decide(spec, NEWER, outOfSync(GUESTBOOK_OUT_OF_SYNC), lastSyncSucceeded());

    assertThat(decision)
        .isEqualTo(new AutoSyncPolicy.Sync(List.of(GUESTBOOK_OUT_OF_SYNC), false, 0));
    assertThat(spec.prune()).as("the operation's prune comes from the spec").isFalse();
  }

  @Test
  @DisplayName("TestAutoSyncEnabledSetToTrue: automated.enabled true syncs as automated {} does")
  void enabledTrueSyncs() {
    assertThat(
            decide(
                spec(Map.of("enabled", true)),
                NEWER,
                outOfSync(GUESTBOOK_OUT_OF_SYNC),
                lastSyncSucceeded()))
        .isInstanceOf(AutoSyncPolicy.Sync.class);
  }

  @Test
  @DisplayName("TestAutoSyncNotAllowEmpty: with prune and nothing left in Git, a SyncError")
  void refusesToWipeOutWithoutAllowEmpty() {
    assertThat(decide(spec(Map.of("prune", true)), NEWER, outOfSync(), lastSyncSucceeded()))
        .isEqualTo(
            new AutoSyncPolicy.Refuse(
                "Skipping sync attempt to [" + NEWER + "]: auto-sync will wipe out all resources"));
  }

  @Test
  @DisplayName("TestAutoSyncNotAllowEmpty, as the cluster sees it: every resource left to prune")
  void refusesToPruneEverythingWithoutAllowEmpty() {
    assertThat(
            decide(
                spec(Map.of("prune", true)),
                NEWER,
                outOfSync(GUESTBOOK_TO_PRUNE),
                lastSyncSucceeded()))
        .isInstanceOf(AutoSyncPolicy.Refuse.class);
  }

  @Test
  @DisplayName("TestAutoSyncAllowEmpty: with prune and allowEmpty, no SyncError")
  void allowEmptySyncs() {
    assertThat(
            decide(
                spec(Map.of("prune", true, "allowEmpty", true)),
                NEWER,
                outOfSync(),
                lastSyncSucceeded()))
        .isInstanceOf(AutoSyncPolicy.Sync.class);
  }

  /** TestSkipAutoSync: its subcases, each a reason not to sync and no condition. */
  @Nested
  class SkipAutoSync {
    @Test
    @DisplayName("TestSkipAutoSync/PreviouslySyncedToRevision")
    void previouslySyncedToRevision() {
      assertThat(decide(spec(Map.of()), SYNCED, outOfSync(), lastSyncSucceeded()))
          .isInstanceOf(AutoSyncPolicy.Skip.class);
    }

    @Test
    @DisplayName("TestSkipAutoSync/PreviouslySyncedToRevision, with an out-of-sync resource")
    void previouslySyncedToRevisionWithoutSelfHeal() {
      assertThat(
              decide(spec(Map.of()), SYNCED, outOfSync(GUESTBOOK_OUT_OF_SYNC), lastSyncSucceeded()))
          .isEqualTo(new AutoSyncPolicy.Skip("most recent sync already to [" + SYNCED + "]"));
    }

    @Test
    @DisplayName("TestSkipAutoSync/AlreadyInSyncedState")
    void alreadyInSyncedState() {
      Comparison synced = new Comparison(List.of(), "Synced", "Healthy", List.of());
      assertThat(decide(spec(Map.of()), NEWER, synced, lastSyncSucceeded()))
          .isInstanceOf(AutoSyncPolicy.Skip.class);
    }

    @Test
    @DisplayName("TestSkipAutoSync/AutoSyncIsDisabled")
    void autoSyncIsDisabled() {
      assertThat(
              decide(
                  ApplicationSpec.of(application(null)),
                  NEWER,
                  outOfSync(GUESTBOOK_OUT_OF_SYNC),
                  lastSyncSucceeded()))
          .isEqualTo(new AutoSyncPolicy.Skip("automated sync is disabled"));
    }

    @Test
    @DisplayName("TestSkipAutoSync/AutoSyncEnableFieldIsSetFalse")
    void autoSyncEnableFieldIsSetFalse() {
      assertThat(
              decide(
                  spec(Map.of("enabled", false)),
                  NEWER,
                  outOfSync(GUESTBOOK_OUT_OF_SYNC),
                  lastSyncSucceeded()))
          .isEqualTo(new AutoSyncPolicy.Skip("automated sync is disabled"));
    }

    @Test
    @DisplayName("TestSkipAutoSync/ApplicationIsMarkedForDeletion")
    void applicationIsMarkedForDeletion() {
      assertThat(
              policy.decide(
                  spec(Map.of()),
                  true,
                  NEWER,
                  outOfSync(GUESTBOOK_OUT_OF_SYNC),
                  lastSyncSucceeded(),
                  NOW))
          .isEqualTo(new AutoSyncPolicy.Skip("deletion in progress"));
    }

    @Test
    @DisplayName("TestSkipAutoSync/PreviousSyncAttemptFailed")
    void previousSyncAttemptFailed() {
      assertThat(
              decide(
                  spec(Map.of()),
                  NEWER,
                  outOfSync(GUESTBOOK_OUT_OF_SYNC),
                  lastSync("Failed", NEWER, SOURCE)))
          .isEqualTo(new AutoSyncPolicy.Refuse("Failed last sync attempt to [" + NEWER + "]: "));
    }

    @Test
    @DisplayName("TestSkipAutoSync/PreviousSyncAttemptError")
    void previousSyncAttemptError() {
      assertThat(
              decide(
                  spec(Map.of()),
                  NEWER,
                  outOfSync(GUESTBOOK_OUT_OF_SYNC),
                  lastSync("Error", NEWER, SOURCE)))
          .isInstanceOf(AutoSyncPolicy.Refuse.class);
    }

    @Test
    @DisplayName("TestSkipAutoSync/NeedsToPruneResourcesOnlyButAutomatedPruneDisabled")
    void needsToPruneResourcesOnlyButAutomatedPruneDisabled() {
      assertThat(decide(spec(Map.of()), NEWER, outOfSync(GUESTBOOK_TO_PRUNE), lastSyncSucceeded()))
          .isEqualTo(
              new AutoSyncPolicy.Skip(
                  "need to prune extra resources only but automated prune is disabled"));
    }
  }

  @Test
  @DisplayName("TestAutoSyncIndicateError: the same revision and source failed last: a SyncError")
  void indicatesTheFailedAttempt() {
    Map<String, Object> failed = lastSync("Failed", SYNCED, SOURCE);
    failed.put("message", "one or more objects failed to apply");

    assertThat(decide(spec(Map.of()), SYNCED, outOfSync(GUESTBOOK_OUT_OF_SYNC), failed))
        .isEqualTo(
            new AutoSyncPolicy.Refuse(
                "Failed last sync attempt to ["
                    + SYNCED
                    + "]: one or more objects failed to apply"));
  }

  @Test
  @DisplayName(
      "TestAutoSyncParameterOverrides/Single source: the same revision from a changed source syncs")
  void aChangedSourceSyncsTheSameRevision() {
    Map<String, Object> before = new LinkedHashMap<>(SOURCE);
    before.put("directory", Map.of("include", "*.yaml"));

    assertThat(
            decide(
                spec(Map.of()),
                SYNCED,
                outOfSync(GUESTBOOK_OUT_OF_SYNC),
                lastSync("Failed", SYNCED, before)))
        .isEqualTo(new AutoSyncPolicy.Sync(List.of(GUESTBOOK_OUT_OF_SYNC), false, 0));
  }

  /**
   * TestSelfHealRemainingBackoff, its nine cases, with upstream's test back-off (2 s, factor 3, at
   * most 2 min): the attempts so far, when the last operation finished (null: it has not), the wait
   * left, and whether self-heal may sync now.
   */
  @ParameterizedTest(name = "TestSelfHealRemainingBackoff/test case {index}: {0} attempts")
  @MethodSource("remainingBackoffCases")
  void selfHealRemainingBackoff(
      int attempts, Instant finishedAt, Duration remaining, boolean selfHeals) {
    AutoSyncPolicy upstreamTest =
        new AutoSyncPolicy(
            new AutoSyncPolicy.SelfHealBackoff(Duration.ofSeconds(2), 3, Duration.ofMinutes(2)),
            AutoSyncPolicy.SELF_HEAL_COOLDOWN);
    Map<String, Object> operationState = new LinkedHashMap<>();
    operationState.put("operation", Map.of("sync", Map.of()));
    if (finishedAt != null) {
      operationState.put("finishedAt", finishedAt.toString());
    }

    Duration left = upstreamTest.remainingBackoff(operationState, attempts, NOW);

    assertThat(left).isEqualTo(remaining);
    assertThat(left.compareTo(Duration.ZERO) <= 0)
        .as("self-heal may sync now")
        .isEqualTo(selfHeals);
  }

  static Stream<Arguments> remainingBackoffCases() {
    return Stream.of(
        Arguments.of(0, NOW, Duration.ZERO, true),
        Arguments.of(1, NOW, Duration.ofSeconds(2), false),
        Arguments.of(2, NOW, Duration.ofSeconds(6), false),
        Arguments.of(3, null, Duration.ofSeconds(18), false),
        Arguments.of(4, null, Duration.ofSeconds(54), false),
        Arguments.of(5, null, Duration.ofSeconds(120), false),
        Arguments.of(6, null, Duration.ofSeconds(120), false),
        Arguments.of(6, NOW, Duration.ofSeconds(120), false),
        Arguments.of(40, NOW.minusSeconds(60), Duration.ofSeconds(60), false));
  }

  @Test
  @DisplayName(
      "self-heal, after its back-off, syncs only the out-of-sync resources and counts the attempt")
  void selfHealSyncsTheOutOfSyncResourcesOnly() {
    Managed inSync = deployment("settings", true, false);
    Map<String, Object> healed = lastSyncSucceeded();
    healed.put("finishedAt", NOW.minusSeconds(2).toString());
    healed.put("operation", Map.of("sync", Map.of("autoHealAttemptsCount", 1)));
    Comparison comparison = outOfSync(inSync, GUESTBOOK_OUT_OF_SYNC);

    assertThat(decide(spec(Map.of("selfHeal", true)), SYNCED, comparison, healed))
        .as("2 s after the first heal: the second may start")
        .isEqualTo(new AutoSyncPolicy.Sync(List.of(GUESTBOOK_OUT_OF_SYNC), true, 2));

    healed.put("finishedAt", NOW.minusSeconds(1).toString());
    assertThat(decide(spec(Map.of("selfHeal", true)), SYNCED, comparison, healed))
        .as("1 s after the first heal: still backing off")
        .isEqualTo(new AutoSyncPolicy.Skip("self-heal retries in 1 s"));
  }

  private AutoSyncPolicy.Decision decide(
      ApplicationSpec spec,
      String revision,
      Comparison comparison,
      Map<String, Object> operationState) {
    return policy.decide(spec, false, revision, comparison, operationState, NOW);
  }

  /** Upstream's fake Application, its {@code syncPolicy.automated} set to {@code automated}. */
  private static ApplicationSpec spec(Map<String, Object> automated) {
    return ApplicationSpec.of(application(Map.of("automated", automated)));
  }

  private static GenericKubernetesResource application(Map<String, Object> syncPolicy) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("project", "default");
    spec.put("source", SOURCE);
    spec.put("destination", Map.of("namespace", "dummy-namespace"));
    if (syncPolicy != null) {
      spec.put("syncPolicy", syncPolicy);
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("argoproj.io/v1alpha1")
        .withKind("Application")
        .withNewMetadata()
        .withName("my-app")
        .withNamespace("argocd")
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** Upstream fixture's status: synced successfully to {@code aaaa…} from the same source. */
  private static Map<String, Object> lastSyncSucceeded() {
    Map<String, Object> state = lastSync("Succeeded", SYNCED, SOURCE);
    state.put("message", "successfully synced");
    state.put("finishedAt", "2018-09-21T23:50:29Z");
    return state;
  }

  private static Map<String, Object> lastSync(
      String phase, String revision, Map<String, Object> source) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("operation", Map.of("sync", Map.of("revision", "HEAD")));
    state.put("phase", phase);
    state.put("syncResult", Map.of("revision", revision, "source", source));
    return state;
  }

  private static Comparison outOfSync(Managed... resources) {
    return new Comparison(List.of(resources), "OutOfSync", "Healthy", List.of());
  }

  /** A Deployment in Git ({@code inGit}) or only live, changed from Git or not. */
  private static Managed deployment(String name, boolean inGit, boolean modified) {
    return new Managed(
        new Gvk("apps/v1", "Deployment"),
        "dummy-namespace",
        name,
        inGit
            ? new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("dummy-namespace")
                .endMetadata()
                .build()
            : null,
        Map.of("kind", "Deployment", "metadata", Map.of("name", name)),
        inGit ? name + ".yaml" : null,
        0,
        modified);
  }
}
