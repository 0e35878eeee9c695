package io.scaleproof.scenarios.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalingChainTest {
  /** A plain directory pipeline: the service, its Service, its ScaledObject, a Prometheus. */
  private static final String PIPELINE =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: checkout, namespace: shop}
      spec:
        selector: {matchLabels: {app: checkout}}
        template:
          metadata: {labels: {app: checkout}}
          spec:
            containers: [{name: app, image: shop/checkout:1}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {matchLabels: {app: cart}}
        template:
          metadata: {labels: {app: cart}}
          spec:
            containers: [{name: app, image: shop/cart:1}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: checkout, namespace: shop}
      spec:
        selector: {app: checkout}
        ports: [{port: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: prom, namespace: telemetry}
      spec:
        ports: [{port: 9090}]
      ---
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata: {name: slo, namespace: telemetry}
      spec:
        groups:
          - name: slo
            rules:
              - record: shop:p95:1m
                expr: histogram_quantile(0.95, sum by (le) (rate(x_bucket[1m])))
              - record: shop:rate:1m
                expr: sum(rate(x_count[1m]))
      ---
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata: {name: checkout-scaling, namespace: shop}
      spec:
        scaleTargetRef: {name: checkout}
        triggers:
          - type: prometheus
            name: latency
            metricType: Value
            metadata:
              serverAddress: http://prom.telemetry.svc.cluster.local:9090
              query: max(shop:p95:1m)
              threshold: "200"
          - type: prometheus
            name: rate
            metadata:
              serverAddress: http://prom.telemetry:9090
              query: sum(shop:rate:1m)
              threshold: "35"
      """;

  private static final String PROJECT =
      """
      pipeline: deploy
      services:
        - name: checkout
          deployment: shop/checkout
          port: 8080
          signals: {latency: latency, rate: rate}
      """;

  @TempDir Path directory;

  @BeforeEach
  void writePipeline() throws IOException {
    Files.createDirectories(directory.resolve("deploy"));
    Files.writeString(directory.resolve("deploy/pipeline.yaml"), PIPELINE);
  }

  @Test
  @DisplayName("the chain comes from the manifests: triggers, thresholds, Prometheus, rules")
  void readsTheChain() throws IOException {
    ScalingChain chain = chain(PROJECT, PIPELINE);

    assertThat(chain.scaledObject()).isEqualTo("checkout-scaling");
    assertThat(chain.autoscaler().file()).isEqualTo("pipeline.yaml");
    assertThat(chain.latency().query()).isEqualTo("max(shop:p95:1m)");
    assertThat(chain.latency().threshold()).contains(200.0);
    assertThat(chain.latency().server())
        .isEqualTo(new ScalingChain.ServiceAddress("telemetry", "prom", 9090));
    assertThat(chain.rate())
        .hasValueSatisfying(
            rate -> {
              assertThat(rate.trigger().orElseThrow().metricType())
                  .as("KEDA's default metric type")
                  .isEqualTo("AverageValue");
              assertThat(rate.trigger().orElseThrow().index()).isEqualTo(1);
            });
    assertThat(chain.errors()).isEmpty();
    assertThat(chain.pollingInterval()).as("KEDA's default").isEqualTo(Duration.ofSeconds(30));
    assertThat(chain.recordingRules()).containsExactly("shop:p95:1m", "shop:rate:1m");
  }

  @Test
  @DisplayName("the shipped project's chains: the sample apps' triggers and recording rules")
  void shippedChains() {
    ProjectPipeline shipped = ProjectPipeline.shipped();
    ScalingChain javaApp = shipped.chain("java-app");

    assertThat(javaApp.latency().trigger().orElseThrow().name()).isEqualTo("p95-latency");
    assertThat(javaApp.latency().threshold()).contains(150.0);
    assertThat(javaApp.errors().orElseThrow().threshold()).contains(0.05);
    assertThat(javaApp.latency().server().toString()).isEqualTo("observability/prometheus:9090");
    assertThat(javaApp.pollingInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(javaApp.recordingRules())
        .contains("service_name:traces_span_metrics_duration_milliseconds:p95_rate30s");
    assertThat(shipped.runNamespaces()).containsExactly("apps", "observability");
  }

  @Test
  @DisplayName("the example team's chain: its names, its rules, a rate trigger on AverageValue")
  void exampleChain() {
    ProjectPipeline shop =
        ProjectPipeline.load(ProjectFile.read(ProjectFiles.find("examples/shop/scaleproof.yaml")));
    ScalingChain checkout = shop.chain("checkout");

    assertThat(checkout.latency().server().toString()).isEqualTo("telemetry/metrics:9091");
    assertThat(checkout.latency().threshold()).contains(200.0);
    assertThat(checkout.rate().orElseThrow().trigger().orElseThrow().metricType())
        .isEqualTo("AverageValue");
    assertThat(checkout.recordingRules())
        .containsExactly("shop:request_latency_p95_ms:1m", "shop:requests_per_second:1m");
    assertThat(shop.serviceNamespaces()).containsExactly("shop");
    assertThat(shop.runNamespaces())
        .as("a run's namespaces on a shared cluster, the Git server's last")
        .containsExactly("shop", "telemetry");
  }

  @Test
  @DisplayName("one trigger needs no signals: it is the latency one")
  void onlyTrigger() throws IOException {
    String oneTrigger =
        PIPELINE.substring(0, PIPELINE.indexOf("    - type: prometheus\n      name: rate"));
    ScalingChain chain =
        chain(PROJECT.replace("    signals: {latency: latency, rate: rate}\n", ""), oneTrigger);
    assertThat(chain.latency().trigger().orElseThrow().name()).isEqualTo("latency");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no Deployment | deployment: shop/checkout | deployment: shop/basket |"
            + " services[0].deployment | declares no Deployment shop/basket",
        "no ScaledObject | deployment: shop/checkout | deployment: shop/cart |"
            + " services[0].deployment | no ScaledObject of the pipeline scales Deployment shop/cart",
        "no Service | 'port: 8080' | 'port: 8080\\n    service: web' | services[0].service |"
            + " declares no Service shop/web",
        "wrong port | 'port: 8080' | 'port: 80' | services[0].port | has no port 80",
        "unknown trigger | 'latency: latency' | 'latency: p95' | services[0].signals.latency | has"
            + " no trigger named 'p95'",
        "two triggers unnamed | signals: {latency: latency, rate: rate} | signals: {rate: rate} |"
            + " services[0].signals.latency | cannot tell which one scales on latency",
        "undeclared Prometheus | prom.telemetry.svc.cluster.local | vm.telemetry |"
            + " services[0].signals.latency | declares no Service telemetry/vm",
      })
  @DisplayName("a broken link names the project file's field and the fix")
  void brokenLinks(String what, String original, String replacement, String field, String problem)
      throws IOException {
    String project = PROJECT;
    String pipeline = PIPELINE;
    String replaced = replacement.replace("\\n", "\n");
    if (project.contains(original.replace("\\n", "\n"))) {
      project = project.replace(original.replace("\\n", "\n"), replaced);
    } else {
      pipeline = pipeline.replace(original.replace("\\n", "\n"), replaced);
    }
    Path file = directory.resolve("scaleproof.yaml");
    String projectText = project;
    String pipelineText = pipeline;
    assertThatThrownBy(() -> chain(projectText, pipelineText))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ": " + field + ": ")
        .hasMessageContaining(problem);
  }

  /** {@link #PIPELINE} with checkout scaled by an HPA on the Adapter's metrics instead. */
  private static final String ADAPTER_PIPELINE =
      PIPELINE.replace("scaleTargetRef: {name: checkout}", "scaleTargetRef: {name: cart}")
          + """
          ---
          apiVersion: autoscaling/v2
          kind: HorizontalPodAutoscaler
          metadata: {name: checkout, namespace: shop}
          spec:
            scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
            maxReplicas: 4
            metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
              - type: External
                external:
                  metric:
                    name: p95_latency_ms
                    selector: {matchLabels: {service: checkout}}
                  target: {type: Value, value: "200"}
              - type: External
                external:
                  metric: {name: requests}
                  target: {type: AverageValue, averageValue: 35500m}
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: adapter, namespace: telemetry}
          data:
            config.yaml: |
              externalRules:
                - seriesQuery: '{__name__=~"shop:.*:1m"}'
                  resources: {namespaced: false}
                  name: {matches: '^shop:p95:1m$', as: p95_latency_ms}
                  metricsQuery: 'max(<<.Series>>{<<.LabelMatchers>>})'
                - seriesQuery: 'shop:rate:1m'
                  resources: {namespaced: false}
                  name: {as: requests}
                  metricsQuery: 'sum(<<.Series>>{<<.LabelMatchers>>})'
          """;

  private static final String ADAPTER_PROJECT =
      """
      pipeline: deploy
      services:
        - name: checkout
          deployment: shop/checkout
          port: 8080
          signals: {latency: p95_latency_ms, rate: requests}
      prometheusAdapter:
        prometheusUrl: http://prom.telemetry.svc:9090
        relistInterval: 30s
      """;

  @Test
  @DisplayName("an HPA on the Adapter's metrics: each external metric is a trigger with its query")
  void hpaOnTheAdaptersMetrics() throws IOException {
    ScalingChain chain = chain(ADAPTER_PROJECT, ADAPTER_PIPELINE);

    assertThat(chain.byKeda()).isFalse();
    assertThat(chain.autoscaler())
        .isEqualTo(
            new ScalingChain.Autoscaler("HorizontalPodAutoscaler", "checkout", "pipeline.yaml"));
    assertThat(chain.triggers())
        .extracting(
            ScalingChain.DeclaredTrigger::index,
            ScalingChain.DeclaredTrigger::name,
            ScalingChain.DeclaredTrigger::type,
            ScalingChain.DeclaredTrigger::metricType,
            ScalingChain.DeclaredTrigger::threshold)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "p95_latency_ms", "external", "Value", 200.0),
            org.assertj.core.groups.Tuple.tuple(2, "requests", "external", "AverageValue", 35.5));
    assertThat(chain.latency().query()).isEqualTo("max(shop:p95:1m{service=\"checkout\"})");
    assertThat(chain.latency().server())
        .isEqualTo(new ScalingChain.ServiceAddress("telemetry", "prom", 9090));
    assertThat(chain.rate()).map(ScalingChain.Signal::query).contains("sum(shop:rate:1m{})");
    assertThat(chain.recordingRules()).containsExactly("shop:p95:1m", "shop:rate:1m");
    assertThat(chain.pollingInterval()).isZero();
    assertThatThrownBy(chain::scaledObject).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no prometheusAdapter section | prometheusAdapter: | prometheusAdapter | is missing, and HorizontalPodAutoscaler shop/checkout scales on external metrics
          no ConfigMap with the rules  | externalRules: | prometheusAdapter.configMap | the pipeline declares no ConfigMap with the Prometheus Adapter's config
          a metric no rule serves      | as: p95_latency_ms | services[0].deployment | gives a recorded series the name p95_latency_ms
          """)
  @DisplayName("an HPA on the Adapter's metrics names the missing link")
  void adapterLinks(String what, String removed, String field, String problem) throws IOException {
    String project = ADAPTER_PROJECT;
    String pipeline = ADAPTER_PIPELINE;
    switch (removed) {
      case "prometheusAdapter:" -> project = project.substring(0, project.indexOf(removed));
      case "externalRules:" -> pipeline = pipeline.replace(removed, "rules:");
      default -> pipeline = pipeline.replace(removed, "as: p95");
    }
    String chainProject = project;
    String chainPipeline = pipeline;
    assertThatThrownBy(() -> chain(chainProject, chainPipeline))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(directory.resolve("scaleproof.yaml") + ": " + field + ": ")
        .hasMessageContaining(problem);
  }

  @Test
  @DisplayName(
      "a Deployment no ScaledObject and no HPA on external metrics scales says what to add")
  void noAutoscaler() {
    String pipeline =
        PIPELINE.replace("scaleTargetRef: {name: checkout}", "scaleTargetRef: {name: cart}");
    assertThatThrownBy(() -> chain(PROJECT, pipeline))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(directory.resolve("scaleproof.yaml") + ": services[0].deployment: ")
        .hasMessageContaining("no ScaledObject of the pipeline scales Deployment shop/checkout")
        .hasMessageContaining("an HPA on the Prometheus Adapter's external metrics");
  }

  @Test
  @DisplayName("a ScaledObject whose target the pipeline does not declare names its file and field")
  void scaledObjectWithoutTarget() throws IOException {
    String pipeline =
        PIPELINE
            + """
            ---
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: cart-scaling, namespace: shop}
            spec:
              scaleTargetRef: {name: basket}
              triggers: [{type: prometheus, metadata: {query: up, threshold: "1"}}]
            """;
    assertThatThrownBy(() -> chain(PROJECT, pipeline))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            directory.resolve("deploy/pipeline.yaml")
                + ": ScaledObject cart-scaling spec.scaleTargetRef.name: scales Deployment"
                + " shop/basket, which the pipeline does not declare");
  }

  private ScalingChain chain(String project, String pipeline) throws IOException {
    Files.writeString(directory.resolve("deploy/pipeline.yaml"), pipeline);
    Path file = directory.resolve("scaleproof.yaml");
    Files.writeString(file, project);
    return ProjectPipeline.load(ProjectFile.read(file)).chain("checkout");
  }
}
