package io.scaleproof.scenarios.spec;

import java.time.Duration;

/**
 * How load is offered to each service of a scenario. The open profiles start requests at a rate,
 * whether or not earlier ones have finished, as independent users arrive, so a saturated service
 * sees its queue grow; the closed one keeps a number of users each waiting for its answer, so the
 * load eases off as the service slows down. Rates are requests per second, per service.
 */
public sealed interface LoadProfile {
  /** How long the load lasts. */
  Duration duration();

  /** The highest rate the profile offers (for a closed profile: an estimate of none, 0). */
  double peakRate();

  /** One line for the console and the reports. */
  String describe();

  /** {@code rate} requests per second for {@code duration}. */
  record Constant(double rate, Duration duration) implements LoadProfile {
    @Override
    public double peakRate() {
      return rate;
    }

    @Override
    public String describe() {
      return "constant %s req/s for %s".formatted(perSecond(rate), seconds(duration));
    }
  }

  /** From {@code from} to {@code to} requests per second over {@code ramp}, then {@code hold}. */
  record Ramp(double from, double to, Duration ramp, Duration hold) implements LoadProfile {
    @Override
    public Duration duration() {
      return ramp.plus(hold);
    }

    @Override
    public double peakRate() {
      return Math.max(from, to);
    }

    @Override
    public String describe() {
      return "ramp %s→%s req/s over %s, then %s"
          .formatted(perSecond(from), perSecond(to), seconds(ramp), seconds(hold));
    }
  }

  /**
   * {@code rate} requests per second, with a burst of {@code peak} for {@code spike} in the middle:
   * the rest of {@code duration} is split evenly before and after it.
   */
  record Spike(double rate, double peak, Duration duration, Duration spike) implements LoadProfile {
    @Override
    public double peakRate() {
      return Math.max(rate, peak);
    }

    /** The steady part before the spike (and after it). */
    public Duration steady() {
      return duration.minus(spike).dividedBy(2);
    }

    @Override
    public String describe() {
      return "spike %s req/s with %s of %s req/s, %s in all"
          .formatted(perSecond(rate), seconds(spike), perSecond(peak), seconds(duration));
    }
  }

  /** {@code levels} steps of {@code step} requests per second above {@code from}, each held. */
  record Stairs(double from, double step, int levels, Duration levelDuration)
      implements LoadProfile {
    @Override
    public Duration duration() {
      return levelDuration.multipliedBy(levels);
    }

    @Override
    public double peakRate() {
      return from + step * (levels - 1);
    }

    @Override
    public String describe() {
      return "stairs from %s req/s, +%s per %s, %d levels"
          .formatted(perSecond(from), perSecond(step), seconds(levelDuration), levels);
    }
  }

  /** A long constant load, for leaks and slow drift (nightly). */
  record Soak(double rate, Duration duration) implements LoadProfile {
    @Override
    public double peakRate() {
      return rate;
    }

    @Override
    public String describe() {
      return "soak %s req/s for %s".formatted(perSecond(rate), seconds(duration));
    }
  }

  /** {@code users} users, each sending a request, waiting for it, then {@code thinkTime}. */
  record Closed(int users, Duration duration, Duration thinkTime) implements LoadProfile {
    @Override
    public double peakRate() {
      return 0;
    }

    @Override
    public String describe() {
      return "closed %d users, think time %s, for %s"
          .formatted(users, seconds(thinkTime), seconds(duration));
    }
  }

  private static String perSecond(double rate) {
    return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() / 1000.0 + " s";
  }
}
