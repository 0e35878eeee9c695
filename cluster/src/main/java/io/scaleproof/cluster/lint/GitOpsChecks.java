package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.gitops.ArgoGlob;
import io.scaleproof.cluster.gitops.SyncOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Argo CD layer: replicas in Git for an autoscaled Deployment under self-heal, sync waves that
 * start an object before what it needs, and images that are not pinned.
 */
final class GitOpsChecks {
  private static final String INJECT = "instrumentation.opentelemetry.io/inject-";

  private static final Object[] WAVE = {"metadata", "annotations", SyncOrder.SYNC_WAVE};

  private GitOpsChecks() {}

  static void check(LintModel model, Findings findings) {
    replicasFight(model, findings);
    waves(model, findings);
    images(model, findings);
  }

  private static void replicasFight(LintModel model, Findings findings) {
    List<Declared> applications = model.ofKind("Application");
    boolean selfHeal =
        applications.isEmpty()
            || applications.stream()
                .anyMatch(
                    a -> Boolean.TRUE.equals(a.at("spec", "syncPolicy", "automated", "selfHeal")));
    boolean ignored = applications.stream().anyMatch(a -> ignoresReplicas(a, "apps"));
    boolean groupless = applications.stream().anyMatch(a -> ignoresReplicas(a, ""));
    if (!selfHeal || ignored) {
      return;
    }
    for (Declared scaled : model.ofKind("ScaledObject")) {
      String target = scaled.string("spec", "scaleTargetRef", "name");
      Optional<Declared> deployment =
          model.find("Deployment", scaled.namespace(), target == null ? "" : target);
      if (deployment.isPresent() && deployment.get().at("spec", "replicas") != null) {
        findings.add(
            Rule.REPLICAS_FIGHT,
            deployment.get(),
            new Object[] {"spec", "replicas"},
            "replicas: "
                + deployment.get().at("spec", "replicas")
                + " in Git for a Deployment that"
                + " ScaledObject "
                + scaled.name()
                + " scales, under "
                + (applications.isEmpty() ? "the Application scaleproof makes" : "an Application")
                + " with self-heal: Argo CD puts Git's count back after every scale"
                + (groupless
                    ? " (its ignoreDifferences rule for /spec/replicas has no group: apps; an"
                        + " omitted group is the core group, so it matches no Deployment)"
                    : ""),
            "Remove spec.replicas from the Deployment (the HPA owns it), or add ignoreDifferences"
                + " for group apps, kind Deployment, jsonPointers [/spec/replicas]");
      }
    }
  }

  /** Whether an ignoreDifferences rule takes /spec/replicas out of Deployments of {@code group}. */
  private static boolean ignoresReplicas(Declared application, String group) {
    for (Object entry : application.list("spec", "ignoreDifferences")) {
      Map<String, Object> difference = PlainValues.map(entry);
      // As Argo CD matches them: an omitted group is the core group, not apps.
      boolean deployment =
          ArgoGlob.matches(difference.get("kind"), "Deployment")
              && ArgoGlob.matches(difference.get("group"), group);
      boolean replicas =
          PlainValues.list(difference.get("jsonPointers")).contains("/spec/replicas")
              || PlainValues.list(difference.get("jqPathExpressions")).contains(".spec.replicas");
      if (deployment && replicas) {
        return true;
      }
    }
    return false;
  }

  private static void waves(LintModel model, Findings findings) {
    for (Declared object : model.objects) {
      String wave = object.string(WAVE);
      if (wave != null && SyncOrder.wholeNumber(wave).isEmpty()) {
        findings.add(
            Rule.WAVE_INVALID,
            object,
            WAVE,
            "sync wave \""
                + wave
                + "\" is not a whole number: Argo CD puts the "
                + object.kind()
                + " in wave 0, whatever order was meant",
            "Give a whole number, such as \"-1\"");
      }
    }
    for (Declared scaled : model.ofKind("ScaledObject")) {
      String target = scaled.string("spec", "scaleTargetRef", "name");
      model
          .find("Deployment", scaled.namespace(), target == null ? "" : target)
          .filter(deployment -> scaled.wave() < deployment.wave())
          .ifPresent(
              deployment ->
                  findings.add(
                      Rule.WAVE_ORDER,
                      scaled,
                      WAVE,
                      "ScaledObject "
                          + scaled.name()
                          + " syncs in wave "
                          + scaled.wave()
                          + ", before its target Deployment (wave "
                          + deployment.wave()
                          + "): KEDA reports the target missing and the wave never turns healthy",
                      "Put the ScaledObject in wave " + deployment.wave() + " or later"));
    }
    for (Declared instrumentation : model.ofKind("Instrumentation")) {
      for (Declared deployment : model.ofKind("Deployment")) {
        boolean injected =
            deployment.namespace().equals(instrumentation.namespace())
                && deployment.map("spec", "template", "metadata", "annotations").keySet().stream()
                    .anyMatch(key -> key.startsWith(INJECT));
        if (injected && instrumentation.wave() >= deployment.wave()) {
          findings.add(
              Rule.WAVE_ORDER,
              instrumentation,
              WAVE,
              "Instrumentation "
                  + instrumentation.name()
                  + " syncs in wave "
                  + instrumentation.wave()
                  + ", not before Deployment "
                  + deployment.name()
                  + " (wave "
                  + deployment.wave()
                  + ")"
                  + (instrumentation.wave() == deployment.wave()
                      ? "; within a wave Argo CD applies custom resources after Deployments"
                      : "")
                  + ": the operator injects at pod creation, so pods made before the"
                  + " Instrumentation exists run without tracing",
              "Put the Instrumentation in a wave before " + deployment.wave());
          break;
        }
      }
    }
    Optional<Declared> prometheus =
        model.objects.stream()
            .filter(
                o ->
                    o.kind().equals("Prometheus")
                        || (o.kind().equals("Deployment")
                            && images(o).stream().anyMatch(i -> i.contains("prom/prometheus"))))
            .findFirst();
    for (Declared rule : model.ofKind("PrometheusRule")) {
      prometheus
          .filter(p -> rule.wave() > p.wave())
          .ifPresent(
              p ->
                  findings.add(
                      Rule.WAVE_ORDER,
                      rule,
                      WAVE,
                      "PrometheusRule "
                          + rule.name()
                          + " syncs in wave "
                          + rule.wave()
                          + ", after Prometheus (wave "
                          + p.wave()
                          + "): Prometheus starts"
                          + " without the rules the triggers read",
                      "Put the rules in wave " + p.wave() + " or earlier"));
    }
  }

  private static void images(LintModel model, Findings findings) {
    for (Declared deployment : model.ofKind("Deployment")) {
      for (String role : List.of("initContainers", "containers")) {
        List<Object> containers = deployment.list("spec", "template", "spec", role);
        for (int c = 0; c < containers.size(); c++) {
          Object image = PlainValues.map(containers.get(c)).get("image");
          if (image != null && !pinned(String.valueOf(image))) {
            latest(
                findings,
                deployment,
                new Object[] {"spec", "template", "spec", role, c, "image"},
                String.valueOf(image));
          }
        }
      }
    }
    for (Declared collector : model.ofKind("OpenTelemetryCollector")) {
      String image = collector.string("spec", "image");
      if (image != null && !pinned(image)) {
        latest(findings, collector, new Object[] {"spec", "image"}, image);
      }
    }
  }

  private static void latest(Findings findings, Declared object, Object[] path, String image) {
    findings.add(
        Rule.IMAGE_LATEST,
        object,
        path,
        "image `"
            + image
            + "` is not pinned: a sync after a new push runs other code than the"
            + " one the scenario proved",
        "Pin a version tag or a digest");
  }

  private static List<String> images(Declared deployment) {
    return deployment.list("spec", "template", "spec", "containers").stream()
        .map(c -> String.valueOf(PlainValues.map(c).get("image")))
        .toList();
  }

  private static boolean pinned(String image) {
    if (image.contains("@")) {
      return true;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash && !image.substring(colon + 1).equals("latest");
  }
}
