package io.scaleproof.scenarios.spec;

import java.time.Duration;

/**
 * What the autoscaling must achieve. The scale-up windows count from the first instant the
 * service's p95 exceeds {@code p95ThresholdMs} (or its error ratio {@code errorRatioThreshold});
 * the scale-down window from the end of the load.
 *
 * @param p95ThresholdMs the latency objective, in milliseconds; null: each service's latency
 *     trigger's threshold, as its ScaledObject declares it (or the scenario's pipeline changes set
 *     it)
 * @param errorRatioThreshold the error ratio past which the autoscaler must act (a fraction), for
 *     scenarios that inject errors; null: each service's error trigger's threshold
 * @param decisionWithin by when the autoscaler has asked for more replicas
 * @param readyWithin by when those replicas are ready
 * @param p95RecoversWithin by when p95 is back under the objective
 * @param scaleDownWithin after the load, by when replicas are back to where they started
 * @param maxDirectionChanges how often replicas may reverse direction within {@code flapWindow}
 * @param flapWindow the sliding window for {@code maxDirectionChanges}
 * @param errorRateBelow the error ratio that must never be reached during the run
 * @param minReplicas the fewest replicas allowed at any time
 * @param maxReplicas the most replicas allowed at any time
 */
public record Slo(
    Double p95ThresholdMs,
    Double errorRatioThreshold,
    Duration decisionWithin,
    Duration readyWithin,
    Duration p95RecoversWithin,
    Duration scaleDownWithin,
    int maxDirectionChanges,
    Duration flapWindow,
    double errorRateBelow,
    int minReplicas,
    int maxReplicas) {}
