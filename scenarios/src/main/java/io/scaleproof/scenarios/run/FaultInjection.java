package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.WorkloadReadiness;
import io.scaleproof.cluster.pipeline.Pipeline;
import io.scaleproof.scenarios.spec.Faults;
import io.scaleproof.scenarios.spec.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A scenario's {@link Faults}, made to its services' Deployments in the run's Git repository: the
 * sample apps' own variable ({@code APP_ERROR_RATE}) changes, Argo CD syncs it, and a rollout
 * brings it in, as a faulty release would.
 */
final class FaultInjection {
  static final String ERROR_RATE = "APP_ERROR_RATE";

  private FaultInjection() {}

  /**
   * The changed files, by path relative to the pipeline's directory, with their new content.
   *
   * @throws InvalidInputException naming {@code faults.errorRate} when a Deployment has no
   *     container that declares the variable
   */
  static Map<String, String> changedFiles(
      Scenario scenario, Pipeline pipeline, Function<String, String> read) {
    Map<String, String> files = new LinkedHashMap<>();
    Faults faults = scenario.faults();
    if (faults.isEmpty()) {
      return files;
    }
    for (String service : scenario.services()) {
      String file =
          pipeline
              .declaringFile("Deployment", service)
              .orElseThrow(() -> missing(scenario, service, "has no Deployment in the pipeline"));
      String edited =
          ManifestEdit.apply(
              read.apply(file),
              "Deployment",
              List.of(service),
              deployment -> {
                if (!setErrorRate(deployment, faults.errorRate())) {
                  throw missing(
                      scenario, service, "declares no " + ERROR_RATE + " in any container");
                }
              });
      files.put(file, edited);
    }
    return files;
  }

  /** Whether every service's Deployment runs with the fault: rolled out, every pod ready. */
  static boolean rolledOut(KubernetesClient client, Scenario scenario, String namespace) {
    if (scenario.faults().isEmpty()) {
      return true;
    }
    String wanted = ManifestEdit.number(scenario.faults().errorRate());
    for (String service : scenario.services()) {
      Deployment live = client.apps().deployments().inNamespace(namespace).withName(service).get();
      if (live == null || live.getStatus() == null) {
        return false;
      }
      boolean declared =
          live.getSpec().getTemplate().getSpec().getContainers().stream()
              .map(Container::getEnv)
              .filter(Objects::nonNull)
              .flatMap(List::stream)
              .anyMatch(env -> ERROR_RATE.equals(env.getName()) && wanted.equals(env.getValue()));
      if (!declared || WorkloadReadiness.notReady(live).isPresent()) {
        return false;
      }
    }
    return true;
  }

  /** Sets the variable on every container that declares it; whether any did. */
  private static boolean setErrorRate(Map<?, ?> deployment, double errorRate) {
    boolean set = false;
    for (Map<String, Object> container : containers(deployment)) {
      if (container.get("env") instanceof List<?> env) {
        for (Object variable : env) {
          if (variable instanceof Map<?, ?> map && ERROR_RATE.equals(map.get("name"))) {
            ManifestEdit.asMap(map).put("value", ManifestEdit.number(errorRate));
            ManifestEdit.asMap(map).remove("valueFrom");
            set = true;
          }
        }
      }
    }
    return set;
  }

  private static List<Map<String, Object>> containers(Map<?, ?> deployment) {
    List<Map<String, Object>> containers = new ArrayList<>();
    if (deployment.get("spec") instanceof Map<?, ?> spec
        && spec.get("template") instanceof Map<?, ?> template
        && template.get("spec") instanceof Map<?, ?> podSpec
        && podSpec.get("containers") instanceof List<?> list) {
      list.stream().filter(Map.class::isInstance).map(ManifestEdit::asMap).forEach(containers::add);
    }
    return containers;
  }

  private static InvalidInputException missing(Scenario scenario, String service, String what) {
    return new InvalidInputException(
        scenario.file(),
        "faults.errorRate",
        "cannot inject errors into " + service + ": it " + what,
        "Inject faults only into the sample apps, or drop faults.errorRate");
  }
}
