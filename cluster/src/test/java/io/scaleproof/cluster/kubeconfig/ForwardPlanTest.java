package io.scaleproof.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which port-forwards a refresh of a balanced forward opens and retires, given those it has and the
 * ready endpoints it reads. Pods are written {@code pod:port}, lists comma-separated.
 */
class ForwardPlanTest {

  static Stream<Arguments> refreshes() {
    return Stream.of(
        // forwarded, failed, ready -> open, retire
        Arguments.of("", "", "a:8080,b:8080", "a:8080,b:8080", ""),
        Arguments.of("a:8080,b:8080", "", "a:8080,b:8080", "", ""),
        Arguments.of("a:8080,b:8080", "", "b:8080", "", "a"),
        Arguments.of("a:8080", "", "a:8080,c:8080", "c:8080", ""),
        Arguments.of("a:8080,b:8080", "", "", "", "a,b"),
        Arguments.of("a:8080,b:8080", "a", "a:8080,b:8080", "a:8080", "a"),
        Arguments.of("a:8080,b:8080", "a", "b:8080", "", "a"),
        Arguments.of("a:8080", "", "a:9090", "a:9090", "a"),
        Arguments.of("", "", "a:8080,a:8080,b:8080", "a:8080,b:8080", ""),
        Arguments.of("b:8080", "", "c:8080,a:8080", "c:8080,a:8080", "b"));
  }

  @DisplayName("a refresh opens forwards to newly ready pods and retires gone or failed ones")
  @ParameterizedTest(name = "forwarded [{0}], failed [{1}], ready [{2}]: open [{3}], retire [{4}]")
  @MethodSource("refreshes")
  void refreshFollowsTheReadyEndpoints(
      String forwarded, String failed, String ready, String open, String retire) {
    ForwardPlan plan = ForwardPlan.between(forwarded(forwarded), names(failed), pods(ready));

    assertThat(plan.open()).containsExactlyElementsOf(pods(open));
    assertThat(plan.retire()).containsExactlyElementsOf(names(retire));
  }

  @Test
  @DisplayName("successive endpoint lists of a scale-out, a rollout and a scale-in to zero")
  void successiveEndpointListsKeepOneForwardPerReadyPod() {
    Map<String, Integer> forwards = new LinkedHashMap<>();

    ForwardPlan scaledOut = refresh(forwards, "", "a:8080,b:8080,c:8080");
    ForwardPlan rolledOut = refresh(forwards, "", "c:8080,d:8080");
    ForwardPlan failedAgain = refresh(forwards, "d", "c:8080,d:8080");
    ForwardPlan steady = refresh(forwards, "", "d:8080,c:8080");
    ForwardPlan scaledIn = refresh(forwards, "", "");

    assertThat(scaledOut.open()).extracting(PodPort::pod).containsExactly("a", "b", "c");
    assertThat(rolledOut.retire()).containsExactly("a", "b");
    assertThat(rolledOut.open()).extracting(PodPort::pod).containsExactly("d");
    assertThat(failedAgain.retire()).containsExactly("d");
    assertThat(failedAgain.open()).extracting(PodPort::pod).containsExactly("d");
    assertThat(steady.open()).isEmpty();
    assertThat(steady.retire()).isEmpty();
    assertThat(scaledIn.retire()).containsExactlyInAnyOrder("c", "d");
    assertThat(forwards).isEmpty();
  }

  /** Plans a refresh and applies it to {@code forwards}, as the balanced forward does. */
  private static ForwardPlan refresh(Map<String, Integer> forwards, String failed, String ready) {
    ForwardPlan plan = ForwardPlan.between(forwards, names(failed), pods(ready));
    plan.retire().forEach(forwards::remove);
    plan.open().forEach(target -> forwards.put(target.pod(), target.port()));
    return plan;
  }

  private static Map<String, Integer> forwarded(String list) {
    Map<String, Integer> forwarded = new LinkedHashMap<>();
    pods(list).forEach(target -> forwarded.put(target.pod(), target.port()));
    return forwarded;
  }

  private static List<PodPort> pods(String list) {
    return split(list)
        .map(
            entry -> {
              String[] parts = entry.split(":");
              return new PodPort(parts[0], Integer.parseInt(parts[1]));
            })
        .toList();
  }

  private static Set<String> names(String list) {
    return new LinkedHashSet<>(split(list).toList());
  }

  private static Stream<String> split(String list) {
    return Arrays.stream(list.split(",")).filter(entry -> !entry.isEmpty());
  }
}
