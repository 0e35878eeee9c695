package io.scaleproof.sampleapp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Draws a request's service time from the declared distribution, keeping the declared mean. */
final class ServiceTime {
  private ServiceTime() {}

  static Duration draw(Behaviour b) {
    double mean = b.serviceTime().toNanos();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    double nanos =
        switch (b.distribution()) {
          case "constant" -> mean;
          case "exponential" -> -mean * Math.log(1 - random.nextDouble());
          // mu chosen so that the mean of exp(mu + sigma * Z) is the declared mean.
          case "lognormal" ->
              Math.exp(
                  Math.log(mean) - b.sigma() * b.sigma() / 2 + b.sigma() * random.nextGaussian());
          default -> throw new IllegalStateException(b.distribution());
        };
    return Duration.ofNanos((long) nanos);
  }
}
