package io.scaleproof.scenarios.tune;

import io.scaleproof.assertions.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded service's measurements on the twin's clock (second s is {@code first + s}): its ready
 * replicas each second, the clients' p95 and the p95 metric as (second, ms) points — what the
 * calibration fits the model against — and the pod starts the run showed.
 */
record Observed(int[] ready, List<double[]> clientAt, List<double[]> metricAt) {
  static Observed of(List<Sample> samples, Instant first, int seconds) {
    int[] ready = new int[seconds + 1];
    int index = 0;
    for (int s = 0; s <= seconds; s++) {
      Instant at = first.plusSeconds(s);
      while (index + 1 < samples.size() && !samples.get(index + 1).at().isAfter(at)) {
        index++;
      }
      ready[s] = samples.get(index).readyReplicas();
    }
    List<double[]> client = new ArrayList<>();
    List<double[]> metric = new ArrayList<>();
    for (Sample sample : samples) {
      double t = seconds(first, sample.at());
      if (sample.clientP95Ms() != null && sample.clientP95Ms() > 0) {
        client.add(new double[] {t, sample.clientP95Ms()});
      }
      if (sample.p95Ms() != null && sample.p95Ms() > 0) {
        metric.add(new double[] {t, sample.p95Ms()});
      }
    }
    return new Observed(ready, client, metric);
  }

  /** Each pod a scale-up asked for: seconds from the asking sample to the first with it ready. */
  static double[] podStarts(List<Sample> samples) {
    List<Double> delays = new ArrayList<>();
    for (int i = 1; i < samples.size(); i++) {
      int from = samples.get(i - 1).replicas();
      int to = samples.get(i).replicas();
      for (int pod = from + 1; pod <= to; pod++) {
        for (int j = i; j < samples.size(); j++) {
          if (samples.get(j).replicas() < pod) {
            break; // scaled down before it was ready: not a start
          }
          if (samples.get(j).readyReplicas() >= pod) {
            delays.add(seconds(samples.get(i).at(), samples.get(j).at()));
            break;
          }
        }
      }
    }
    return delays.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
