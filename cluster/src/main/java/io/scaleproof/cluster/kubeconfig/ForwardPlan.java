package io.scaleproof.cluster.kubeconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one refresh of a {@link BalancedForward} changes, given the pods it forwards to and the
 * ready pods it reads: forwards to retire (pod gone or not ready, target port changed, or the
 * forward failed) and pods to forward to (newly ready, or retired above but still ready).
 *
 * @param open pods to open a forward to, in the order the endpoints list them
 * @param retire pods whose forward to retire, in the order of the forwards
 */
record ForwardPlan(List<PodPort> open, List<String> retire) {
  ForwardPlan {
    open = List.copyOf(open);
    retire = List.copyOf(retire);
  }

  /**
   * @param forwarded each pod forwarded to, with the pod port its forward targets
   * @param failed pods whose forward reported an error or stopped
   * @param ready the ready endpoints now; a pod listed twice counts once
   */
  static ForwardPlan between(
      Map<String, Integer> forwarded, Set<String> failed, List<PodPort> ready) {
    Map<String, PodPort> wanted = new LinkedHashMap<>();
    ready.forEach(target -> wanted.putIfAbsent(target.pod(), target));
    List<String> retire = new ArrayList<>();
    forwarded.forEach(
        (pod, port) -> {
          PodPort target = wanted.get(pod);
          if (target == null || target.port() != port || failed.contains(pod)) {
            retire.add(pod);
          }
        });
    List<PodPort> open = new ArrayList<>();
    wanted.forEach(
        (pod, target) -> {
          if (!forwarded.containsKey(pod) || retire.contains(pod)) {
            open.add(target);
          }
        });
    return new ForwardPlan(open, retire);
  }
}
