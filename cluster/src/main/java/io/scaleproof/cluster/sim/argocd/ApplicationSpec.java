package io.scaleproof.cluster.sim.argocd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.gitops.ArgoGlob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of an {@code argoproj.io/v1alpha1} Application the emulation reads; {@code retryLimit}
 * is {@code syncPolicy.retry.limit}, 5 for an automated sync without one.
 */
record ApplicationSpec(
    String name,
    Map<String, Object> source,
    Map<String, Object> destination,
    boolean automated,
    boolean prune,
    boolean selfHeal,
    boolean allowEmpty,
    List<String> syncOptions,
    List<Map<String, Object>> ignoreDifferences,
    int retryLimit) {

  private static final Pattern JQ_PATH = Pattern.compile("(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\])+");
  private static final Pattern JQ_STEP = Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[([0-9]+)\\]");

  static ApplicationSpec of(GenericKubernetesResource application) {
    Map<String, Object> spec = PlainValues.map(application.get("spec"));
    Map<String, Object> policy = PlainValues.map(spec.get("syncPolicy"));
    Map<String, Object> automated =
        policy.get("automated") == null ? null : PlainValues.map(policy.get("automated"));
    List<String> options =
        PlainValues.list(policy.get("syncOptions")).stream().map(String::valueOf).toList();
    List<Map<String, Object>> ignore = new ArrayList<>();
    PlainValues.list(spec.get("ignoreDifferences"))
        .forEach(rule -> ignore.add(PlainValues.map(rule)));
    return new ApplicationSpec(
        application.getMetadata().getName(),
        PlainValues.map(spec.get("source")),
        PlainValues.map(spec.get("destination")),
        automated != null && !Boolean.FALSE.equals(automated.get("enabled")),
        automated != null && Boolean.TRUE.equals(automated.get("prune")),
        automated != null && Boolean.TRUE.equals(automated.get("selfHeal")),
        automated != null && Boolean.TRUE.equals(automated.get("allowEmpty")),
        options,
        ignore,
        policy.get("retry") instanceof Map<?, ?> retry && retry.get("limit") instanceof Number n
            ? n.intValue()
            : 5);
  }

  String repoUrl() {
    return Objects.toString(source.get("repoURL"), "");
  }

  String path() {
    return Objects.toString(source.get("path"), "");
  }

  String targetRevision() {
    Object revision = source.get("targetRevision");
    return revision == null || String.valueOf(revision).isEmpty()
        ? "HEAD"
        : String.valueOf(revision);
  }

  Map<String, Object> directory() {
    return PlainValues.map(source.get("directory"));
  }

  /** The destination namespace, where manifests without one go. */
  String namespace() {
    return Objects.toString(destination.get("namespace"), "default");
  }

  boolean option(String option) {
    return syncOptions.contains(option);
  }

  /**
   * The JSON pointers {@code ignoreDifferences} takes out of the comparison of {@code target}:
   * {@code jsonPointers}, and {@code jqPathExpressions} that are plain paths ({@code
   * .spec.replicas}, {@code .spec.template.spec.containers[0].image}).
   */
  List<String> ignoredPointers(HasMetadata target) {
    List<String> pointers = new ArrayList<>();
    String apiVersion = target.getApiVersion();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    for (Map<String, Object> rule : ignoreDifferences) {
      if (!ArgoGlob.matches(rule.get("group"), group)
          || !ArgoGlob.matches(rule.get("kind"), target.getKind())
          || (rule.get("name") != null && !rule.get("name").equals(target.getMetadata().getName()))
          || (rule.get("namespace") != null
              && !rule.get("namespace").equals(target.getMetadata().getNamespace()))) {
        continue;
      }
      PlainValues.list(rule.get("jsonPointers")).forEach(p -> pointers.add(String.valueOf(p)));
      for (Object expression : PlainValues.list(rule.get("jqPathExpressions"))) {
        jqPointer(String.valueOf(expression)).ifPresent(pointers::add);
      }
    }
    return pointers;
  }

  /** A jq path expression that is a plain path, as a JSON pointer. */
  static java.util.Optional<String> jqPointer(String expression) {
    String jq = expression.strip();
    if (!JQ_PATH.matcher(jq).matches()) {
      return java.util.Optional.empty();
    }
    StringBuilder pointer = new StringBuilder();
    Matcher step = JQ_STEP.matcher(jq);
    while (step.find()) {
      String segment = step.group(1) != null ? step.group(1) : step.group(2);
      pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return java.util.Optional.of(pointer.toString());
  }
}
