package io.scaleproof.cluster.sim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Discovery's documents as kube-apiserver serves them, what kubectl reads them for (resources,
 * short names, the preferred version, subresources and their kinds), and Kubernetes' version
 * priority against apimachinery's own cases ({@code pkg/version/helpers_test.go}, v0.35.4).
 */
class DiscoveryTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @ParameterizedTest(name = "{0} before {1}: {2}")
  @CsvSource({
    "v1, v2, false",
    "v2, v1, true",
    "v10, v2, true",
    "v1, v2alpha1, true",
    "v1, v2beta1, true",
    "v1alpha2, v1alpha1, true",
    "v1beta1, v2alpha3, true",
    "v1alpha10, v1alpha2, true",
    "v1beta10, v1beta2, true",
    "foo, v1beta2, false",
    "bar, foo, true",
    "version1, version2, true",
    "version1, version10, true"
  })
  void versionPriority(String a, String b, boolean aFirst) {
    assertThat(Discovery.VERSION_PRIORITY.compare(a, b) < 0).isEqualTo(aFirst);
  }

  @Test
  @DisplayName("/api and /apis: the core version, every group with its preferred version first")
  void groups() {
    Discovery discovery = Discovery.of(List.of());
    assertThat(discovery.apiVersions())
        .containsEntry("kind", "APIVersions")
        .containsEntry("versions", List.of("v1"));
    Map<String, Object> groups = discovery.apiGroupList();
    assertThat(groups).containsEntry("kind", "APIGroupList");
    Map<?, ?> otel = group(groups, "opentelemetry.io");
    assertThat(otel.get("preferredVersion"))
        .isEqualTo(Map.of("groupVersion", "opentelemetry.io/v1beta1", "version", "v1beta1"));
    assertThat((List<?>) otel.get("versions")).hasSize(2);
    assertThat(group(groups, "autoscaling").get("preferredVersion"))
        .isEqualTo(Map.of("groupVersion", "autoscaling/v2", "version", "v2"));
    assertThat(group(groups, "apps")).isNotNull();
    assertThat(discovery.apiGroup("nope.example.com")).isEmpty();
  }

  @Test
  @DisplayName("a group-version's resources: verbs, short names, categories, subresources' kinds")
  void resourceList() {
    Map<String, Object> apps = Discovery.of(List.of()).resourceList("apps", "v1").orElseThrow();
    assertThat(apps)
        .containsEntry("kind", "APIResourceList")
        .containsEntry("groupVersion", "apps/v1");
    Map<?, ?> deployments = resource(apps, "deployments");
    assertThat(deployments.get("shortNames")).isEqualTo(List.of("deploy"));
    assertThat(deployments.get("categories")).isEqualTo(List.of("all"));
    assertThat(deployments.get("kind")).isEqualTo("Deployment");
    assertThat(deployments.get("verbs").toString()).contains("get", "list", "watch", "patch");
    Map<?, ?> scale = resource(apps, "deployments/scale");
    assertThat(scale.get("group")).isEqualTo("autoscaling");
    assertThat(scale.get("version")).isEqualTo("v1");
    assertThat(scale.get("kind")).isEqualTo("Scale");
    Map<String, Object> core = Discovery.of(List.of()).resourceList("", "v1").orElseThrow();
    assertThat(resource(core, "pods/log").get("kind")).isEqualTo("Pod");
    assertThat(resource(core, "namespaces").get("namespaced")).isEqualTo(false);
    assertThat(Discovery.of(List.of()).resourceList("apps", "v1beta9")).isEmpty();
  }

  @Test
  @DisplayName("the aggregated document: every resource with its responseKind and scope")
  void aggregated() {
    Map<String, Object> apis = Discovery.of(List.of()).aggregated(false);
    assertThat(apis)
        .containsEntry("kind", "APIGroupDiscoveryList")
        .containsEntry("apiVersion", "apidiscovery.k8s.io/v2");
    String json = YAML.asJson(apis);
    assertThat(json)
        .contains(
            "{\"resource\":\"scaledobjects\",\"responseKind\":{\"group\":\"keda.sh\",\"version\":\"v1alpha1\",\"kind\":\"ScaledObject\"},\"scope\":\"Namespaced\"")
        .contains(
            "{\"subresource\":\"scale\",\"responseKind\":{\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\"}")
        .doesNotContain("\"resource\":\"pods\"");
    assertThat(YAML.asJson(Discovery.of(List.of()).aggregated(true)))
        .contains("\"resource\":\"pods\"")
        .doesNotContain("\"resource\":\"deployments\"");
  }

  @Test
  @DisplayName("a stored CRD is served: its versions, names, scope, subresources and columns")
  void storedCrd() {
    Map<String, Object> crd =
        YAML.unmarshal(
            """
            spec:
              group: example.com
              scope: Cluster
              names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wd], categories: [all]}
              versions:
                - name: v1
                  served: true
                  subresources: {status: {}, scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}}
                  additionalPrinterColumns:
                    - {name: Size, type: integer, jsonPath: .spec.size}
                - name: v1alpha1
                  served: false
            """,
            Map.class);
    Discovery discovery = Discovery.of(List.of(crd));
    Map<String, Object> list = discovery.resourceList("example.com", "v1").orElseThrow();
    assertThat(resource(list, "widgets").get("namespaced")).isEqualTo(false);
    assertThat(resource(list, "widgets").get("shortNames")).isEqualTo(List.of("wd"));
    assertThat(resource(list, "widgets/scale").get("kind")).isEqualTo("Scale");
    assertThat(discovery.resourceList("example.com", "v1alpha1")).isEmpty();
    assertThat(discovery.printerColumns("example.com", "v1", "widgets"))
        .containsExactly(new PrinterColumn("Size", "integer", ".spec.size"));
  }

  private static Map<?, ?> group(Map<String, Object> groups, String name) {
    return ((List<?>) groups.get("groups"))
        .stream()
            .map(g -> (Map<?, ?>) g)
            .filter(g -> name.equals(g.get("name")))
            .findFirst()
            .orElse(null);
  }

  private static Map<?, ?> resource(Map<String, Object> list, String name) {
    return ((List<?>) list.get("resources"))
        .stream()
            .map(r -> (Map<?, ?>) r)
            .filter(r -> name.equals(r.get("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError(name + " not listed"));
  }
}
