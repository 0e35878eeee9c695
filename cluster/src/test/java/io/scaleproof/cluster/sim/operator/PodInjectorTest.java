package io.scaleproof.cluster.sim.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The operator's own e2e cases ({@code tests/e2e-instrumentation/instrumentation-{java,nodejs,
 * python}}: the Instrumentation, the app's pod template, and {@code 01-assert.yaml}'s expected
 * container env, in order), re-expressed as data here, plus its edge cases.
 */
class PodInjectorTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String NS = "e2e";
  private static final String FIELD = "field:";

  private final PodInjector injector = new PodInjector(PodInjectorTest::owner);

  @Test
  @DisplayName(
      "Java: the e2e golden env, order included, and the agent's mount, volume and init container")
  void javaGolden() {
    Instrumentation inst =
        instrumentation(
            """
        {"apiVersion":"opentelemetry.io/v1alpha1","kind":"Instrumentation",
         "metadata":{"name":"java","namespace":"e2e"},
         "spec":{"env":[{"name":"OTEL_TRACES_SAMPLER","value":"always_on"},
                        {"name":"OTEL_EXPORTER_OTLP_PROTOCOL","value":"http/protobuf"},
                        {"name":"OTEL_LOGS_EXPORTER","value":"none"}],
                 "exporter":{"endpoint":"http://deployment-collector:4318"},
                 "propagators":["jaeger","b3"],
                 "java":{"env":[{"name":"OTEL_JAVAAGENT_DEBUG","value":"true"},
                                {"name":"OTEL_INSTRUMENTATION_JDBC_ENABLED","value":"false"}]}}}""");
    Pod pod =
        pod(
            "my-java",
            "ghcr.io/open-telemetry/opentelemetry-operator/e2e-test-app-java:main",
            List.of());

    Pod injected = injector.inject(pod, NS, Map.of(Language.JAVA, inst), Map.of()).pod();

    Container app = injected.getSpec().getContainers().get(0);
    assertThat(render(app.getEnv()))
        .containsExactly(
            "OTEL_NODE_IP=" + FIELD + "status.hostIP",
            "OTEL_POD_IP=" + FIELD + "status.podIP",
            "OTEL_JAVAAGENT_DEBUG=true",
            "OTEL_INSTRUMENTATION_JDBC_ENABLED=false",
            "OTEL_TRACES_SAMPLER=always_on",
            "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "OTEL_LOGS_EXPORTER=none",
            "JAVA_TOOL_OPTIONS= -javaagent:/otel-auto-instrumentation-java-myapp/javaagent.jar",
            "OTEL_SERVICE_NAME=my-java",
            "OTEL_EXPORTER_OTLP_ENDPOINT=http://deployment-collector:4318",
            "OTEL_RESOURCE_ATTRIBUTES_POD_NAME=" + FIELD + "metadata.name",
            "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME=" + FIELD + "spec.nodeName",
            "OTEL_PROPAGATORS=jaeger,b3",
            "OTEL_RESOURCE_ATTRIBUTES=" + resourceAttributes("my-java", "main"));
    assertThat(app.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("opentelemetry-auto-instrumentation-java");
              assertThat(m.getMountPath()).isEqualTo("/otel-auto-instrumentation-java-myapp");
            });
    assertThat(injected.getSpec().getInitContainers())
        .singleElement()
        .satisfies(
            init -> {
              assertThat(init.getName()).isEqualTo("opentelemetry-auto-instrumentation-java");
              assertThat(init.getImage())
                  .isEqualTo(
                      "ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.30.0");
              assertThat(init.getCommand())
                  .containsExactly(
                      "cp", "/javaagent.jar", "/otel-auto-instrumentation-java/javaagent.jar");
              assertThat(init.getVolumeMounts().get(0).getMountPath())
                  .isEqualTo("/otel-auto-instrumentation-java");
            });
    assertThat(injected.getSpec().getVolumes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo("opentelemetry-auto-instrumentation-java");
              assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("200Mi");
            });
  }

  @Test
  @DisplayName("Node.js: the e2e golden env; the container's own env stays first after the IPs")
  void nodejsGolden() {
    Instrumentation inst =
        instrumentation(
            """
        {"apiVersion":"opentelemetry.io/v1alpha1","kind":"Instrumentation",
         "metadata":{"name":"nodejs","namespace":"e2e"},
         "spec":{"env":[{"name":"OTEL_TRACES_EXPORTER","value":"otlp"},
                        {"name":"OTEL_EXPORTER_OTLP_ENDPOINT","value":"http://deployment-collector:4318"},
                        {"name":"OTEL_EXPORTER_OTLP_TIMEOUT","value":"20000"},
                        {"name":"OTEL_TRACES_SAMPLER","value":"always_on"},
                        {"name":"SPLUNK_TRACE_RESPONSE_HEADER_ENABLED","value":"true"}],
                 "exporter":{"endpoint":"http://deployment-collector:4318"},
                 "propagators":["jaeger","b3"],
                 "nodejs":{"env":[{"name":"OTEL_NODEJS_DEBUG","value":"true"}]}}}""");
    Pod pod =
        pod(
            "my-nodejs",
            "ghcr.io/open-telemetry/opentelemetry-operator/e2e-test-app-nodejs:main",
            List.of(EnvVars.value("NODE_PATH", "/usr/local/lib/node_modules")));

    Pod injected = injector.inject(pod, NS, Map.of(Language.NODEJS, inst), Map.of()).pod();

    assertThat(render(injected.getSpec().getContainers().get(0).getEnv()))
        .containsExactly(
            "OTEL_NODE_IP=" + FIELD + "status.hostIP",
            "OTEL_POD_IP=" + FIELD + "status.podIP",
            "NODE_PATH=/usr/local/lib/node_modules",
            "OTEL_NODEJS_DEBUG=true",
            "OTEL_TRACES_EXPORTER=otlp",
            "OTEL_EXPORTER_OTLP_ENDPOINT=http://deployment-collector:4318",
            "OTEL_EXPORTER_OTLP_TIMEOUT=20000",
            "OTEL_TRACES_SAMPLER=always_on",
            "SPLUNK_TRACE_RESPONSE_HEADER_ENABLED=true",
            "NODE_OPTIONS= --require /otel-auto-instrumentation-nodejs/autoinstrumentation.js",
            "OTEL_METRICS_EXPORTER=otlp",
            "OTEL_SERVICE_NAME=my-nodejs",
            "OTEL_RESOURCE_ATTRIBUTES_POD_NAME=" + FIELD + "metadata.name",
            "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME=" + FIELD + "spec.nodeName",
            "OTEL_PROPAGATORS=jaeger,b3",
            "OTEL_RESOURCE_ATTRIBUTES=" + resourceAttributes("my-nodejs", "main"));
    assertThat(injected.getSpec().getInitContainers().get(0).getCommand())
        .containsExactly("cp", "-r", "/autoinstrumentation/.", "/otel-auto-instrumentation-nodejs");
  }

  @Test
  @DisplayName("Python: the e2e golden env; the sampler is not injected when env already sets it")
  void pythonGolden() {
    Instrumentation inst =
        instrumentation(
            """
        {"apiVersion":"opentelemetry.io/v1alpha1","kind":"Instrumentation",
         "metadata":{"name":"python","namespace":"e2e"},
         "spec":{"env":[{"name":"OTEL_EXPORTER_OTLP_TIMEOUT","value":"20000"},
                        {"name":"OTEL_TRACES_SAMPLER","value":"always_on"},
                        {"name":"SPLUNK_TRACE_RESPONSE_HEADER_ENABLED","value":"true"}],
                 "exporter":{"endpoint":"http://deployment-collector:4317"},
                 "propagators":["jaeger","b3"],
                 "sampler":{"type":"parentbased_traceidratio","argument":"0.25"},
                 "python":{"env":[{"name":"OTEL_LOG_LEVEL","value":"debug"},
                                  {"name":"OTEL_TRACES_EXPORTER","value":"otlp"},
                                  {"name":"OTEL_EXPORTER_OTLP_ENDPOINT","value":"http://deployment-collector:4318"},
                                  {"name":"OTEL_PYTHON_DISABLED_INSTRUMENTATIONS","value":"system_metrics"}]}}}""");
    Pod pod =
        pod(
            "my-python",
            "ghcr.io/open-telemetry/opentelemetry-operator/e2e-test-app-python:main",
            List.of());

    Pod injected = injector.inject(pod, NS, Map.of(Language.PYTHON, inst), Map.of()).pod();

    assertThat(render(injected.getSpec().getContainers().get(0).getEnv()))
        .containsExactly(
            "OTEL_NODE_IP=" + FIELD + "status.hostIP",
            "OTEL_POD_IP=" + FIELD + "status.podIP",
            "OTEL_LOG_LEVEL=debug",
            "OTEL_TRACES_EXPORTER=otlp",
            "OTEL_EXPORTER_OTLP_ENDPOINT=http://deployment-collector:4318",
            "OTEL_PYTHON_DISABLED_INSTRUMENTATIONS=system_metrics",
            "PYTHONPATH=/otel-auto-instrumentation-python/opentelemetry/instrumentation/auto_instrumentation:/otel-auto-instrumentation-python",
            "OTEL_EXPORTER_OTLP_TIMEOUT=20000",
            "OTEL_TRACES_SAMPLER=always_on",
            "SPLUNK_TRACE_RESPONSE_HEADER_ENABLED=true",
            "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "OTEL_METRICS_EXPORTER=otlp",
            "OTEL_LOGS_EXPORTER=otlp",
            "OTEL_SERVICE_NAME=my-python",
            "OTEL_RESOURCE_ATTRIBUTES_POD_NAME=" + FIELD + "metadata.name",
            "OTEL_RESOURCE_ATTRIBUTES_NODE_NAME=" + FIELD + "spec.nodeName",
            "OTEL_PROPAGATORS=jaeger,b3",
            "OTEL_RESOURCE_ATTRIBUTES=" + resourceAttributes("my-python", "main"));
  }

  @Test
  @DisplayName("an agent variable set through valueFrom skips the container with upstream's reason")
  void valueFromSkipsTheContainer() {
    Pod pod =
        pod(
            "my-java",
            "app:1",
            List.of(
                new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                    .withName("JAVA_TOOL_OPTIONS")
                    .withNewValueFrom()
                    .withNewConfigMapKeyRef()
                    .withName("opts")
                    .withKey("jvm")
                    .endConfigMapKeyRef()
                    .endValueFrom()
                    .build()));

    PodInjector.Result result =
        injector.inject(pod, NS, Map.of(Language.JAVA, minimal()), Map.of());

    assertThat(result.skipped())
        .singleElement()
        .asString()
        .contains("ValueFrom", "JAVA_TOOL_OPTIONS");
    assertThat(result.pod().getSpec().getContainers().get(0).getEnv()).hasSize(1);
  }

  @Test
  @DisplayName("existing JAVA_TOOL_OPTIONS and PYTHONPATH are extended, not replaced")
  void existingAgentVariablesAreExtended() {
    Pod java = pod("a", "app:1", List.of(EnvVars.value("JAVA_TOOL_OPTIONS", "-Xmx256m")));
    Pod python = pod("b", "app:1", List.of(EnvVars.value("PYTHONPATH", "/app/lib")));

    Container javaApp =
        injector
            .inject(java, NS, Map.of(Language.JAVA, minimal()), Map.of())
            .pod()
            .getSpec()
            .getContainers()
            .get(0);
    Container pythonApp =
        injector
            .inject(python, NS, Map.of(Language.PYTHON, minimal()), Map.of())
            .pod()
            .getSpec()
            .getContainers()
            .get(0);

    assertThat(render(javaApp.getEnv()))
        .contains(
            "JAVA_TOOL_OPTIONS=-Xmx256m -javaagent:/otel-auto-instrumentation-java-myapp/javaagent.jar");
    assertThat(render(pythonApp.getEnv()))
        .contains(
            "PYTHONPATH=/otel-auto-instrumentation-python/"
                + "opentelemetry/instrumentation/auto_instrumentation:/app/lib:/otel-auto-instrumentation-python");
  }

  @Test
  @DisplayName(
      "a pod with an agent init container, or with the node-name variable, counts as instrumented")
  void recognisesInstrumentedPods() {
    Pod plain = pod("a", "app:1", List.of());
    Pod injected = injector.inject(plain, NS, Map.of(Language.NODEJS, minimal()), Map.of()).pod();
    Pod byEnv = pod("a", "app:1", List.of(EnvVars.value(SdkConfig.NODE_NAME, "x")));

    assertThat(PodInjector.alreadyInstrumented(plain)).isFalse();
    assertThat(PodInjector.alreadyInstrumented(injected)).isTrue();
    assertThat(PodInjector.alreadyInstrumented(byEnv)).isTrue();
  }

  private static String resourceAttributes(String deployment, String version) {
    return "k8s.container.name=myapp,k8s.deployment.name="
        + deployment
        + ",k8s.namespace.name=e2e,"
        + "k8s.node.name=$(OTEL_RESOURCE_ATTRIBUTES_NODE_NAME),k8s.pod.name=$(OTEL_RESOURCE_ATTRIBUTES_POD_NAME),"
        + "k8s.replicaset.name="
        + deployment
        + "-5d8f7b9c4d,"
        + "service.instance.id=e2e.$(OTEL_RESOURCE_ATTRIBUTES_POD_NAME).myapp,service.namespace=e2e,"
        + "service.version="
        + version;
  }

  /** A pod as the ReplicaSet controller submits it: generateName only, owned by the ReplicaSet. */
  private static Pod pod(String deployment, String image, List<EnvVar> env) {
    return new PodBuilder()
        .withNewMetadata()
        .withGenerateName(deployment + "-5d8f7b9c4d-")
        .withNamespace(NS)
        .addToLabels("app", deployment)
        .addToAnnotations("instrumentation.opentelemetry.io/inject-java", "true")
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName(deployment + "-5d8f7b9c4d")
        .withUid("rs-uid")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("myapp")
        .withImage(image)
        .withEnv(env)
        .addNewPort()
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .endSpec()
        .build();
  }

  private static HasMetadata owner(String kind, String name) {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(name.substring(0, name.lastIndexOf('-')))
        .withUid("d-uid")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .build();
  }

  private static Instrumentation minimal() {
    return instrumentation(
        """
        {"apiVersion":"opentelemetry.io/v1alpha1","kind":"Instrumentation",
         "metadata":{"name":"minimal","namespace":"e2e"},
         "spec":{"exporter":{"endpoint":"http://collector:4318"}}}""");
  }

  private static Instrumentation instrumentation(String json) {
    return Instrumentation.from(JSON.unmarshal(json, GenericKubernetesResource.class));
  }

  private static List<String> render(List<EnvVar> env) {
    return env.stream()
        .map(
            v ->
                v.getName()
                    + "="
                    + (v.getValueFrom() != null
                        ? FIELD + v.getValueFrom().getFieldRef().getFieldPath()
                        : v.getValue()))
        .toList();
  }
}
