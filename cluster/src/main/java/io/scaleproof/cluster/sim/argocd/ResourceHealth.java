package io.scaleproof.cluster.sim.argocd;

import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;

import io.scaleproof.cluster.PlainValues;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Argo CD's health of a live object ({@code gitops-engine/pkg/health} and the Lua checks of {@code
 * resource_customizations}) for the kinds the pipeline holds: Deployment, Service, Pod, KEDA's
 * ScaledObject and the OpenTelemetryCollector. Other kinds have no health (empty): they count as
 * done in a sync and are left out of the Application's health.
 */
public final class ResourceHealth {
  /** Best to worst, as {@code IsWorse} ranks them. */
  static final List<String> ORDER =
      List.of("Healthy", "Suspended", "Progressing", "Missing", "Degraded", "Unknown");

  /** A health status and its message. */
  public record Status(String status, String message) {}

  private ResourceHealth() {}

  /** Whether {@code candidate} is worse than {@code current}. */
  static boolean isWorse(String current, String candidate) {
    return Math.max(ORDER.indexOf(candidate), 0) > Math.max(ORDER.indexOf(current), 0);
  }

  /** The health of {@code live}, or empty for a kind Argo CD has no check for. */
  public static Optional<Status> of(Map<String, Object> live) {
    Map<String, Object> metadata = map(live.get("metadata"));
    if (metadata.get("deletionTimestamp") != null) {
      return Optional.of(new Status("Progressing", "Pending deletion"));
    }
    String apiVersion = String.valueOf(live.get("apiVersion"));
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String kind = String.valueOf(live.get("kind"));
    return switch (group + "/" + kind) {
      case "apps/Deployment" -> Optional.of(deployment(live));
      case "/Service" -> Optional.of(service(live));
      case "/Pod" -> Optional.of(pod(live));
      case "keda.sh/ScaledObject" -> Optional.of(scaledObject(live));
      case "opentelemetry.io/OpenTelemetryCollector" -> Optional.of(collector(live));
      default -> Optional.empty();
    };
  }

  /** {@code health_deployment.go}. */
  static Status deployment(Map<String, Object> live) {
    Map<String, Object> spec = map(live.get("spec"));
    Map<String, Object> status = map(live.get("status"));
    String name = String.valueOf(map(live.get("metadata")).get("name"));
    if (Boolean.TRUE.equals(spec.get("paused"))) {
      return new Status("Suspended", "Deployment is paused");
    }
    long generation = number(map(live.get("metadata")).get("generation"));
    long observed = number(status.get("observedGeneration"));
    if (generation <= observed) {
      boolean deadline =
          list(status.get("conditions")).stream()
              .map(PlainValues::map)
              .anyMatch(
                  c ->
                      "Progressing".equals(c.get("type"))
                          && "ProgressDeadlineExceeded".equals(c.get("reason")));
      if (deadline) {
        return new Status("Degraded", "Deployment \"" + name + "\" exceeded its progress deadline");
      }
      long updated = number(status.get("updatedReplicas"));
      long replicas = number(status.get("replicas"));
      long available = number(status.get("availableReplicas"));
      if (spec.get("replicas") != null && updated < number(spec.get("replicas"))) {
        return new Status(
            "Progressing",
            String.format(
                "Waiting for rollout to finish: %d out of %d new replicas have been updated...",
                updated, number(spec.get("replicas"))));
      }
      if (replicas > updated) {
        return new Status(
            "Progressing",
            String.format(
                "Waiting for rollout to finish: %d old replicas are pending termination...",
                replicas - updated));
      }
      if (available < updated) {
        return new Status(
            "Progressing",
            String.format(
                "Waiting for rollout to finish: %d of %d updated replicas are available...",
                available, updated));
      }
      return new Status("Healthy", "");
    }
    return new Status(
        "Progressing",
        "Waiting for rollout to finish: observed deployment generation less than desired"
            + " generation");
  }

  /** {@code health_service.go}: Healthy, but a LoadBalancer waits for its ingress. */
  static Status service(Map<String, Object> live) {
    if ("LoadBalancer".equals(map(live.get("spec")).get("type"))
        && list(map(map(live.get("status")).get("loadBalancer")).get("ingress")).isEmpty()) {
      return new Status("Progressing", "");
    }
    return new Status("Healthy", "");
  }

  /** {@code health_pod.go}. */
  static Status pod(Map<String, Object> live) {
    Map<String, Object> status = map(live.get("status"));
    String restartPolicy =
        String.valueOf(map(live.get("spec")).getOrDefault("restartPolicy", "Always"));
    String message = String.valueOf(status.getOrDefault("message", ""));
    if (restartPolicy.equals("Always")) {
      List<String> messages = new java.util.ArrayList<>();
      for (Object c : list(status.get("containerStatuses"))) {
        Map<String, Object> waiting = map(map(map(c).get("state")).get("waiting"));
        String reason = String.valueOf(waiting.getOrDefault("reason", ""));
        if (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff")) {
          messages.add(String.valueOf(waiting.getOrDefault("message", "")));
        }
      }
      if (!messages.isEmpty()) {
        return new Status("Degraded", String.join(", ", messages));
      }
    }
    return switch (String.valueOf(status.get("phase"))) {
      case "Pending" -> new Status("Progressing", message);
      case "Succeeded" -> new Status("Healthy", message);
      case "Failed" -> new Status("Degraded", message.isEmpty() ? failMessage(status) : message);
      case "Running" -> {
        if (!restartPolicy.equals("Always")) {
          yield new Status("Progressing", message);
        }
        boolean ready =
            list(status.get("conditions")).stream()
                .map(PlainValues::map)
                .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
        boolean restarted =
            list(status.get("containerStatuses")).stream()
                .anyMatch(c -> map(map(c).get("lastState")).get("terminated") != null);
        yield new Status(ready ? "Healthy" : restarted ? "Degraded" : "Progressing", message);
      }
      default -> new Status("Unknown", message);
    };
  }

  /** A failed pod's first container that says why: its message, OOMKilled, or its exit code. */
  private static String failMessage(Map<String, Object> status) {
    List<Object> containers = new java.util.ArrayList<>(list(status.get("initContainerStatuses")));
    containers.addAll(list(status.get("containerStatuses")));
    for (Object c : containers) {
      Map<String, Object> terminated = map(map(map(c).get("state")).get("terminated"));
      if (terminated.isEmpty()) {
        continue;
      }
      if (terminated.get("message") != null
          && !String.valueOf(terminated.get("message")).isEmpty()) {
        return String.valueOf(terminated.get("message"));
      }
      if ("OOMKilled".equals(terminated.get("reason"))) {
        return "OOMKilled";
      }
      long exitCode = number(terminated.get("exitCode"));
      if (exitCode != 0) {
        return "container \"" + map(c).get("name") + "\" failed with exit code " + exitCode;
      }
    }
    return "";
  }

  /** {@code resource_customizations/keda.sh/ScaledObject/health.lua}. */
  static Status scaledObject(Map<String, Object> live) {
    boolean healthy = false;
    boolean degraded = false;
    boolean suspended = false;
    String message = null;
    for (Object item : list(map(live.get("status")).get("conditions"))) {
      Map<String, Object> c = map(item);
      String type = String.valueOf(c.get("type"));
      String status = String.valueOf(c.get("status"));
      if (status.equals("False") && type.equals("Ready")) {
        message = String.valueOf(c.get("message"));
        degraded = true;
      }
      if (status.equals("True") && type.equals("Ready")) {
        message = String.valueOf(c.get("message"));
        healthy = true;
      }
      if (status.equals("True") && type.equals("Paused")) {
        message = String.valueOf(c.get("message"));
        suspended = true;
      }
      if (status.equals("True") && type.equals("Fallback")) {
        message = String.valueOf(c.get("message"));
        degraded = true;
      }
    }
    if (degraded) {
      return new Status("Degraded", message);
    }
    if (healthy) {
      return new Status(suspended ? "Suspended" : "Healthy", message);
    }
    return new Status("Progressing", "Creating HorizontalPodAutoscaler Object");
  }

  /** {@code resource_customizations/opentelemetry.io/OpenTelemetryCollector/health.lua}. */
  static Status collector(Map<String, Object> live) {
    Map<String, Object> status = map(live.get("status"));
    if (live.get("status") == null) {
      return new Status("Progressing", "Waiting for OpenTelemetry Collector status");
    }
    Object replicas = map(status.get("scale")).get("statusReplicas");
    if (replicas == null) {
      return "sidecar".equals(map(live.get("spec")).get("mode"))
          ? new Status("Healthy", "Collector is running in sidecar mode")
          : new Status("Progressing", "Scale status not available");
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(String.valueOf(replicas));
    if (!m.find()) {
      return new Status("Progressing", "Unable to parse replica status: " + replicas);
    }
    int ready = Integer.parseInt(m.group(1));
    int total = Integer.parseInt(m.group(2));
    if (ready == 0) {
      return "daemonset".equals(map(live.get("spec")).get("mode")) && total == 0
          ? new Status("Healthy", "DaemonSet has no eligible nodes (0/0)")
          : new Status("Degraded", "No replicas are ready");
    }
    return ready == total
        ? new Status("Healthy", "All replicas are ready")
        : new Status("Progressing", "Replicas are starting up");
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
