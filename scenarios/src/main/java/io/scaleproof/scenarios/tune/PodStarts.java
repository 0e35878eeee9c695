package io.scaleproof.scenarios.tune;

import io.scaleproof.cluster.sim.autoscaling.AutoscalerTwin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When the pods the autoscaler asks for become ready: each new pod after a delay drawn from the
 * delays a recorded run showed (scale decision to Ready), or after their median for the
 * calibration's own replay. A scale-down removes the pods that are not ready first, then the
 * youngest, as the ReplicaSet controller ranks them.
 */
final class PodStarts implements AutoscalerTwin.Pods {
  private final double[] delaysSeconds;
  private final SplittableRandom random;
  private final List<Instant> readyAt = new ArrayList<>();

  /**
   * @param delaysSeconds the observed delays; at least one
   * @param random where draws come from; null to use the median every time
   * @param initialReady pods ready from the start
   */
  PodStarts(double[] delaysSeconds, SplittableRandom random, int initialReady, Instant start) {
    if (delaysSeconds.length == 0) {
      throw new IllegalArgumentException("delaysSeconds: at least one is needed");
    }
    this.delaysSeconds = delaysSeconds.clone();
    java.util.Arrays.sort(this.delaysSeconds);
    this.random = random;
    for (int i = 0; i < initialReady; i++) {
      readyAt.add(start);
    }
  }

  @Override
  public void scaled(int from, int to, Instant at) {
    while (readyAt.size() > to) {
      int victim = 0;
      for (int i = 1; i < readyAt.size(); i++) {
        if (!readyAt.get(i).isBefore(readyAt.get(victim))) {
          victim = i;
        }
      }
      readyAt.remove(victim);
    }
    while (readyAt.size() < to) {
      readyAt.add(at.plus(Duration.ofMillis(Math.round(nextDelay() * 1000))));
    }
  }

  private double nextDelay() {
    if (random == null) {
      return delaysSeconds[delaysSeconds.length / 2];
    }
    return delaysSeconds[random.nextInt(delaysSeconds.length)];
  }

  @Override
  public int ready(int replicas, Instant at) {
    int ready = 0;
    for (Instant instant : readyAt) {
      if (!instant.isAfter(at)) {
        ready++;
      }
    }
    return Math.min(ready, replicas);
  }
}
