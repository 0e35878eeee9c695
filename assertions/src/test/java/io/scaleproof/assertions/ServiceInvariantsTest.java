package io.scaleproof.assertions;

import static io.scaleproof.assertions.ScalingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceInvariantsTest {

  /** Replicas 1→2 at t+10, →1 at t+70, →2 at t+130, →1 at t+400: reversals at 70, 130, 400. */
  private static ServiceAssert flapping() {
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1).ready(1).p95(90);
    javaApp.at(10).replicas(2);
    javaApp.at(70).replicas(1);
    javaApp.at(130).replicas(2);
    javaApp.at(400).replicas(1);
    return assertThat(javaApp.run(240)).service("java-app");
  }

  @ParameterizedTest(name = "at most {0} reversals in {1} s: flaps = {2}")
  @CsvSource({
    // max, window s, flaps: why
    "1, 300, true", //  70 and 130 are 60 s apart
    "2, 300, false", // 70..400 spans 330 s, so no 300 s window holds three
    "2, 330, true", //  a window's both ends count
    "2, 360, true",
    "3, 600, false",
    "0, 30, true", //  any one reversal is one too many
  })
  @DisplayName("direction reversals are counted in every sliding window")
  void countsReversalsInSlidingWindows(int max, long windowSeconds, boolean flaps) {
    // Given
    ServiceAssert service = flapping();
    Duration window = Duration.ofSeconds(windowSeconds);

    // When / Then
    if (flaps) {
      assertThatThrownBy(() -> service.neverFlaps(max, window))
          .hasMessageStartingWith("java-app: flapping: replicas reversed direction");
    } else {
      assertThatCode(() -> service.neverFlaps(max, window)).doesNotThrowAnyException();
    }
  }

  @Test
  @DisplayName("a flapping failure lists the replica changes of the offending window")
  void flappingFailureListsTheChanges() {
    assertThatThrownBy(() -> flapping().neverFlaps(1, Duration.ofMinutes(5)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "java-app: flapping: replicas reversed direction 2 times within 300.0s"
                + " (at most 1 allowed): t+10.0s 1→2, t+70.0s 2→1 (reversal),"
                + " t+130.0s 1→2 (reversal)");
  }

  @Test
  @DisplayName("a steady climb and one scale-down never flap")
  void aSingleScaleUpAndDownDoesNotFlap() {
    // Given: 1→2→3→2→1 reverses once
    Recording javaApp = Recording.javaApp();
    javaApp.at(0).replicas(1);
    javaApp.at(10).replicas(2);
    javaApp.at(20).replicas(3);
    javaApp.at(30).replicas(2);
    javaApp.at(40).replicas(1);
    ServiceAssert service = assertThat(javaApp.run(240)).service("java-app");

    // When / Then
    assertThatCode(() -> service.neverFlaps(1, Duration.ofMinutes(5))).doesNotThrowAnyException();
    assertThatThrownBy(() -> service.neverFlaps(0, Duration.ofMinutes(5)))
        .hasMessageEndingWith("t+20.0s 2→3, t+30.0s 3→2 (reversal)");
  }

  /** Errors before the load and samples without a value do not count. */
  private static ServiceAssert erring() {
    Recording javaApp = Recording.javaApp();
    javaApp.at(-10).errors(0.2);
    javaApp.at(0).errors(0.0);
    javaApp.at(20).errors(0.02);
    javaApp.at(40).noP95();
    javaApp.at(50).errors(0.08);
    javaApp.at(60).errors(0.12);
    javaApp.at(70).errors(0.03);
    return assertThat(javaApp.run(240)).service("java-app");
  }

  @Test
  @DisplayName("an error ratio at or above the limit fails naming the first offender and the peak")
  void errorRateFailsAtTheFirstOffender() {
    assertThatThrownBy(() -> erring().errorRateStaysBelow(0.05))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "java-app: error rate: 0.080 at t+50.0s (2025-03-01T12:00:50Z) is not below 0.050;"
                + " the peak was 0.120 at t+60.0s");
    assertThatThrownBy(() -> erring().errorRateStaysBelow(0.12))
        .hasMessageStartingWith("java-app: error rate: 0.120 at t+60.0s");
  }

  @Test
  @DisplayName("errors before the load started do not count against the limit")
  void errorRateIgnoresErrorsBeforeTheLoad() {
    assertThatCode(() -> erring().errorRateStaysBelow(0.13)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("replicas outside the bounds fail naming the first offending sample")
  void replicaBoundsFailAtTheFirstOffender() {
    // Given: replicas 1, 2, 1, 2, 1 (from the flapping recording)
    ServiceAssert service = flapping();

    // When / Then
    assertThatCode(() -> service.replicasStayWithin(1, 2)).doesNotThrowAnyException();
    assertThatThrownBy(() -> service.replicasStayWithin(1, 1))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "java-app: replica bounds: 2 replicas at t+10.0s (2025-03-01T12:00:10Z)"
                + " is outside [1, 1]");
    assertThatThrownBy(() -> service.replicasStayWithin(2, 4))
        .hasMessageStartingWith("java-app: replica bounds: 1 replicas at t+0.0s");
  }

  @Test
  @DisplayName("nonsensical arguments are usage errors, not assertion failures")
  void rejectsNonsensicalArguments() {
    ServiceAssert service = flapping();

    assertThatThrownBy(() -> service.replicasStayWithin(3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min and max");
    assertThatThrownBy(() -> service.neverFlaps(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
    assertThatThrownBy(() -> service.whenP95Exceeds(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("thresholdMs");
  }
}
