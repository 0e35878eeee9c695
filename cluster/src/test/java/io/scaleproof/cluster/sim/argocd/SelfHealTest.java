package io.scaleproof.cluster.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Self-heal's back-off and its cooldown, against Argo CD's own cases ({@code
 * controller/appcontroller_test.go}, Argo CD v3.2.0) and the controller's default flags (2 s,
 * factor 3, cap 300 s, cooldown 330 s).
 */
class SelfHealTest {
  private static final Instant NOW = Instant.parse("2026-12-04T05:00:00Z");

  /** TestSelfHealBackoffCooldownElapsed, its four cases. */
  @Test
  void cooldownElapsed() {
    Map<String, Object> running = operation("Succeeded", null);
    assertThat(ArgoCdController.selfHealCooldownElapsed(running, NOW))
        .as("operation not completed")
        .isTrue();
    assertThat(
            ArgoCdController.selfHealCooldownElapsed(
                operation("Succeeded", NOW.minus(ArgoCdController.SELF_HEAL_COOLDOWN)), NOW))
        .as("successful operation finished after cooldown")
        .isTrue();
    assertThat(
            ArgoCdController.selfHealCooldownElapsed(
                operation("Failed", NOW.minus(ArgoCdController.SELF_HEAL_COOLDOWN)), NOW))
        .as("unsuccessful operation finished after cooldown")
        .isFalse();
    assertThat(ArgoCdController.selfHealCooldownElapsed(operation("Succeeded", NOW), NOW))
        .as("successful operation finished before cooldown")
        .isFalse();
  }

  /** wait.Backoff{Duration: 2s, Factor: 3, Cap: 300s} stepped once per attempt. */
  @Test
  void backoff() {
    assertThat(ArgoCdController.selfHealBackoff(0)).isEqualTo(Duration.ZERO);
    assertThat(ArgoCdController.selfHealBackoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(ArgoCdController.selfHealBackoff(2)).isEqualTo(Duration.ofSeconds(6));
    assertThat(ArgoCdController.selfHealBackoff(3)).isEqualTo(Duration.ofSeconds(18));
    assertThat(ArgoCdController.selfHealBackoff(5)).isEqualTo(Duration.ofSeconds(162));
    assertThat(ArgoCdController.selfHealBackoff(6)).isEqualTo(Duration.ofSeconds(300));
    assertThat(ArgoCdController.selfHealBackoff(20)).isEqualTo(Duration.ofSeconds(300));
  }

  private static Map<String, Object> operation(String phase, Instant finishedAt) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("phase", phase);
    if (finishedAt != null) {
      state.put("finishedAt", finishedAt.toString());
    }
    return state;
  }
}
