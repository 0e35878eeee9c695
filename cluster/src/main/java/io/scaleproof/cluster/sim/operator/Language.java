package io.scaleproof.cluster.sim.operator;

/**
 * The languages whose zero-code instrumentation the embedded cluster injects, with the names, paths
 * and defaults the OpenTelemetry Operator uses for them ({@code
 * internal/instrumentation/{javaagent,nodejs,python}.go}, images from {@code versions.txt}).
 */
public enum Language {
  JAVA(
      "java",
      "JAVA_TOOL_OPTIONS",
      "ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.30.0"),
  NODEJS(
      "nodejs",
      "NODE_OPTIONS",
      "ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.78.0"),
  PYTHON(
      "python",
      "PYTHONPATH",
      "ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.64b0");

  static final String INIT_CONTAINER_PREFIX = "opentelemetry-auto-instrumentation";

  private final String key;
  private final String languageEnv;
  private final String defaultImage;

  Language(String key, String languageEnv, String defaultImage) {
    this.key = key;
    this.languageEnv = languageEnv;
    this.defaultImage = defaultImage;
  }

  /** {@code java}, {@code nodejs}, {@code python}: the CR's spec key and annotation suffix. */
  public String key() {
    return key;
  }

  /** {@code instrumentation.opentelemetry.io/inject-<lang>}. */
  public String injectAnnotation() {
    return "instrumentation.opentelemetry.io/inject-" + key;
  }

  /** {@code instrumentation.opentelemetry.io/<lang>-container-names}. */
  public String containerNamesAnnotation() {
    return "instrumentation.opentelemetry.io/" + key + "-container-names";
  }

  /** The variable that loads the agent; a container that sets it with valueFrom is skipped. */
  String languageEnv() {
    return languageEnv;
  }

  String defaultImage() {
    return defaultImage;
  }

  /** Name of the init container and of the volume it fills. */
  String volumeName() {
    return INIT_CONTAINER_PREFIX + "-" + key;
  }

  /** Where the init container copies the agent to. */
  String initMountPath() {
    return "/otel-auto-instrumentation-" + key;
  }

  /** Where the app container sees it: Java's path carries the container name (operator ≥ 0.121). */
  String containerMountPath(String containerName) {
    return this == JAVA ? initMountPath() + "-" + containerName : initMountPath();
  }
}
