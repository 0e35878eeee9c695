package io.scaleproof.cluster.sim.argocd;

import io.scaleproof.cluster.PlainValues;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Whether an automated Application syncs now, and why not: Argo CD's {@code autoSync} decision
 * ({@code controller/appcontroller.go}, Argo CD v3.2.0) with no client and no clock of its own. Its
 * inputs are the Application's spec and whether it is being deleted, the comparison with Git, the
 * revision Git resolved to, the last operation's state ({@code status.operationState}) and the
 * time; its answer is a {@link Decision}, which the controller carries out.
 *
 * <p>A sync starts when the Application is out of sync and automated, unless the same revision and
 * source were already synced: then a failed last attempt is reported and not retried, and only
 * self-heal, after its back-off, syncs again — the out-of-sync resources alone. It never starts a
 * sync that would only prune with automated prune off, nor one that would prune everything without
 * {@code allowEmpty}.
 */
final class AutoSyncPolicy {
  /**
   * How long an Application stays synced before self-heal's back-off starts afresh (the
   * controller's {@code --self-heal-backoff-cooldown-seconds}, 330 by default).
   */
  static final Duration SELF_HEAL_COOLDOWN = Duration.ofSeconds(330);

  /** The controller's defaults: 2 s, factor 3, at most 300 s, cooldown 330 s. */
  static final AutoSyncPolicy DEFAULTS =
      new AutoSyncPolicy(
          new SelfHealBackoff(Duration.ofSeconds(2), 3, Duration.ofSeconds(300)),
          SELF_HEAL_COOLDOWN);

  private final SelfHealBackoff backoff;
  private final Duration cooldown;

  /**
   * Self-heal's back-off, Kubernetes' {@code wait.Backoff{Duration, Factor, Cap}} stepped once per
   * attempt (the controller's {@code --self-heal-backoff-timeout-seconds}, {@code
   * --self-heal-backoff-factor} and {@code --self-heal-backoff-cap-seconds}).
   */
  record SelfHealBackoff(Duration initial, int factor, Duration cap) {
    /** The wait before attempt {@code attempts + 1}: none before the first. */
    Duration after(int attempts) {
      if (attempts == 0) {
        return Duration.ZERO;
      }
      Duration delay = initial;
      for (int i = 1; i < attempts && delay.compareTo(cap) < 0; i++) {
        delay = delay.multipliedBy(factor);
      }
      return delay.compareTo(cap) > 0 ? cap : delay;
    }
  }

  /** What the controller does about an Application this time. */
  sealed interface Decision {}

  /** No sync and nothing to report; {@code reason} says why, for the log and for tests. */
  record Skip(String reason) implements Decision {}

  /** No sync, and a {@code SyncError} condition with this message. */
  record Refuse(String syncError) implements Decision {}

  /**
   * Start a sync: of every managed resource, or under self-heal of the out-of-sync ones only, its
   * attempts count carried on the operation.
   */
  record Sync(List<ArgoCdController.Managed> resources, boolean selfHeal, int healAttempts)
      implements Decision {}

  AutoSyncPolicy(SelfHealBackoff backoff, Duration cooldown) {
    this.backoff = backoff;
    this.cooldown = cooldown;
  }

  /** Self-heal's wait before attempt {@code attempts + 1}. */
  Duration backoff(int attempts) {
    return backoff.after(attempts);
  }

  /**
   * @param deleting whether the Application carries a deletion timestamp
   * @param revision the commit Git's target revision resolved to
   * @param operationState the Application's {@code status.operationState}, empty if none
   */
  Decision decide(
      ApplicationSpec spec,
      boolean deleting,
      String revision,
      Comparison comparison,
      Map<String, Object> operationState,
      Instant now) {
    if (!spec.automated()) {
      return new Skip("automated sync is disabled");
    }
    if (deleting) {
      return new Skip("deletion in progress");
    }
    if (!"OutOfSync".equals(comparison.syncStatus())) {
      return new Skip("application status is " + comparison.syncStatus());
    }
    List<ArgoCdController.Managed> outOfSync =
        comparison.managed().stream().filter(m -> !m.synced()).toList();
    if (!spec.prune() && outOfSync.stream().allMatch(ArgoCdController.Managed::requiresPruning)) {
      return new Skip("need to prune extra resources only but automated prune is disabled");
    }
    List<ArgoCdController.Managed> resources = comparison.managed();
    boolean selfHeal = false;
    int healAttempts = 0;
    if (alreadyAttempted(spec, revision, operationState)) {
      if (!"Succeeded".equals(operationState.get("phase"))) {
        return new Refuse(
            "Failed last sync attempt to ["
                + revision
                + "]: "
                + operationState.getOrDefault("message", ""));
      }
      if (!spec.selfHeal()) {
        return new Skip("most recent sync already to [" + revision + "]");
      }
      Map<String, Object> lastSync =
          PlainValues.map(PlainValues.map(operationState.get("operation")).get("sync"));
      // The attempts count carries over only while the last sync is recent; an Application in
      // sync for the cooldown starts self-heal's back-off afresh.
      healAttempts =
          cooldownElapsed(operationState, now)
              ? 0
              : lastSync.get("autoHealAttemptsCount") instanceof Number n ? n.intValue() : 0;
      Duration remaining = remainingBackoff(operationState, healAttempts, now);
      if (remaining.compareTo(Duration.ZERO) > 0) {
        return new Skip("self-heal retries in " + remaining.toSeconds() + " s");
      }
      selfHeal = true;
      healAttempts++;
      resources = outOfSync;
    }
    if (spec.prune()
        && !spec.allowEmpty()
        && comparison.managed().stream().allMatch(ArgoCdController.Managed::requiresPruning)) {
      return new Refuse(
          "Skipping sync attempt to [" + revision + "]: auto-sync will wipe out all resources");
    }
    return new Sync(resources, selfHeal, healAttempts);
  }

  /**
   * {@code alreadyAttemptedSync}: whether the last operation synced this revision from this source.
   */
  private static boolean alreadyAttempted(
      ApplicationSpec spec, String revision, Map<String, Object> operationState) {
    Map<String, Object> lastResult = PlainValues.map(operationState.get("syncResult"));
    return revision.equals(lastResult.get("revision"))
        && spec.source().equals(PlainValues.map(lastResult.get("source")));
  }

  /**
   * {@code selfHealBackoffCooldownElapsed}: whether the last operation finished successfully at
   * least the cooldown ago (or has not finished), so that self-heal's attempts count starts again
   * from 0.
   */
  boolean cooldownElapsed(Map<String, Object> operationState, Instant now) {
    if (operationState.isEmpty() || operationState.get("finishedAt") == null) {
      return true;
    }
    Instant finished = Instant.parse(String.valueOf(operationState.get("finishedAt")));
    return !now.isBefore(finished.plus(cooldown))
        && "Succeeded".equals(operationState.get("phase"));
  }

  /**
   * {@code selfHealRemainingBackoff}: how long self-heal still waits after {@code attempts}
   * attempts, counted from when the last operation finished (the whole back-off if it has not);
   * zero or less when it may sync now.
   */
  Duration remainingBackoff(Map<String, Object> operationState, int attempts, Instant now) {
    if (operationState.isEmpty()) {
      return Duration.ZERO;
    }
    Duration delay = backoff.after(attempts);
    Object finishedAt = operationState.get("finishedAt");
    if (finishedAt == null) {
      return delay;
    }
    return delay.minus(Duration.between(Instant.parse(String.valueOf(finishedAt)), now));
  }
}
