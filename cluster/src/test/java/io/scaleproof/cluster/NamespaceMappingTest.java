package io.scaleproof.cluster;

import static io.scaleproof.cluster.PlainValues.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class NamespaceMappingTest {
  private final NamespaceMapping run =
      NamespaceMapping.forRun(
          "r1", Map.of("apps", "sp-r1-apps", "observability", "sp-r1-observability"));

  @Test
  void theIdentityLeavesEveryTextAsItIs() {
    String text = "# a comment\nmetadata:\n  namespace: apps\n";

    assertThat(NamespaceMapping.identity().apply(text)).isSameAs(text);
    assertThat(NamespaceMapping.identity().of("apps")).isEqualTo("apps");
    assertThat(NamespaceMapping.identity().run()).isEmpty();
  }

  @Test
  void mapsTheNamespaceOfEveryObjectAndTheNameOfANamespace() {
    String text =
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: apps
          annotations:
            argocd.argoproj.io/sync-wave: "-3"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: java-app
          namespace: apps
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: kube-state-metrics
          namespace: kube-system
        """;

    List<Map<String, Object>> mapped = documents(run.apply(text));

    assertThat(metadata(mapped.get(0))).containsEntry("name", "sp-r1-apps");
    assertThat(metadata(mapped.get(0)).get("annotations"))
        .isEqualTo(Map.of("argocd.argoproj.io/sync-wave", "-3"));
    assertThat(metadata(mapped.get(1))).containsEntry("namespace", "sp-r1-apps");
    assertThat(mapped.get(1)).containsEntry("apiVersion", "apps/v1");
    assertThat(metadata(mapped.get(2))).containsEntry("namespace", "kube-system");
  }

  @Test
  void mapsInClusterDnsNamesInEveryStringAndNothingElse() {
    assertThat(run.dnsNames("http://prometheus.observability.svc.cluster.local:9090"))
        .isEqualTo("http://prometheus.sp-r1-observability.svc.cluster.local:9090");
    assertThat(run.dnsNames("targets: [otel-collector.observability.svc:8889]"))
        .isEqualTo("targets: [otel-collector.sp-r1-observability.svc:8889]");
    assertThat(run.dnsNames("kube-state-metrics.kube-system.svc.cluster.local:8080"))
        .isEqualTo("kube-state-metrics.kube-system.svc.cluster.local:8080");
    assertThat(run.dnsNames("myapps.svc and apps.svc and x.apps.svcx and traces.span.metrics"))
        .isEqualTo("myapps.svc and apps.svc and x.apps.svcx and traces.span.metrics");
  }

  @Test
  void reachesIntoEmbeddedConfigsAndKeepsMultiLineTextReadable() {
    String text =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: prometheus
          namespace: observability
        data:
          prometheus.yml: |
            scrape_configs:
              - job_name: span-metrics
                static_configs:
                  - targets: [otel-collector.observability.svc.cluster.local:8889]
        """;

    String mapped = run.apply(text);

    assertThat(mapped)
        .contains("prometheus.yml: |")
        .contains("- targets: [otel-collector.sp-r1-observability.svc.cluster.local:8889]");
    Map<String, Object> data = map(documents(mapped).get(0).get("data"));
    assertThat((String) data.get("prometheus.yml")).startsWith("scrape_configs:\n");
  }

  @Test
  void aFileTheMappingDoesNotChangeKeepsItsComments() {
    String text = "# the cluster-wide one\nkind: Service\nmetadata:\n  namespace: keda\n";

    assertThat(run.apply(text)).isSameAs(text);
  }

  @Test
  void everyObjectOfTheDeclaredPipelineLandsInTheRunsNamespacesOrACommonOne() throws IOException {
    List<Path> files = new ArrayList<>();
    try (var walk = Files.walk(ProjectFiles.find("cluster/gitops"))) {
      walk.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
    }
    for (String app : List.of("java", "node", "python")) {
      try (var walk = Files.walk(ProjectFiles.find("sample-apps/" + app + "/k8s"))) {
        walk.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
      }
    }

    Map<String, String> namespaces = new LinkedHashMap<>();
    for (Path file : files) {
      String mapped = run.apply(Files.readString(file));
      assertThat(mapped).as(file.toString()).doesNotContain(".observability.svc", ".apps.svc");
      for (Map<String, Object> object : documents(mapped)) {
        Object namespace =
            object.containsKey("metadata") ? metadata(object).get("namespace") : null;
        if (namespace != null) {
          namespaces.put(
              object.get("kind") + " " + metadata(object).get("name"), (String) namespace);
        }
      }
    }

    assertThat(namespaces).isNotEmpty();
    assertThat(namespaces.values()).allMatch(n -> n.startsWith("sp-r1-"));
  }

  private static List<Map<String, Object>> documents(String text) {
    List<Map<String, Object>> documents = new ArrayList<>();
    new Load(LoadSettings.builder().build())
        .loadAllFromString(text)
        .forEach(document -> documents.add(map(document)));
    return documents;
  }

  private static Map<String, Object> metadata(Map<String, Object> object) {
    return map(object.get("metadata"));
  }
}
