package io.scaleproof.scenarios.run;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.NamespaceMapping;
import io.scaleproof.cluster.WorkloadReadiness;
import io.scaleproof.scenarios.spec.Faults;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ScalingChain;
import io.scaleproof.scenarios.spec.Scenario;
import io.scaleproof.scenarios.spec.ServiceUnderTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A scenario's {@link Faults}, made to its services' Deployments in the run's Git repository: the
 * variable the project names for each service ({@code faults.errorRateVariable}) changes, Argo CD
 * syncs it, and a rollout brings it in, as a faulty release would.
 */
final class FaultInjection {
  private FaultInjection() {}

  /**
   * The changed files, by path relative to the pipeline's directory, with their new content.
   *
   * @throws InvalidInputException naming {@code faults.errorRate} when a Deployment has no
   *     container that declares the variable
   */
  static Map<String, String> changedFiles(
      Scenario scenario, ProjectPipeline subject, Function<String, String> read) {
    Map<String, String> files = new LinkedHashMap<>();
    Faults faults = scenario.faults();
    if (!faults.hasErrorRate()) {
      return files;
    }
    for (String service : scenario.services()) {
      ScalingChain chain = subject.chain(service);
      String variable = variable(scenario, subject, service);
      String file = chain.deploymentFile();
      String edited =
          ManifestEdit.apply(
              files.getOrDefault(file, read.apply(file)),
              "Deployment",
              List.of(chain.service().deployment()),
              deployment -> {
                if (!setErrorRate(deployment, variable, faults.errorRate())) {
                  throw missing(
                      scenario,
                      service,
                      "its Deployment declares no " + variable + " in any container",
                      "Declare " + variable + " in its Deployment, or drop faults.errorRate");
                }
              });
      files.put(file, edited);
    }
    return files;
  }

  /** Whether every service's Deployment runs with the fault: rolled out, every pod ready. */
  static boolean rolledOut(
      KubernetesClient client,
      Scenario scenario,
      ProjectPipeline subject,
      NamespaceMapping namespaces) {
    if (!scenario.faults().hasErrorRate()) {
      return true;
    }
    String wanted = ManifestEdit.number(scenario.faults().errorRate());
    for (String service : scenario.services()) {
      ServiceUnderTest declared = subject.chain(service).service();
      String variable = variable(scenario, subject, service);
      Deployment live =
          client
              .apps()
              .deployments()
              .inNamespace(namespaces.of(declared.namespace()))
              .withName(declared.deployment())
              .get();
      if (live == null || live.getStatus() == null) {
        return false;
      }
      boolean carried =
          live.getSpec().getTemplate().getSpec().getContainers().stream()
              .map(Container::getEnv)
              .filter(Objects::nonNull)
              .flatMap(List::stream)
              .anyMatch(env -> variable.equals(env.getName()) && wanted.equals(env.getValue()));
      if (!carried || WorkloadReadiness.notReady(live).isPresent()) {
        return false;
      }
    }
    return true;
  }

  /** Sets the variable on every container that declares it; whether any did. */
  private static boolean setErrorRate(Map<?, ?> deployment, String variable, double errorRate) {
    boolean set = false;
    for (Map<String, Object> container : containers(deployment)) {
      if (container.get("env") instanceof List<?> env) {
        for (Object entry : env) {
          if (entry instanceof Map<?, ?> map && variable.equals(map.get("name"))) {
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

  /** The variable the project names for injecting errors into {@code service}. */
  private static String variable(Scenario scenario, ProjectPipeline subject, String service) {
    return subject
        .chain(service)
        .service()
        .errorRateVariable()
        .orElseThrow(
            () ->
                missing(
                    scenario,
                    service,
                    "the project names no variable that makes it answer with errors",
                    "Give it faults.errorRateVariable in "
                        + subject.project().file()
                        + ", or drop faults.errorRate"));
  }

  private static InvalidInputException missing(
      Scenario scenario, String service, String what, String fix) {
    return new InvalidInputException(
        scenario.file(),
        "faults.errorRate",
        "cannot inject errors into " + service + ": " + what,
        fix);
  }
}
