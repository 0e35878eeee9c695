package io.scaleproof.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.scenarios.spec.Fault;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ShippedScenarios;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What each fault is made on, found in the shipped pipeline before anything starts. */
class FaultTargetsTest {
  private final ProjectPipeline project = ProjectPipeline.shipped();

  @Test
  @DisplayName("each shipped fault scenario's fault is found in the pipeline")
  void shippedFaultsFindTheirTargets() {
    assertThat(planned("prometheus-down").describe())
        .as("the Prometheus the latency trigger's serverAddress names")
        .isEqualTo("Service observability/prometheus");
    assertThat(planned("collector-down").describe())
        .as("the Collector the Instrumentation's exporter endpoint names")
        .isEqualTo("Service observability/otel-collector");
    assertThat(planned("trace-store-down").describe())
        .as("the trace store the Collector's OTLP exporter names")
        .isEqualTo("Service observability/jaeger-collector");
    assertThat(planned("crash-loop").describe()).isEqualTo("a pod of Deployment apps/java-app");
    assertThat(planned("broken-commit").describe())
        .isEqualTo("file ../../sample-apps/java/k8s/deployment.yaml in Git");
  }

  @Test
  @DisplayName("a fault's own target wins over what the pipeline shows")
  void explicitTarget() {
    Scenario scenario = withFault(fault(Fault.Kind.PROMETHEUS_DOWN, null, "monitoring/prom"));
    assertThat(FaultTargets.plan(scenario, project))
        .singleElement()
        .extracting(PlannedFault::describe)
        .isEqualTo("Service monitoring/prom");
  }

  @Test
  @DisplayName("a fault on a service the scenario does not load is refused, naming the field")
  void serviceOutsideTheScenario() {
    Scenario scenario = withFault(fault(Fault.Kind.POD_CRASH_LOOP, "node-app", null));
    assertThatThrownBy(() -> FaultTargets.plan(scenario, project))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("faults[0].service: 'node-app' is not a service of this scenario");
  }

  @Test
  @DisplayName("hosts read from URLs, host:port and bare names alike")
  void hosts() {
    assertThat(FaultTargets.host("http://otel-collector.observability.svc.cluster.local:4318"))
        .isEqualTo("otel-collector.observability.svc.cluster.local");
    assertThat(FaultTargets.host("jaeger-collector.observability.svc:4317"))
        .isEqualTo("jaeger-collector.observability.svc");
    assertThat(FaultTargets.host("jaeger")).isEqualTo("jaeger");
  }

  private PlannedFault planned(String name) {
    Scenario scenario = ShippedScenarios.find(name);
    project.check(scenario);
    return FaultTargets.plan(scenario, project).get(0);
  }

  private static Fault fault(Fault.Kind kind, String service, String target) {
    return new Fault(
        kind,
        service,
        target,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        null,
        null,
        null,
        Fault.Expect.NOTHING);
  }

  private static Scenario withFault(Fault fault) {
    Scenario shipped = ShippedScenarios.find("prometheus-down");
    return new Scenario(
        shipped.name(),
        shipped.description(),
        shipped.source(),
        shipped.timers(),
        shipped.services(),
        shipped.load(),
        shipped.pipeline(),
        new io.scaleproof.scenarios.spec.Faults(null, List.of(fault)),
        shipped.trigger(),
        shipped.slo());
  }
}
