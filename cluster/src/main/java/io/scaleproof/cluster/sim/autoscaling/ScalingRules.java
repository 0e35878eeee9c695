package io.scaleproof.cluster.sim.autoscaling;

import static io.scaleproof.cluster.PlainValues.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One direction of an HPA's {@code behavior} ({@code scaleUp} or {@code scaleDown}) after the API
 * server's defaulting: a stabilization window, rate-limiting policies and how to choose among them.
 */
public record ScalingRules(
    int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<Policy> policies) {

  public enum SelectPolicy {
    Max,
    Min,
    Disabled
  }

  public enum PolicyType {
    Pods,
    Percent
  }

  public record Policy(PolicyType type, int value, int periodSeconds) {}

  /**
   * {@code behavior.scaleUp} defaulted as {@code autoscaling/v2} does: stabilization 0 s, {@code
   * Pods 4 / 15 s} and {@code Percent 100 / 15 s}, {@code Max}. Fields given in {@code declared}
   * (null when absent) win.
   */
  public static ScalingRules scaleUp(
      Integer stabilizationWindowSeconds, SelectPolicy selectPolicy, List<Policy> policies) {
    return new ScalingRules(
        stabilizationWindowSeconds == null ? 0 : stabilizationWindowSeconds,
        selectPolicy == null ? SelectPolicy.Max : selectPolicy,
        policies == null || policies.isEmpty()
            ? List.of(new Policy(PolicyType.Pods, 4, 15), new Policy(PolicyType.Percent, 100, 15))
            : List.copyOf(policies));
  }

  /**
   * {@code behavior.scaleDown} defaulted: stabilization from the controller's flag (300 s) when
   * unset, {@code Percent 100 / 15 s}, {@code Max}.
   */
  public static ScalingRules scaleDown(
      Integer stabilizationWindowSeconds,
      SelectPolicy selectPolicy,
      List<Policy> policies,
      int downscaleStabilizationSeconds) {
    return new ScalingRules(
        stabilizationWindowSeconds == null
            ? downscaleStabilizationSeconds
            : stabilizationWindowSeconds,
        selectPolicy == null ? SelectPolicy.Max : selectPolicy,
        policies == null || policies.isEmpty()
            ? List.of(new Policy(PolicyType.Percent, 100, 15))
            : List.copyOf(policies));
  }

  /** The longest policy period, which bounds how long a scale event matters. */
  int longestPeriodSeconds() {
    return policies.stream().mapToInt(Policy::periodSeconds).max().orElse(0);
  }

  /**
   * The rules a declared HPA behavior direction ({@code scaleUp} or {@code scaleDown}) gives, with
   * the API defaults; an unset scale-down window is the controller's 300 s.
   */
  static ScalingRules declared(Map<String, Object> declared, boolean up) {
    Integer window =
        declared.get("stabilizationWindowSeconds") == null
            ? null
            : Integer.parseInt(String.valueOf(declared.get("stabilizationWindowSeconds")));
    SelectPolicy select =
        declared.get("selectPolicy") == null
            ? null
            : SelectPolicy.valueOf(String.valueOf(declared.get("selectPolicy")));
    List<Policy> policies = new ArrayList<>();
    if (declared.get("policies") instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> policy = map(item);
        policies.add(
            new Policy(
                PolicyType.valueOf(String.valueOf(policy.get("type"))),
                Integer.parseInt(String.valueOf(policy.get("value"))),
                Integer.parseInt(String.valueOf(policy.get("periodSeconds")))));
      }
    }
    return up ? scaleUp(window, select, policies) : scaleDown(window, select, policies, 300);
  }
}
