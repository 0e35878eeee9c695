package io.scaleproof.cluster.pipeline;

import static io.scaleproof.cluster.PlainValues.map;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.gitops.GitOps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The pipeline's Argo CD Application, as the install waits on it and reports it: whether it is
 * Synced, what its status says, and whether Argo CD can read the pipeline from Git at all.
 */
final class ApplicationWatch {
  private final KubernetesClient client;
  private final String name;

  ApplicationWatch(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /** The Application's name, in {@link GitOps#NAMESPACE}. */
  String name() {
    return name;
  }

  /** Waits for the Application's sync to succeed and its status to say Synced. */
  void awaitSynced(Duration timeout) {
    try {
      await("Application " + name + " Synced")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                failOnComparisonError();
                Map<String, Object> status = status();
                return "Synced".equals(map(status.get("sync")).get("status"))
                    && "Succeeded".equals(map(status.get("operationState")).get("phase"));
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "the pipeline's Application is not synced after "
              + timeout.toSeconds()
              + " s: "
              + report(),
          e);
    }
  }

  /** What the Application says: sync and health status, the operation's message, conditions. */
  String report() {
    Map<String, Object> status = status();
    Map<String, Object> operation = map(status.get("operationState"));
    StringBuilder report =
        new StringBuilder("Application ")
            .append(name)
            .append(": sync ")
            .append(map(status.get("sync")).getOrDefault("status", "unknown"))
            .append(", health ")
            .append(map(status.get("health")).getOrDefault("status", "unknown"));
    if (operation.get("message") != null) {
      report
          .append(", operation ")
          .append(operation.get("phase"))
          .append(": ")
          .append(operation.get("message"));
    }
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object condition : conditions) {
        report
            .append("; ")
            .append(map(condition).get("type"))
            .append(": ")
            .append(map(condition).get("message"));
      }
    }
    return report.toString();
  }

  /**
   * Stops the install when Argo CD cannot read the pipeline from Git (a path or revision that does
   * not exist, a manifest that does not parse): waiting would not change it.
   */
  void failOnComparisonError() {
    if (status().get("conditions") instanceof List<?> conditions) {
      for (Object condition : conditions) {
        if ("ComparisonError".equals(map(condition).get("type"))) {
          throw new IllegalStateException(
              "Argo CD cannot read the pipeline from Git: " + map(condition).get("message"));
        }
      }
    }
  }

  private Map<String, Object> status() {
    GenericKubernetesResource application =
        client
            .genericKubernetesResources(GitOps.APPLICATIONS)
            .inNamespace(GitOps.NAMESPACE)
            .withName(name)
            .get();
    return application == null ? Map.of() : map(application.get("status"));
  }
}
