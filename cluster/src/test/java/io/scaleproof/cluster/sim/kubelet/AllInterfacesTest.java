package io.scaleproof.cluster.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllInterfacesTest {
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0.0.0.0:4317                          | 127.9.8.7:4317
          endpoint: 0.0.0.0:8889                | endpoint: 127.9.8.7:8889
          --web.listen-address=0.0.0.0:9090     | --web.listen-address=127.9.8.7:9090
          host: 0.0.0.0                         | host: 127.9.8.7
          10.0.0.0/8                            | 10.0.0.0/8
          0.0.0.01                              | 0.0.0.01
          127.0.0.1:8080                        | 127.0.0.1:8080
          """)
  void allInterfacesMeansThePodsAddress(String value, String expected) {
    assertThat(AllInterfaces.toPodAddress(value, "127.9.8.7")).isEqualTo(expected);
  }
}
