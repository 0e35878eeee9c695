package com.example.shop;

import static io.scaleproof.scenarios.junit.RunOutcomeAssert.assertThat;

import io.scaleproof.scenarios.junit.Scaleproof;
import io.scaleproof.scenarios.run.RunOutcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shop's checkout scales on its p95 before the change reaches production. */
class CheckoutScalingIT {
  @RegisterExtension
  static final Scaleproof scaleproof = Scaleproof.project(Path.of("scaleproof.yaml"));

  @Test
  @DisplayName("checkout scales up on p95 past 200 ms, recovers, and comes back down")
  void checkoutScalesOnP95() {
    RunOutcome ramp = scaleproof.run("ramp");

    assertThat(ramp).holdsItsExpectations();
    // The team's own sharper check: the autoscaler asks for more replicas within four of KEDA's
    // 5 s polls of the breach, and never more than maxReplicaCount.
    assertThat(ramp)
        .service("checkout")
        .whenP95Exceeds(200)
        .scalesUp()
        .decisionWithin(Duration.ofSeconds(20));
    assertThat(ramp).service("checkout").replicasStayWithin(1, 3);
  }
}
