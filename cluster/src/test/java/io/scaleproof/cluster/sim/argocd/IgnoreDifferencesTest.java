package io.scaleproof.cluster.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which ignoreDifferences rules apply to an object, against Argo CD's own cases ({@code
 * util/argo/normalizers/diff_normalizer_test.go}, Argo CD v3.2.0): group and kind matched with Argo
 * CD's glob, an omitted group being the core group.
 */
class IgnoreDifferencesTest {
  private static final HasMetadata DEPLOYMENT =
      new DeploymentBuilder().withNewMetadata().withName("guestbook").endMetadata().build();
  private static final HasMetadata SERVICE =
      new ServiceBuilder().withNewMetadata().withName("guestbook").endMetadata().build();

  /** TestNormalizeObjectWithMatchedGroupKind. */
  @Test
  void matchedGroupAndKind() {
    ApplicationSpec spec =
        spec(
            Map.of(
                "group", "apps",
                "kind", "Deployment",
                "jsonPointers", List.of("/not-matching-path", "/spec/template/spec/containers")));
    assertThat(spec.ignoredPointers(DEPLOYMENT))
        .containsExactly("/not-matching-path", "/spec/template/spec/containers");
  }

  /** TestNormalizeNoMatchedGroupKinds: a rule for core Services leaves a Deployment alone. */
  @Test
  void noMatchedGroupKind() {
    ApplicationSpec spec =
        spec(Map.of("group", "", "kind", "Service", "jsonPointers", List.of("/spec")));
    assertThat(spec.ignoredPointers(DEPLOYMENT)).isEmpty();
    assertThat(spec.ignoredPointers(SERVICE)).containsExactly("/spec");
  }

  /** glob.Match("", "apps") is false: a rule without group is for the core group only. */
  @Test
  void omittedGroupIsTheCoreGroup() {
    ApplicationSpec spec =
        spec(Map.of("kind", "Deployment", "jsonPointers", List.of("/spec/replicas")));
    assertThat(spec.ignoredPointers(DEPLOYMENT)).isEmpty();
  }

  /** TestNormalizeGlobMatch, on the Application's own rules. */
  @Test
  void globs() {
    ApplicationSpec spec =
        spec(
            Map.of(
                "group", "*",
                "kind", "*",
                "jsonPointers", List.of("/spec/template/spec/containers")));
    assertThat(spec.ignoredPointers(DEPLOYMENT)).containsExactly("/spec/template/spec/containers");
    assertThat(spec.ignoredPointers(SERVICE)).containsExactly("/spec/template/spec/containers");
  }

  /** TestNormalizeJQPathExpression's path, as the pointer it takes out. */
  @Test
  void jqPath() {
    ApplicationSpec spec =
        spec(
            Map.of(
                "group", "apps",
                "kind", "Deployment",
                "jqPathExpressions", List.of(".spec.template.spec.initContainers[0]")));
    assertThat(spec.ignoredPointers(DEPLOYMENT))
        .containsExactly("/spec/template/spec/initContainers/0");
  }

  private static ApplicationSpec spec(Map<String, Object> rule) {
    GenericKubernetesResource application = new GenericKubernetesResource();
    application.setApiVersion("argoproj.io/v1alpha1");
    application.setKind("Application");
    application.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("guestbook")
            .withNamespace("argocd")
            .build());
    application.setAdditionalProperty(
        "spec",
        Map.of(
            "source", Map.of("repoURL", "file:///repo", "path", "gitops"),
            "destination", Map.of("namespace", "default"),
            "ignoreDifferences", List.of(rule)));
    return ApplicationSpec.of(application);
  }
}
