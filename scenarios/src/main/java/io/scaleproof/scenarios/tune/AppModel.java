package io.scaleproof.scenarios.tune;

/**
 * What one replica of the service does with its requests, as a queue: {@code concurrency} workers
 * serve requests first come first served, each for a {@link ServiceTime}; up to {@code queueLimit}
 * requests wait, and more are answered at once with an error (503). Replicas share the load evenly,
 * as the Service's balancer spreads it.
 *
 * <p>Assumptions, per second of load (a pointwise-stationary approximation):
 *
 * <ul>
 *   <li>with no backlog and fewer arrivals than the ready replicas can serve, the second is the
 *       steady state of a queue with c = replicas × concurrency servers and Poisson arrivals: a
 *       request waits with the Erlang C probability, for an exponential time whose mean is the
 *       M/M/c one scaled by {@code (1 + Cs²) / 2} for the service time's squared coefficient of
 *       variation Cs² (the Allen–Cunneen approximation of M/G/c); the service time is added to the
 *       wait;
 *   <li>with a backlog, or more arrivals than capacity, the queue is a fluid: it grows by the
 *       excess (shrinks by the spare capacity), every request of the second waits the backlog's
 *       mean over the second divided by the capacity, and what exceeds the replicas' queue bound is
 *       shed;
 *   <li>with no ready replica, every request fails at once (the Service has no endpoint);
 *   <li>a fixed fraction {@code errorRate} of served requests fails after its service time;
 *   <li>replicas that share machines slow each other down: with n ready, every service time is
 *       stretched by {@code 1 + contention · (n − 1)} (0 on a cluster whose replicas have cores of
 *       their own; on a two-core machine running the embedded cluster it is not).
 * </ul>
 *
 * @param concurrency workers per replica
 * @param serviceTime one request's service time, with one replica ready
 * @param queueLimit requests that may wait per replica
 * @param contention how much each further ready replica stretches the service time
 */
public record AppModel(
    int concurrency, ServiceTime serviceTime, int queueLimit, double contention) {
  /** Replicas that do not slow each other down. */
  public AppModel(int concurrency, ServiceTime serviceTime, int queueLimit) {
    this(concurrency, serviceTime, queueLimit, 0);
  }

  public AppModel {
    if (!(contention >= 0) || contention > 1) {
      throw new IllegalArgumentException("contention: must be within [0, 1], was " + contention);
    }
    if (concurrency < 1 || queueLimit < 0) {
      throw new IllegalArgumentException(
          "concurrency must be at least 1 and queueLimit not negative, were "
              + concurrency
              + " and "
              + queueLimit);
    }
  }

  /** Requests per second one replica serves at most: {@code concurrency / mean service time}. */
  public double capacityPerReplica() {
    return concurrency * 1000 / serviceTime.meanMs();
  }

  /** How much {@code ready} replicas stretch each service time. */
  double stretch(int ready) {
    return 1 + contention * Math.max(0, ready - 1);
  }

  /** The same app with every service time multiplied by {@code factor}. */
  public AppModel withSpeed(double factor) {
    return new AppModel(
        concurrency,
        new ServiceTime(
            serviceTime.meanMs() * factor, serviceTime.sigma(), serviceTime.exponential()),
        queueLimit,
        contention);
  }

  /**
   * One second's requests and what became of them.
   *
   * @param calls requests answered (served or shed)
   * @param errors requests answered with an error
   * @param backlog requests waiting at the second's end
   * @param meanLatencyMs the mean latency of the second's answers
   */
  public record Second(double calls, double errors, double backlog, double meanLatencyMs) {}

  /**
   * Serves one second of load and adds the latencies of its answers to {@code counts} (one per
   * bucket of {@code buckets} and one for {@code +Inf}), weighted by how many requests had them.
   */
  public Second serve(
      double arrivals,
      int ready,
      double backlog,
      double errorRate,
      LatencyBuckets buckets,
      double[] strata,
      double[] counts) {
    if (ready <= 0) {
      counts[0] += arrivals;
      return new Second(arrivals, arrivals, 0, 0);
    }
    double stretch = stretch(ready);
    double capacity = ready * capacityPerReplica() / stretch;
    double bound = (double) ready * queueLimit;
    if (backlog <= 0 && arrivals < capacity) {
      int servers = ready * concurrency;
      double offered = arrivals * serviceTime.meanMs() * stretch / 1000;
      double waitProbability = arrivals <= 0 ? 0 : erlangC(servers, offered);
      // Per millisecond; M/M/c's rate, slowed or sped up by the service time's variability.
      double rate = (capacity - arrivals) / 1000 / serviceTime.waitingFactor();
      add(counts, buckets, strata, stretch, arrivals, waitProbability, rate, 0);
      double meanWait = waitProbability > 0 ? waitProbability / rate : 0;
      return new Second(
          arrivals, arrivals * errorRate, 0, meanWait + serviceTime.meanMs() * stretch);
    }
    double end = backlog + arrivals - capacity;
    double shed = Math.max(0, end - bound);
    end = Math.min(Math.max(end, 0), bound);
    double served = arrivals - shed;
    double waitMs = (backlog + end) / 2 / capacity * 1000;
    add(counts, buckets, strata, stretch, served, 0, 0, waitMs);
    counts[0] += shed;
    double meanLatency =
        arrivals > 0 ? served * (waitMs + serviceTime.meanMs() * stretch) / arrivals : 0;
    return new Second(arrivals, shed + served * errorRate, end, meanLatency);
  }

  /**
   * Adds {@code requests} answered after a wait and a service time stretched by {@code stretch}:
   * the wait is {@code fixedMs}, plus, with probability {@code waitProbability}, an exponential of
   * {@code rate} per millisecond.
   */
  private void add(
      double[] counts,
      LatencyBuckets buckets,
      double[] strata,
      double stretch,
      double requests,
      double waitProbability,
      double rate,
      double fixedMs) {
    if (requests <= 0) {
      return;
    }
    double previous = 0;
    for (int i = 0; i < buckets.size(); i++) {
      double bound = buckets.bound(i) - fixedMs;
      double cdf = serviceTime.cdf(bound / stretch);
      if (waitProbability > 1e-9) {
        double waited = 0;
        for (double s : strata) {
          double stretched = s * stretch;
          if (stretched >= bound) {
            break;
          }
          waited += 1 - Math.exp(-rate * (bound - stretched));
        }
        cdf = (1 - waitProbability) * cdf + waitProbability * waited / strata.length;
      }
      counts[i] += requests * (cdf - previous);
      previous = cdf;
    }
    counts[buckets.size()] += requests * (1 - previous);
  }

  /**
   * The Erlang C probability of waiting, for {@code servers} servers and {@code offered} Erlangs.
   */
  static double erlangC(int servers, double offered) {
    if (offered >= servers) {
      return 1;
    }
    double erlangB = 1;
    for (int k = 1; k <= servers; k++) {
      erlangB = offered * erlangB / (k + offered * erlangB);
    }
    return servers * erlangB / (servers - offered * (1 - erlangB));
  }
}
