package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server or a CRD's schema would refuse, or take and ignore: Deployments without a
 * selector that matches their pods, ScaledObjects aimed at nothing, ScaledObjects, Applications and
 * PrometheusRules against their upstream CRDs' schemas ({@link UpstreamSchemas}), and
 * Instrumentations against the fields of the operator's types.
 */
final class SchemaChecks {
  /**
   * The Instrumentation's fields, from the operator's Go types (v0.158.0,
   * apis/v1alpha1/instrumentation_types.go): the operator's module is not served by the Go module
   * proxy, so its CRD cannot be fetched as KEDA's, Argo CD's and the Prometheus Operator's are.
   */
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "Instrumentation.spec",
          Set.of(
              "exporter",
              "resource",
              "propagators",
              "sampler",
              "defaults",
              "env",
              "java",
              "nodejs",
              "python",
              "dotnet",
              "go",
              "apacheHttpd",
              "nginx",
              "imagePullPolicy"),
          "Instrumentation.exporter",
          Set.of("endpoint", "tls"));

  private SchemaChecks() {}

  static void check(LintModel model, Findings findings) {
    for (Declared deployment : model.ofKind("Deployment")) {
      deploymentSelector(deployment, findings);
    }
    for (Declared scaled : model.ofKind("ScaledObject")) {
      scaleTarget(model, scaled, findings);
    }
    for (Declared object : model.objects) {
      UpstreamSchemas.of(object.kind())
          .ifPresent(schema -> OpenApiCheck.check(object, schema, findings));
      for (TypedFields.Unknown unknown : TypedFields.unknown(object.typed())) {
        String field = String.valueOf(unknown.path()[unknown.path().length - 1]);
        findings.add(
            Rule.UNKNOWN_FIELD,
            object,
            unknown.path(),
            "`"
                + field
                + "` is no field of the "
                + object.kind()
                + " API"
                + closest(field, Set.copyOf(unknown.known()))
                    .map(name -> " (did you mean `" + name + "`?)")
                    .orElse("")
                + ": the API server drops it, and it has no effect",
            "Use one of: " + String.join(", ", unknown.known().stream().sorted().toList()));
      }
    }
    for (Declared instrumentation : model.ofKind("Instrumentation")) {
      fields(instrumentation, "Instrumentation.spec", findings, "spec");
      fields(instrumentation, "Instrumentation.exporter", findings, "spec", "exporter");
    }
  }

  private static void fields(Declared object, String type, Findings findings, Object... path) {
    Set<String> known = FIELDS.get(type);
    for (String field : object.map(path).keySet()) {
      if (!known.contains(field)) {
        Object[] at = append(path, field);
        findings.add(
            Rule.UNKNOWN_FIELD,
            object,
            at,
            "`"
                + field
                + "` is no field of "
                + type.replace('.', ' ')
                + closest(field, known).map(name -> " (did you mean `" + name + "`?)").orElse(""),
            "Use one of: " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static void deploymentSelector(Declared deployment, Findings findings) {
    Map<String, Object> selector = deployment.map("spec", "selector");
    Map<String, Object> labels = deployment.map("spec", "template", "metadata", "labels");
    if (selector.isEmpty()) {
      findings.add(
          Rule.DEPLOYMENT_SELECTOR,
          deployment,
          new Object[] {"spec"},
          "spec.selector is missing: apps/v1 requires it, and the API server refuses the Deployment",
          "Add spec.selector.matchLabels with the pod template's labels");
      return;
    }
    Map<String, Object> match = PlainValues.map(selector.get("matchLabels"));
    for (var entry : match.entrySet()) {
      if (!String.valueOf(entry.getValue()).equals(String.valueOf(labels.get(entry.getKey())))) {
        findings.add(
            Rule.DEPLOYMENT_SELECTOR,
            deployment,
            new Object[] {"spec", "selector", "matchLabels", entry.getKey()},
            "selector "
                + entry.getKey()
                + "="
                + entry.getValue()
                + " does not match the pod template's labels "
                + labels
                + ": the API server refuses the Deployment",
            "Give the pod template the selector's labels");
      }
    }
  }

  private static void scaleTarget(LintModel model, Declared scaled, Findings findings) {
    String kind = scaled.string("spec", "scaleTargetRef", "kind");
    String name = scaled.string("spec", "scaleTargetRef", "name");
    if (name == null || (kind != null && !kind.equals("Deployment"))) {
      return;
    }
    if (model.find("Deployment", scaled.namespace(), name).isEmpty()) {
      List<String> here =
          model.ofKind("Deployment").stream()
              .filter(d -> d.namespace().equals(scaled.namespace()))
              .map(Declared::name)
              .toList();
      findings.add(
          Rule.SCALE_TARGET_MISSING,
          scaled,
          new Object[] {"spec", "scaleTargetRef", "name"},
          "no Deployment "
              + scaled.namespace()
              + "/"
              + name
              + " in the pipeline"
              + (here.isEmpty() ? "" : " (there are: " + String.join(", ", here) + ")"),
          "Name the Deployment to scale, in the ScaledObject's namespace");
    }
  }

  static java.util.Optional<String> closest(String name, Set<String> candidates) {
    return candidates.stream()
        .filter(candidate -> distance(candidate.toLowerCase(), name.toLowerCase()) <= 2)
        .min(java.util.Comparator.comparingInt(candidate -> distance(candidate, name)));
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  static Object[] append(Object[] path, Object... more) {
    Object[] joined = java.util.Arrays.copyOf(path, path.length + more.length);
    System.arraycopy(more, 0, joined, path.length, more.length);
    return joined;
  }
}
