package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.PrinterColumn.AGE;

import java.util.List;

/**
 * What the pinned upstream CRDs say of the custom resources the embedded cluster serves without a
 * CRD: their {@code additionalPrinterColumns}, short names and categories, from KEDA v2.20.2
 * ({@code config/crd/bases}), Argo CD v3.2.0 ({@code manifests/crds}), the Prometheus Operator
 * v0.85.0 and the OpenTelemetry Operator v0.158.0 (its kubebuilder markers). A CRD applied to the
 * cluster takes their place.
 */
final class PrinterColumns {
  private PrinterColumns() {}

  static List<PrinterColumn> of(String group, String kind) {
    return switch (group + "/" + kind) {
      case "keda.sh/ScaledObject" ->
          List.of(
              new PrinterColumn("ScaleTargetKind", "string", ".status.scaleTargetKind"),
              new PrinterColumn("ScaleTargetName", "string", ".spec.scaleTargetRef.name"),
              new PrinterColumn("Min", "integer", ".spec.minReplicaCount"),
              new PrinterColumn("Max", "integer", ".spec.maxReplicaCount"),
              condition("Ready"),
              condition("Active"),
              condition("Fallback"),
              condition("Paused"),
              new PrinterColumn("Triggers", "string", ".status.triggersTypes"),
              new PrinterColumn("Authentications", "string", ".status.authenticationsTypes"),
              AGE);
      case "keda.sh/ScaledJob" ->
          List.of(
              new PrinterColumn("Min", "integer", ".spec.minReplicaCount"),
              new PrinterColumn("Max", "integer", ".spec.maxReplicaCount"),
              condition("Ready"),
              condition("Active"),
              condition("Paused"),
              new PrinterColumn("Triggers", "string", ".status.triggersTypes"),
              new PrinterColumn("Authentications", "string", ".status.authenticationsTypes"),
              AGE);
      case "keda.sh/TriggerAuthentication" ->
          List.of(
              new PrinterColumn("PodIdentity", "string", ".spec.podIdentity.provider"),
              new PrinterColumn("Secret", "string", ".spec.secretTargetRef[*].name"),
              new PrinterColumn("Env", "string", ".spec.env[*].name"),
              new PrinterColumn("VaultAddress", "string", ".spec.hashiCorpVault.address"),
              new PrinterColumn("ScaledObjects", "string", ".status.scaledobjects").wide(),
              new PrinterColumn("ScaledJobs", "string", ".status.scaledjobs").wide());
      case "keda.sh/ClusterTriggerAuthentication" ->
          List.of(
              new PrinterColumn("PodIdentity", "string", ".spec.podIdentity.provider"),
              new PrinterColumn("Secret", "string", ".spec.secretTargetRef[*].name"),
              new PrinterColumn("Env", "string", ".spec.env[*].name"),
              new PrinterColumn("FilePath", "string", ".spec.filePath"),
              new PrinterColumn("VaultAddress", "string", ".spec.hashiCorpVault.address"),
              new PrinterColumn("ScaledObjects", "string", ".status.scaledobjects").wide(),
              new PrinterColumn("ScaledJobs", "string", ".status.scaledjobs").wide());
      case "argoproj.io/Application" ->
          List.of(
              new PrinterColumn("Sync Status", "string", ".status.sync.status"),
              new PrinterColumn("Health Status", "string", ".status.health.status"),
              new PrinterColumn("Revision", "string", "", 10, "", ".status.sync.revision"),
              new PrinterColumn("Project", "string", "", 10, "", ".spec.project"));
      case "opentelemetry.io/OpenTelemetryCollector" ->
          List.of(
              new PrinterColumn("Mode", "string", ".spec.mode"),
              new PrinterColumn("Version", "string", ".status.version"),
              new PrinterColumn("Ready", "string", ".status.scale.statusReplicas"),
              AGE,
              new PrinterColumn("Image", "string", ".status.image"),
              new PrinterColumn("Management", "string", ".spec.managementState"));
      case "opentelemetry.io/Instrumentation" ->
          List.of(
              AGE,
              new PrinterColumn("Endpoint", "string", ".spec.exporter.endpoint"),
              new PrinterColumn("Sampler", "string", ".spec.sampler.type"),
              new PrinterColumn("Sampler Arg", "string", ".spec.sampler.argument"));
      default -> List.of();
    };
  }

  static List<String> shortNames(String kind) {
    return switch (kind) {
      case "ScaledObject" -> List.of("so");
      case "ScaledJob" -> List.of("sj");
      case "TriggerAuthentication" -> List.of("ta", "triggerauth");
      case "ClusterTriggerAuthentication" -> List.of("cta", "clustertriggerauth");
      case "Application" -> List.of("app", "apps");
      case "AppProject" -> List.of("appproj", "appprojs");
      case "PrometheusRule" -> List.of("promrule");
      case "ServiceMonitor" -> List.of("smon");
      case "PodMonitor" -> List.of("pmon");
      case "OpenTelemetryCollector" -> List.of("otelcol", "otelcols");
      case "Instrumentation" -> List.of("otelinst", "otelinsts");
      default -> List.of();
    };
  }

  static List<String> categories(String kind) {
    return switch (kind) {
      case "PrometheusRule", "ServiceMonitor", "PodMonitor" -> List.of("prometheus-operator");
      default -> List.of();
    };
  }

  private static PrinterColumn condition(String type) {
    return new PrinterColumn(
        type, "string", ".status.conditions[?(@.type==\"" + type + "\")].status");
  }
}
