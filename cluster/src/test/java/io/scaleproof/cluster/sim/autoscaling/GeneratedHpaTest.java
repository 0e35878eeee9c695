package io.scaleproof.cluster.sim.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HPA's quantities as a real API server stores them: canonical, the largest SI exponent that
 * keeps the number whole (what {@code kubectl get hpa} prints as TARGETS).
 */
class GeneratedHpaTest {
  @ParameterizedTest(name = "{0} milli is {1}")
  @CsvSource({
    "0, 0",
    "50, 50m",
    "5000, 5",
    "150000, 150",
    "1500, 1500m",
    "250000, 250",
    "2000000, 2k",
    "-3000, -3"
  })
  void canonicalQuantities(long milli, String expected) {
    assertThat(GeneratedHpa.quantity(milli).toString()).isEqualTo(expected);
  }
}
