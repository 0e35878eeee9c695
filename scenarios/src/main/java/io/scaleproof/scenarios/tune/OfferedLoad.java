package io.scaleproof.scenarios.tune;

import io.scaleproof.scenarios.spec.LoadProfile;

/**
 * The request rate a scenario's open profile offers at each moment of the load, as the Gatling
 * injection steps of {@code ScalingLoadSimulation} shape it: constant, a linear ramp then a hold, a
 * burst between two equal steady parts, or stairs of whole levels.
 */
final class OfferedLoad {
  private OfferedLoad() {}

  /** Requests per second offered {@code second} seconds after the load started; 0 outside it. */
  static double rate(LoadProfile profile, double second) {
    if (second < 0 || second >= profile.duration().toMillis() / 1000.0) {
      return 0;
    }
    if (profile instanceof LoadProfile.Constant constant) {
      return constant.rate();
    }
    if (profile instanceof LoadProfile.Soak soak) {
      return soak.rate();
    }
    if (profile instanceof LoadProfile.Ramp ramp) {
      double rampSeconds = ramp.ramp().toMillis() / 1000.0;
      return second >= rampSeconds
          ? ramp.to()
          : ramp.from() + (ramp.to() - ramp.from()) * second / rampSeconds;
    }
    if (profile instanceof LoadProfile.Spike spike) {
      double steady = spike.steady().toMillis() / 1000.0;
      double burst = spike.spike().toMillis() / 1000.0;
      return second >= steady && second < steady + burst ? spike.peak() : spike.rate();
    }
    if (profile instanceof LoadProfile.Stairs stairs) {
      return stairs.from()
          + stairs.step() * Math.floor(second / (stairs.levelDuration().toMillis() / 1000.0));
    }
    throw new IllegalArgumentException("a closed profile offers no rate: " + profile);
  }
}
