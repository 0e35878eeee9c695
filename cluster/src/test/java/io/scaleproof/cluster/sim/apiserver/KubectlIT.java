package io.scaleproof.cluster.sim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.provision.Tools;
import io.scaleproof.cluster.sim.EmbeddedCluster;
import io.scaleproof.cluster.sim.SimCluster;
import io.scaleproof.cluster.sim.SimClusterConfig;
import io.scaleproof.cluster.sim.SimClusterDemo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl people reach for when a run fails, against the embedded cluster: the pinned kubectl
 * (cluster/tools/clients.yaml, built from the Go module proxy on first use) runs every command the
 * demo prints, and {@code get} in its forms, {@code describe} of a pod, a Deployment, an HPA and a
 * ScaledObject, {@code scale}, {@code logs} and {@code logs --previous}, sorted events, {@code
 * apply} (client-side, a second apply removing an env var through a strategic merge patch) and
 * {@code delete}, each checked on its output. Under {@code -Pnightly}: the first run builds
 * kubectl.
 */
@Tag("nightly")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlIT {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @TempDir static Path temp;

  @RegisterExtension
  static final EmbeddedCluster EMBEDDED =
      EmbeddedCluster.perClass(
          () -> SimClusterConfig.defaults().withRunDirectory(temp.resolve("run")));

  private static Path kubectl;
  private static SimCluster cluster;

  @BeforeAll
  static void start(SimCluster started) {
    kubectl =
        Tools.load(ProjectFiles.find("cluster/tools/clients.yaml")).binary("kubectl", "kubectl");
    cluster = started;
    cluster.apply(ProjectFiles.find("cluster/demo/echo.yaml"));
    await("the demo's echo Deployment ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> readyReplicas("echo") == 2);
  }

  @Test
  @Order(1)
  @DisplayName("every kubectl command the demo prints works")
  void theDemosCommands() {
    for (List<String> command : SimClusterDemo.KUBECTL_HINTS) {
      Result result = run(command.toArray(String[]::new));
      assertThat(result.exit()).as("kubectl %s: %s", command, result.err()).isZero();
      assertThat(result.out()).as("kubectl %s", command).isNotBlank();
    }
  }

  @Test
  @Order(2)
  @DisplayName("api-resources lists built-in and custom kinds with their short names")
  void apiResources() {
    String out = ok("api-resources");
    assertThat(out.lines().findFirst().orElseThrow())
        .containsSubsequence("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND");
    assertThat(out)
        .containsPattern("(?m)^pods\\s+po\\s+v1\\s+true\\s+Pod$")
        .containsPattern("(?m)^deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment$")
        .containsPattern(
            "(?m)^horizontalpodautoscalers\\s+hpa\\s+autoscaling/v2\\s+true\\s+HorizontalPodAutoscaler$")
        .containsPattern("(?m)^scaledobjects\\s+so\\s+keda.sh/v1alpha1\\s+true\\s+ScaledObject$")
        .containsPattern(
            "(?m)^applications\\s+app,apps\\s+argoproj.io/v1alpha1\\s+true\\s+Application$")
        .containsPattern("(?m)^namespaces\\s+ns\\s+v1\\s+false\\s+Namespace$");
  }

  @Test
  @Order(3)
  @DisplayName("get prints the usual columns, -o wide more, -o yaml and -o json the object")
  void get() {
    String pods = ok("get", "pods");
    assertThat(pods.lines().findFirst().orElseThrow())
        .matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE");
    assertThat(pods).containsPattern("(?m)^echo-\\S+\\s+1/1\\s+Running\\s+0\\s+\\d+s$");
    Pod pod = echoPod();
    String wide = ok("get", "pods", "-o", "wide");
    assertThat(wide.lines().findFirst().orElseThrow())
        .containsSubsequence("IP", "NODE", "NOMINATED NODE", "READINESS GATES");
    assertThat(wide).contains(pod.getStatus().getPodIP()).contains(pod.getSpec().getNodeName());
    assertThat(ok("get", "deployment", "echo"))
        .containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE")
        .containsPattern("(?m)^echo\\s+2/2\\s+2\\s+2\\s+\\S+$");
    String service =
        cluster
            .client()
            .services()
            .inNamespace("default")
            .withName("echo")
            .get()
            .getSpec()
            .getClusterIP();
    assertThat(ok("get", "svc", "echo"))
        .containsPattern("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE")
        .containsPattern(
            "(?m)^echo\\s+ClusterIP\\s+"
                + service.replace(".", "\\.")
                + "\\s+<none>\\s+\\S+/TCP\\s+\\S+$");
    Deployment yaml =
        JSON.unmarshal(ok("get", "deployment", "echo", "-o", "yaml"), Deployment.class);
    assertThat(yaml.getSpec().getReplicas()).isEqualTo(2);
    // kubectl writes the items of a list in a List of its own.
    Map<?, ?> json = JSON.unmarshal(ok("get", "pods", "-o", "json"), Map.class);
    assertThat((List<?>) json.get("items"))
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch(item -> "Pod".equals(((Map<?, ?>) item).get("kind")));
    assertThat(ok("get", "all"))
        .contains("pod/" + pod.getMetadata().getName(), "service/echo", "deployment.apps/echo");
    assertThat(ok("get", "pods", "-A", "--show-labels"))
        .containsPattern("(?m)^default\\s+echo-\\S+.*app.kubernetes.io/name=echo");
  }

  @Test
  @Order(4)
  @DisplayName("describe a Deployment and a pod: their fields, ReplicaSets and Events")
  void describe() {
    assertThat(ok("describe", "deployment", "echo"))
        .containsPattern(
            "Replicas:\\s+2 desired \\| 2 updated \\| 2 total \\| 2 available \\| 0 unavailable")
        .containsPattern("NewReplicaSet:\\s+echo-\\S+ \\(2/2 replicas created\\)")
        .contains("Events:")
        .containsPattern(
            "Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set echo-");
    String pod = echoPod().getMetadata().getName();
    assertThat(ok("describe", "pod", pod))
        .containsPattern("Status:\\s+Running")
        .containsPattern("Normal\\s+Scheduled\\s+.*Successfully assigned default/" + pod)
        .containsPattern("Normal\\s+Started\\s+.*Started container echo");
  }

  @Test
  @Order(5)
  @DisplayName("a ScaledObject: get with its printer columns, describe it and KEDA's HPA")
  void scaledObjectAndHpa() throws IOException {
    Path file = temp.resolve("so.yaml");
    Files.writeString(
        file,
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: echo, namespace: default}
        spec:
          scaleTargetRef: {name: echo}
          minReplicaCount: 2
          maxReplicaCount: 4
          triggers:
            - type: prometheus
              metadata:
                serverAddress: http://127.0.0.1:9/
                query: vector(1)
                threshold: "5"
        """);
    assertThat(ok("apply", "-f", file.toString())).contains("scaledobject.keda.sh/echo created");
    await("KEDA made its HPA")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                        .client()
                        .autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace("default")
                        .withName("keda-hpa-echo")
                        .get()
                    != null);
    assertThat(ok("get", "so"))
        .containsPattern(
            "NAME\\s+SCALETARGETKIND\\s+SCALETARGETNAME\\s+MIN\\s+MAX\\s+READY\\s+ACTIVE\\s+FALLBACK\\s+PAUSED\\s+TRIGGERS\\s+AUTHENTICATIONS\\s+AGE")
        .containsPattern("(?m)^echo\\s+apps/v1\\.Deployment\\s+echo\\s+2\\s+4\\s+");
    assertThat(ok("describe", "so", "echo"))
        .contains("Kind:         ScaledObject", "Scale Target Ref:");
    assertThat(ok("get", "hpa"))
        .containsPattern("NAME\\s+REFERENCE\\s+TARGETS\\s+MINPODS\\s+MAXPODS\\s+REPLICAS\\s+AGE")
        .containsPattern(
            "(?m)^keda-hpa-echo\\s+Deployment/echo\\s+\\S+/5 \\(avg\\)\\s+2\\s+4\\s+\\d+\\s+\\S+$");
    assertThat(ok("describe", "hpa", "keda-hpa-echo"))
        .containsPattern("Reference:\\s+Deployment/echo")
        .containsPattern("Min replicas:\\s+2")
        .containsPattern("Max replicas:\\s+4");
    assertThat(ok("delete", "-f", file.toString()))
        .contains("scaledobject.keda.sh \"echo\" deleted");
  }

  @Test
  @Order(6)
  @DisplayName("scale, then the Deployment has the replicas")
  void scale() {
    assertThat(ok("scale", "deployment", "echo", "--replicas=3"))
        .contains("deployment.apps/echo scaled");
    await("three echo pods ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> readyReplicas("echo") == 3);
    assertThat(ok("get", "deployment", "echo"))
        .containsPattern("(?m)^echo\\s+3/3\\s+3\\s+3\\s+\\S+$");
  }

  @Test
  @Order(7)
  @DisplayName("logs, and logs --previous of a container that crashed")
  void logs() throws IOException {
    String pod = echoPod().getMetadata().getName();
    assertThat(ok("logs", pod)).isNotBlank();
    Path file = temp.resolve("crasher.yaml");
    Files.writeString(
        file,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: crasher, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: crasher}}
          template:
            metadata: {labels: {app: crasher}}
            spec:
              containers:
                - name: echo
                  image: scaleproof/echo-server:1.0.0
                  env:
                    - {name: POD_IP, value: 127.0.0.1}
                    - {name: PORT, value: not-a-port}
        """);
    ok("apply", "-f", file.toString());
    await("the crasher restarted once")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                cluster
                    .client()
                    .pods()
                    .inNamespace("default")
                    .withLabel("app", "crasher")
                    .list()
                    .getItems()
                    .stream()
                    .anyMatch(
                        p ->
                            p.getStatus() != null
                                && p.getStatus().getContainerStatuses() != null
                                && p.getStatus().getContainerStatuses().stream()
                                    .anyMatch(c -> c.getRestartCount() >= 1)));
    String crasher =
        cluster
            .client()
            .pods()
            .inNamespace("default")
            .withLabel("app", "crasher")
            .list()
            .getItems()
            .get(0)
            .getMetadata()
            .getName();
    assertThat(ok("logs", crasher, "--previous"))
        .contains("invalid literal for int() with base 10: 'not-a-port'");
    assertThat(ok("get", "pod", crasher))
        .as("between crashes it runs for a moment; RESTARTS says when it last ended")
        .containsPattern(
            "(?m)^"
                + crasher
                + "\\s+[01]/1\\s+(CrashLoopBackOff|Error|Running)\\s+\\d+ \\(\\S+ ago\\)\\s+\\S+$");
    assertThat(ok("delete", "deployment", "crasher"))
        .contains("deployment.apps \"crasher\" deleted");
  }

  @Test
  @Order(8)
  @DisplayName("events sorted by their last time")
  void sortedEvents() {
    String events = ok("get", "events", "--sort-by=.lastTimestamp");
    assertThat(events.lines().findFirst().orElseThrow())
        .matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
    assertThat(events)
        .containsPattern(
            "Normal\\s+ScalingReplicaSet\\s+deployment/echo\\s+Scaled up replica set echo-");
  }

  @Test
  @Order(9)
  @DisplayName("apply creates, a second apply removes what the file dropped, delete deletes")
  void applyAndDelete() throws IOException {
    Path file = temp.resolve("web.yaml");
    String web =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: echo
                  image: scaleproof/echo-server:1.0.0
                  env:
                    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    - {name: PORT, value: "8080"}
                    %s
        """;
    Files.writeString(file, web.formatted("- {name: GREETING, value: hello}"));
    assertThat(ok("apply", "-f", file.toString())).contains("deployment.apps/web created");
    Files.writeString(file, web.formatted(""));
    assertThat(ok("apply", "-f", file.toString())).contains("deployment.apps/web configured");
    List<String> env = new ArrayList<>();
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("web")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(e -> env.add(e.getName()));
    assertThat(env).as("the env var the file dropped is gone").containsExactly("POD_IP", "PORT");
    assertThat(ok("apply", "-f", file.toString())).contains("deployment.apps/web unchanged");
    assertThat(ok("delete", "deployment", "web")).contains("deployment.apps \"web\" deleted");
    Result gone = run("get", "deployment", "web");
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.err()).contains("deployments.apps \"web\" not found");
  }

  @Test
  @Order(10)
  @DisplayName("the docs' other commands: an Application's status, auth can-i, kustomize")
  void theDocsCommands() throws IOException {
    Path file = temp.resolve("application.yaml");
    Files.writeString(
        file,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: nowhere, namespace: argocd}
        spec:
          project: default
          source: {repoURL: "file:///nonexistent/repository.git", path: ., targetRevision: HEAD}
          destination: {server: "https://kubernetes.default.svc", namespace: default}
        """);
    Result generator = run("create", "namespace", "argocd");
    assertThat(generator.exit()).as("a generator sends protobuf").isNotZero();
    assertThat(generator.err()).contains("the embedded cluster reads no protobuf");
    Path namespace = temp.resolve("namespace.yaml");
    Files.writeString(namespace, "apiVersion: v1\nkind: Namespace\nmetadata: {name: argocd}\n");
    assertThat(ok("create", "-f", namespace.toString())).contains("namespace/argocd created");
    assertThat(ok("get", "namespace", "argocd")).containsPattern("(?m)^argocd\\s+Active\\s+\\S+$");
    assertThat(ok("apply", "-f", file.toString()))
        .contains("application.argoproj.io/nowhere created");
    assertThat(ok("get", "applications", "-n", "argocd"))
        .containsPattern("NAME\\s+SYNC STATUS\\s+HEALTH STATUS")
        .containsPattern("(?m)^nowhere\\s");
    assertThat(ok("get", "application", "nowhere", "-n", "argocd", "-o", "yaml"))
        .contains("kind: Application", "repoURL: file:///nonexistent/repository.git");
    assertThat(ok("auth", "can-i", "create", "deployments")).isEqualTo("yes\n");
    assertThat(ok("kustomize", ProjectFiles.find("cluster/gitops").toString()))
        .contains("kind: ScaledObject", "kind: OpenTelemetryCollector");
  }

  private static Pod echoPod() {
    return cluster
        .client()
        .pods()
        .inNamespace("default")
        .withLabel("app.kubernetes.io/name", "echo")
        .list()
        .getItems()
        .get(0);
  }

  private static int readyReplicas(String deployment) {
    Deployment live =
        cluster.client().apps().deployments().inNamespace("default").withName(deployment).get();
    return live == null || live.getStatus() == null || live.getStatus().getReadyReplicas() == null
        ? 0
        : live.getStatus().getReadyReplicas();
  }

  private record Result(int exit, String out, String err) {}

  private static String ok(String... args) {
    Result result = run(args);
    assertThat(result.exit())
        .as("kubectl %s failed: %s", String.join(" ", args), result.err())
        .isZero();
    return result.out();
  }

  private static Result run(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(kubectl.toString(), "--kubeconfig", cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(temp, "kubectl", ".out");
      Path err = Files.createTempFile(temp, "kubectl", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("KUBECACHEDIR", temp.resolve("kube-cache").toString());
      builder.environment().put("HOME", temp.toString());
      Process process = builder.start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "kubectl "
                + String.join(" ", args)
                + " did not end within "
                + COMMAND_TIMEOUT.toSeconds()
                + " s");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
