package io.scaleproof.cluster.sim.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceDnsTest {
  private static final Map<String, String> SERVICES =
      Map.of(
          "observability/otel-collector", "127.150.3.7",
          "shop/jaeger", "127.150.3.8",
          "shop/config", "127.150.3.9");
  private final ServiceDns dns = new ServiceDns("cluster.local", "127.150.3.255");

  @ParameterizedTest(name = "[{0}] in namespace shop -> [{1}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://otel-collector.observability.svc.cluster.local:4318 | http://127.150.3.7:4318
          http://otel-collector.observability.svc:4318               | http://127.150.3.7:4318
          http://otel-collector.observability:4318                   | http://127.150.3.7:4318
          otel-collector.observability.svc.cluster.local.            | 127.150.3.7.
          jaeger                                                     | jaeger
          jaeger.shop.svc                                            | 127.150.3.8
          jaeger:16686                                               | 127.150.3.8:16686
          http://jaeger:16686/api/traces                             | http://127.150.3.8:16686/api/traces
          grpc://user@jaeger                                         | grpc://user@127.150.3.8
          -Dotel.endpoint=http://jaeger:4318                         | -Dotel.endpoint=http://127.150.3.8:4318
          jaeger tracing is on                                       | jaeger tracing is on
          /etc/config/jaeger.yaml                                    | /etc/config/jaeger.yaml
          --config=config.yaml                                       | --config=config.yaml
          http://unknown:8080                                        | http://unknown:8080
          http://localhost:8080                                      | http://localhost:8080
          http://127.0.0.1:8080                                      | http://127.0.0.1:8080
          otel-collector:4318                                        | otel-collector:4318
          keda-operator.keda.svc.cluster.local:8080                  | 127.150.3.255:8080
          http://keda-operator.keda.svc:8080/metrics                 | http://127.150.3.255:8080/metrics
          http://keda-operator.keda:8080/metrics                     | http://keda-operator.keda:8080/metrics
          """)
  void rewritesServiceNamesInHostPosition(String value, String expected) {
    assertThat(dns.rewrite(value, "shop", (ns, name) -> SERVICES.get(ns + "/" + name)))
        .isEqualTo(expected);
  }
}
