package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.sim.autoscaling.HpaRecommender.Recommendation;
import io.scaleproof.cluster.sim.autoscaling.HpaRecommender.ScaleEvent;
import io.scaleproof.cluster.sim.autoscaling.ScalingRules.Policy;
import io.scaleproof.cluster.sim.autoscaling.ScalingRules.PolicyType;
import io.scaleproof.cluster.sim.autoscaling.ScalingRules.SelectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HPA's behavior rules, ported case by case from kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal_test.go (commit 003e862): TestScalingWithRules,
 * TestNormalizeDesiredReplicasWithBehavior, TestNormalizeDesiredReplicas, TestStoreScaleEvents,
 * TestCalculateScaleUpLimitWithScalingRules and TestCalculateScaleDownLimitWithBehaviors.
 *
 * <p>Notation: rules are upstream's {@code generateScalingRules(pods, podsPeriod, percent,
 * percentPeriod, stabilizationWindow)} arguments as {@code
 * pods/podsPeriod/percent/percentPeriod/window} ({@code -} for nil, the API defaults); events and
 * recommendations are {@code value@ageSeconds}.
 */
class HpaBehaviorTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @ParameterizedTest(name = "TestScalingWithRules: {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          prenormalized desired replicas within range                                                  | 5   | 7    | 3   | 8    | -                | -                | ''                 | ''                      | 7   | DesiredWithinRange
          prenormalized desired replicas < minReplicas                                                 | 3   | 1    | 2   | 8    | -                | -                | ''                 | ''                      | 2   | TooFewReplicas
          prenormalized desired replicas within range when minReplicas is 0                            | 1   | 0    | 0   | 10   | -                | -                | ''                 | ''                      | 0   | DesiredWithinRange
          maxReplicas is the limit because maxReplicas < scaleUpLimit                                  | 20  | 1000 | 1   | 10   | -                | -                | ''                 | ''                      | 10  | TooManyReplicas
          desired replica count is more than the maximum replica count                                 | 100 | 1000 | 100 | 150  | -                | -                | ''                 | ''                      | 150 | TooManyReplicas
          scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies              | 3   | 1000 | 1   | 2000 | 0/0/1/60/0       | -                | ''                 | ''                      | 4   | ScaleUpLimit
          scaleUp with default behavior                                                                | 10  | 50   | 1   | 1000 | -                | -                | ''                 | ''                      | 20  | ScaleUpLimit
          scaleUp with pods policy larger than percent policy                                          | 10  | 500  | 1   | 1000 | 100/60/100/60/0  | -                | ''                 | ''                      | 110 | ScaleUpLimit
          scaleUp with percent policy larger than pods policy                                          | 10  | 500  | 1   | 1000 | 2/60/100/60/0    | -                | ''                 | ''                      | 20  | ScaleUpLimit
          scaleUp with spec MaxReplicas limitation with large pod policy                               | 10  | 50   | 1   | 1000 | 100/60/0/0/0     | -                | ''                 | ''                      | 50  | DesiredWithinRange
          scaleUp with spec MaxReplicas limitation with large percent policy                           | 10  | 50   | 1   | 1000 | 10000/60/0/0/0   | -                | ''                 | ''                      | 50  | DesiredWithinRange
          scaleUp with pod policy limitation                                                           | 10  | 50   | 1   | 1000 | 30/60/0/0/0      | -                | ''                 | ''                      | 40  | ScaleUpLimit
          scaleUp with percent policy limitation                                                       | 10  | 50   | 1   | 1000 | 0/0/200/60/0     | -                | ''                 | ''                      | 30  | ScaleUpLimit
          scaleDown with percent policy larger than pod policy                                         | 100 | 2    | 1   | 1000 | -                | 20/60/1/60/300   | ''                 | ''                      | 80  | ScaleDownLimit
          scaleDown with pod policy larger than percent policy                                         | 100 | 2    | 1   | 1000 | -                | 2/60/1/60/300    | ''                 | ''                      | 98  | ScaleDownLimit
          scaleDown with spec MinReplicas=nil limitation with large pod policy                         | 10  | 0    | 1   | 1000 | -                | 100/60/0/0/300   | ''                 | ''                      | 1   | TooFewReplicas
          scaleDown with spec MinReplicas limitation with large pod policy                             | 10  | 0    | 1   | 1000 | -                | 100/60/0/0/300   | ''                 | ''                      | 1   | TooFewReplicas
          scaleDown with spec MinReplicas limitation with large percent policy                         | 10  | 2    | 5   | 1000 | -                | 0/0/100/60/300   | ''                 | ''                      | 5   | TooFewReplicas
          scaleDown with pod policy limitation                                                         | 10  | 2    | 1   | 1000 | -                | 5/60/0/0/300     | ''                 | ''                      | 5   | ScaleDownLimit
          scaleDown with percent policy limitation                                                     | 10  | 5    | 1   | 1000 | -                | 0/0/50/60/300    | ''                 | ''                      | 5   | DesiredWithinRange
          scaleUp with spec MaxReplicas limitation with large pod policy and events                    | 100 | 500  | 1   | 200  | 300/60/0/0/0     | -                | 1@100,5@60,9@20    | ''                      | 200 | TooManyReplicas
          scaleUp with spec MaxReplicas limitation with large percent policy and events                | 100 | 500  | 1   | 200  | 0/0/10000/60/0   | -                | 1@100,5@60,9@20    | ''                      | 200 | TooManyReplicas
          scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events | 100 | 500 | 1 | 1000 | 5/120/0/0/0 | -            | 1@100,5@60,9@20    | ''                      | 100 | ScaleUpLimit
          scaleUp with pod policy and previous scale up events                                         | 100 | 500  | 1   | 1000 | 150/120/0/0/0    | -                | 1@100,5@60,9@20    | ''                      | 235 | ScaleUpLimit
          scaleUp with percent policy and previous scale up events                                     | 100 | 500  | 1   | 1000 | 0/0/200/120/0    | -                | 1@100,5@60,9@20    | ''                      | 255 | ScaleUpLimit
          scaleUp with percent policy and previous scale up and down events                            | 6   | 24   | 1   | 1000 | 0/0/300/300/0    | -                | 4@60               | 2@60                    | 16  | ScaleUpLimit
          scaleDown with default policy and previous events                                            | 10  | 5    | 1   | 1000 | -                | -                | ''                 | 1@100,5@60,9@20         | 5   | DesiredWithinRange
          scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events     | 100 | 0    | 1   | 1000 | -                | 115/120/0/0/300  | ''                 | 1@100,5@60,9@20         | 1   | TooFewReplicas
          scaleDown with spec MinReplicas limitation with large pod policy and previous events         | 100 | 0    | 5   | 1000 | -                | 130/120/0/0/300  | ''                 | 1@100,5@60,9@20         | 5   | TooFewReplicas
          scaleDown with spec MinReplicas limitation with large percent policy and previous events     | 100 | 2    | 5   | 1000 | -                | 0/0/100/120/300  | ''                 | 1@100,5@60,9@20         | 5   | TooFewReplicas
          scaleDown with pod policy limitation and previous events                                     | 100 | 2    | 1   | 1000 | -                | 5/120/0/0/300    | ''                 | 1@100,5@60,9@20         | 100 | ScaleDownLimit
          scaleDown with percent policy limitation and previous events                                 | 100 | 0    | 1   | 1000 | -                | 0/0/50/120/300   | ''                 | 2@100,4@60,6@20         | 56  | ScaleDownLimit
          scaleDown with percent policy and previous scale up and down events                          | 10  | 1    | 1   | 1000 | -                | 0/0/50/180/0     | 2@60               | 4@60                    | 6   | ScaleDownLimit
          scaleDown with previous events preventing further scale down                                 | 100 | 0    | 1   | 1000 | -                | 0/0/10/120/300   | ''                 | 10@100,10@60,10@20      | 100 | ScaleDownLimit
          scaleDown with with previous events still allowing more scale down                           | 10  | 5    | 1   | 1000 | -                | 0/0/1000/120/300 | ''                 | 10@100,10@60,10@20      | 5   | DesiredWithinRange
          check 'outdated' flag for events for one behavior for up                                     | 100 | 200  | 1   | 1000 | 1000/60/0/0/0    | -                | 8@105,12@75,9@45,11@15 | ''                  | 200 | DesiredWithinRange
          check that events were not marked 'outdated' for two different policies in the behavior for up | 100 | 200 | 1 | 1000 | 1000/120/100/60/0 | -             | 8@105,12@75,9@45,11@15 | ''                  | 200 | DesiredWithinRange
          check that events were marked 'outdated' for two different policies in the behavior for up  | 100 | 200  | 1   | 1000 | 1000/30/100/60/0 | -                | 8@105,12@75,9@45,11@15 | ''                  | 200 | DesiredWithinRange
          check 'outdated' flag for events for one behavior for down                                   | 100 | 5    | 1   | 1000 | -                | 1000/60/0/0/300  | ''                 | 8@105,12@75,9@45,11@15  | 5   | DesiredWithinRange
          check that events were not marked 'outdated' for two different policies in the behavior for down | 100 | 5 | 1 | 1000 | -                | 1000/120/100/60/300 | ''              | 8@105,12@75,9@45,11@15  | 5   | DesiredWithinRange
          check that events were marked 'outdated' for two different policies in the behavior for down | 100 | 5    | 1   | 1000 | -                | 1000/30/100/60/300 | ''               | 8@105,12@75,9@45,11@15  | 5   | DesiredWithinRange
          """)
  void scalingWithRules(
      String name,
      int current,
      int prenormalized,
      int min,
      int max,
      String up,
      String down,
      String upEvents,
      String downEvents,
      int expected,
      String expectedReason) {
    HpaRecommender hpa = new HpaRecommender(Duration.ofMinutes(5));
    hpa.restore(List.of(), events(upEvents), events(downEvents));

    HpaRecommender.Limited limited =
        hpa.limitByBehaviorRate(
            current, prenormalized, min, max, scaleUpRules(up), scaleDownRules(down), NOW);

    assertThat(limited.replicas()).isEqualTo(expected);
    assertThat(limited.reason()).isEqualTo(expectedReason);
  }

  @ParameterizedTest(name = "TestNormalizeDesiredReplicasWithBehavior: {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty recommendations for scaling down                                   | ''                         | 100 | 5   | 0   | 0   | 5   | 5
          simple scale down stabilization                                          | 4@120,5@60                 | 100 | 3   | 0   | 180 | 5   | 4,5,3
          simple scale up stabilization                                            | 4@120,5@60                 | 1   | 7   | 300 | 0   | 4   | 4,5,7
          no scale down stabilization                                              | 1@120,2@60                 | 100 | 3   | 300 | 0   | 3   | 1,2,3
          no scale up stabilization                                                | 4@120,5@60                 | 1   | 3   | 0   | 300 | 3   | 4,5,3
          no scale down stabilization, reuse recommendation element                | 10@600,9@540               | 100 | 3   | 0   | 0   | 3   | 10,3
          no scale up stabilization, reuse recommendation element                  | 10@600,9@540               | 1   | 100 | 0   | 0   | 100 | 10,100
          scale down stabilization, reuse one of obsolete recommendation element   | 10@600,4@60,5@120,9@540    | 100 | 3   | 0   | 180 | 5   | 10,4,5,3
          scale up stabilization, reuse one of obsolete recommendation element     | 10@6000,6@60,5@120,9@180   | 1   | 100 | 300 | 0   | 5   | 100,6,5,9
          scale up and down stabilization, do not scale up when prenormalized rec goes down | 2@6000,3@180      | 2   | 1   | 300 | 300 | 2   | ''
          scale up and down stabilization, do not scale down when prenormalized rec goes up | 2@6000,1@180      | 2   | 3   | 300 | 300 | 2   | ''
          """)
  void normalizeDesiredReplicasWithBehavior(
      String name,
      String recommendations,
      int current,
      int prenormalized,
      int upWindow,
      int downWindow,
      int expectedStabilized,
      String expectedRecommendations) {
    HpaRecommender hpa = new HpaRecommender(Duration.ofMinutes(5));
    hpa.restore(recommendations(recommendations), List.of(), List.of());

    int stabilized =
        hpa.stabilizeWithBehaviors(
            current,
            prenormalized,
            new ScalingRules(upWindow, SelectPolicy.Max, List.of()),
            new ScalingRules(downWindow, SelectPolicy.Max, List.of()),
            NOW);

    assertThat(stabilized).isEqualTo(expectedStabilized);
    if (!expectedRecommendations.isEmpty()) {
      assertThat(hpa.recommendations())
          .extracting(Recommendation::replicas)
          .containsExactlyElementsOf(integers(expectedRecommendations));
    }
  }

  @ParameterizedTest(name = "TestNormalizeDesiredReplicas: {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty log                            | ''                       | 5 | 5 | 1
          stabilize                            | 4@120,5@60               | 3 | 5 | 3
          no stabilize                         | 1@120,2@60               | 3 | 3 | 3
          no stabilize - old recommendations   | 10@600,9@540             | 3 | 3 | 2
          stabilize - old recommendations      | 10@600,4@60,5@120,9@540  | 3 | 5 | 4
          """)
  void normalizeDesiredReplicas(
      String name, String recommendations, int prenormalized, int expected, int expectedLength) {
    HpaRecommender hpa = new HpaRecommender(Duration.ofMinutes(5));
    hpa.restore(recommendations(recommendations), List.of(), List.of());

    assertThat(hpa.stabilize(prenormalized, NOW)).isEqualTo(expected);
    assertThat(hpa.recommendations()).hasSize(expectedLength);
  }

  @ParameterizedTest(name = "TestStoreScaleEvents: {0} (scale {1})")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty entries with default behavior                       | up   | -                | ''                      | 0  | ''
          empty entries with two-policy-behavior                    | up   | 10/60/100/60/0   | ''                      | 0  | 5
          one outdated entry to be kept untouched without behavior  | up   | -                | 7@61                    | 0  | 7
          one outdated entry to be replaced with behavior           | up   | 10/60/100/60/0   | 7@61                    | 0  | 5
          one actual entry to be not touched with behavior          | up   | 10/60/100/60/0   | 7@58                    | 7  | 7,5
          two entries, one of them to be replaced                   | up   | 10/60/0/0/0      | 7@61,6@59               | 6  | 5,6
          replace one entry, use policies with different periods    | up   | 10/60/100/30/0   | 8@29,6@59,7@61,9@61     | 14 | 8,6,7!,5
          two entries, both actual                                  | up   | 10/120/100/30/0  | 7@58,6@59               | 13 | 7,6,5
          empty entries with default behavior                       | down | -                | ''                      | 0  | ''
          empty entries with two-policy-behavior                    | down | 10/60/100/60/0   | ''                      | 0  | 5
          one outdated entry to be kept untouched without behavior  | down | -                | 7@61                    | 0  | 7
          one outdated entry to be replaced with behavior           | down | 10/60/100/60/0   | 7@61                    | 0  | 5
          one actual entry to be not touched with behavior          | down | 10/60/100/60/0   | 7@58                    | 7  | 7,5
          two entries, one of them to be replaced                   | down | 10/60/0/0/0      | 7@61,6@59               | 6  | 5,6
          replace one entry, use policies with different periods    | down | 10/60/100/30/0   | 8@29,6@59,7@61,9@61     | 14 | 8,6,7!,5
          two entries, both actual                                  | down | 10/120/100/30/0  | 7@58,6@59               | 13 | 7,6,5
          """)
  void storeScaleEvents(
      String name,
      String direction,
      String rules,
      String previous,
      int expectedChange,
      String expectedEvents) {
    boolean up = direction.equals("up");
    HpaRecommender hpa = new HpaRecommender(Duration.ofMinutes(5));
    List<ScaleEvent> events = events(previous);
    hpa.restore(List.of(), up ? events : List.of(), up ? List.of() : events);
    assertThat(HpaRecommender.changeIn(60, events, NOW)).isEqualTo(expectedChange);

    if (!rules.equals("-")) {
      // Upstream passes a behavior with only this direction's rules; a nil behavior stores nothing.
      ScalingRules given = generated(rules);
      hpa.storeScaleEvent(given, given, 10, up ? 15 : 5, NOW);
    }

    List<ScaleEvent> stored = up ? hpa.scaleUpEvents() : hpa.scaleDownEvents();
    List<String> expected = new ArrayList<>();
    for (String event : expectedEvents.isEmpty() ? new String[0] : expectedEvents.split(",")) {
      expected.add(event);
    }
    assertThat(stored)
        .extracting(e -> e.replicaChange() + (e.outdated() ? "!" : ""))
        .containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("TestCalculateScaleUpLimitWithScalingRules: Min of Pods 2/60s and Percent 50/60s")
  void calculateScaleUpLimitWithScalingRules() {
    ScalingRules rules =
        new ScalingRules(
            300,
            SelectPolicy.Min,
            List.of(new Policy(PolicyType.Pods, 2, 60), new Policy(PolicyType.Percent, 50, 60)));
    assertThat(HpaRecommender.scaleUpLimit(1, List.of(), List.of(), rules, NOW)).isEqualTo(2);
  }

  @Test
  @DisplayName("TestCalculateScaleDownLimitWithBehaviors: Min of Pods 2/60s and Percent 50/60s")
  void calculateScaleDownLimitWithBehaviors() {
    ScalingRules rules =
        new ScalingRules(
            300,
            SelectPolicy.Min,
            List.of(new Policy(PolicyType.Pods, 2, 60), new Policy(PolicyType.Percent, 50, 60)));
    assertThat(HpaRecommender.scaleDownLimit(5, List.of(), List.of(), rules, NOW)).isEqualTo(3);
  }

  /** {@code generateScalingRules} then the API defaults for scale-up; {@code -} is nil. */
  private static ScalingRules scaleUpRules(String spec) {
    if (spec.equals("-")) {
      return ScalingRules.scaleUp(null, null, null);
    }
    ScalingRules generated = generated(spec);
    return ScalingRules.scaleUp(
        generated.stabilizationWindowSeconds(), generated.selectPolicy(), generated.policies());
  }

  private static ScalingRules scaleDownRules(String spec) {
    if (spec.equals("-")) {
      return ScalingRules.scaleDown(null, null, null, 300);
    }
    ScalingRules generated = generated(spec);
    return ScalingRules.scaleDown(
        generated.stabilizationWindowSeconds(),
        generated.selectPolicy(),
        generated.policies(),
        300);
  }

  /** Upstream's generateScalingRules(pods, podsPeriod, percent, percentPeriod, window). */
  private static ScalingRules generated(String spec) {
    String[] parts = spec.split("/");
    int pods = Integer.parseInt(parts[0]);
    int percent = Integer.parseInt(parts[2]);
    List<Policy> policies = new ArrayList<>();
    if (pods != 0) {
      policies.add(new Policy(PolicyType.Pods, pods, Integer.parseInt(parts[1])));
    }
    if (percent != 0) {
      policies.add(new Policy(PolicyType.Percent, percent, Integer.parseInt(parts[3])));
    }
    return new ScalingRules(Integer.parseInt(parts[4]), SelectPolicy.Max, policies);
  }

  private static List<ScaleEvent> events(String spec) {
    List<ScaleEvent> events = new ArrayList<>();
    if (!spec.isEmpty()) {
      for (String event : spec.split(",")) {
        String[] parts = event.split("@");
        events.add(
            new ScaleEvent(
                Integer.parseInt(parts[0]), NOW.minusSeconds(Long.parseLong(parts[1])), false));
      }
    }
    return events;
  }

  private static List<Recommendation> recommendations(String spec) {
    return events(spec).stream()
        .map(e -> new Recommendation(e.replicaChange(), e.timestamp()))
        .toList();
  }

  private static List<Integer> integers(String csv) {
    List<Integer> values = new ArrayList<>();
    for (String value : csv.split(",")) {
      values.add(Integer.parseInt(value));
    }
    return values;
  }
}
