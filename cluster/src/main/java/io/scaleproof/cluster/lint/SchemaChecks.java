package io.scaleproof.cluster.lint;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server or a CRD's schema would refuse, or take and ignore: Deployments without a
 * selector that matches their pods, ScaledObjects aimed at nothing, and fields that the upstream
 * types of ScaledObject, Instrumentation, PrometheusRule and Application do not have.
 */
final class SchemaChecks {
  /** Field names by type, from the upstream Go types (KEDA v2.20, operator v0.158, Argo CD 3). */
  private static final Map<String, Set<String>> FIELDS =
      Map.ofEntries(
          Map.entry(
              "ScaledObject.spec",
              Set.of(
                  "scaleTargetRef",
                  "pollingInterval",
                  "initialCooldownPeriod",
                  "cooldownPeriod",
                  "idleReplicaCount",
                  "minReplicaCount",
                  "maxReplicaCount",
                  "advanced",
                  "triggers",
                  "fallback")),
          Map.entry(
              "ScaledObject.scaleTargetRef",
              Set.of("name", "apiVersion", "kind", "envSourceContainerName")),
          Map.entry(
              "ScaledObject.advanced",
              Set.of(
                  "horizontalPodAutoscalerConfig",
                  "restoreToOriginalReplicaCount",
                  "scalingModifiers")),
          Map.entry("ScaledObject.horizontalPodAutoscalerConfig", Set.of("name", "behavior")),
          Map.entry(
              "ScaledObject.trigger",
              Set.of(
                  "type",
                  "name",
                  "useCachedMetrics",
                  "metadata",
                  "authenticationRef",
                  "metricType")),
          Map.entry(
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
                  "imagePullPolicy")),
          Map.entry("Instrumentation.exporter", Set.of("endpoint", "tls")),
          Map.entry(
              "PrometheusRule.group",
              Set.of(
                  "name",
                  "interval",
                  "rules",
                  "partial_response_strategy",
                  "limit",
                  "query_offset",
                  "labels")),
          Map.entry(
              "PrometheusRule.rule",
              Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations")),
          Map.entry(
              "Application.spec",
              Set.of(
                  "source",
                  "sources",
                  "destination",
                  "project",
                  "syncPolicy",
                  "ignoreDifferences",
                  "info",
                  "revisionHistoryLimit",
                  "sourceHydrator")),
          Map.entry(
              "Application.syncPolicy",
              Set.of("automated", "syncOptions", "retry", "managedNamespaceMetadata")),
          Map.entry("Application.automated", Set.of("prune", "selfHeal", "allowEmpty", "enabled")));

  private SchemaChecks() {}

  static void check(LintModel model, Findings findings) {
    for (Declared deployment : model.ofKind("Deployment")) {
      deploymentSelector(deployment, findings);
    }
    for (Declared scaled : model.ofKind("ScaledObject")) {
      fields(scaled, "ScaledObject.spec", findings, "spec");
      fields(scaled, "ScaledObject.scaleTargetRef", findings, "spec", "scaleTargetRef");
      fields(scaled, "ScaledObject.advanced", findings, "spec", "advanced");
      fields(
          scaled,
          "ScaledObject.horizontalPodAutoscalerConfig",
          findings,
          "spec",
          "advanced",
          "horizontalPodAutoscalerConfig");
      List<Object> triggers = scaled.list("spec", "triggers");
      for (int t = 0; t < triggers.size(); t++) {
        fields(scaled, "ScaledObject.trigger", findings, "spec", "triggers", t);
      }
      scaleTarget(model, scaled, findings);
    }
    for (Declared instrumentation : model.ofKind("Instrumentation")) {
      fields(instrumentation, "Instrumentation.spec", findings, "spec");
      fields(instrumentation, "Instrumentation.exporter", findings, "spec", "exporter");
    }
    for (Declared rule : model.ofKind("PrometheusRule")) {
      List<Object> groups = rule.list("spec", "groups");
      for (int g = 0; g < groups.size(); g++) {
        fields(rule, "PrometheusRule.group", findings, "spec", "groups", g);
        List<Object> rules = Values.list(Values.map(groups.get(g)).get("rules"));
        for (int r = 0; r < rules.size(); r++) {
          fields(rule, "PrometheusRule.rule", findings, "spec", "groups", g, "rules", r);
        }
      }
    }
    for (Declared application : model.ofKind("Application")) {
      fields(application, "Application.spec", findings, "spec");
      fields(application, "Application.syncPolicy", findings, "spec", "syncPolicy");
      fields(application, "Application.automated", findings, "spec", "syncPolicy", "automated");
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
    Map<String, Object> match = Values.map(selector.get("matchLabels"));
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
