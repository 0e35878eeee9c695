package io.scaleproof.cluster.sim.operator;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Which Instrumentation a pod asks for, per language, as the operator's webhook decides ({@code
 * podmutator.go} getInstrumentationInstance, {@code annotation.go} annotationValue): the pod's
 * {@code inject-<lang>} annotation against its namespace's; {@code "true"} means the only
 * Instrumentation of the namespace, a name one of the namespace, {@code ns/name} one elsewhere,
 * {@code "false"} or nothing none.
 */
public final class InstrumentationSelector {
  static final String NO_INSTANCES = "no OpenTelemetry Instrumentation instances available";
  static final String MULTIPLE_INSTANCES =
      "multiple OpenTelemetry Instrumentation instances available, cannot determine which one to select";

  /** Why no selection could be made; the webhook then admits the pod unchanged. */
  public static final class SelectionException extends Exception {
    private static final long serialVersionUID = 1L;

    SelectionException(String message) {
      super(message);
    }
  }

  private final Function<String, List<Instrumentation>> inNamespace;
  private final BiFunction<String, String, Instrumentation> byName;

  /**
   * @param inNamespace every Instrumentation of a namespace
   * @param byName (namespace, name) → that Instrumentation, or null
   */
  public InstrumentationSelector(
      Function<String, List<Instrumentation>> inNamespace,
      BiFunction<String, String, Instrumentation> byName) {
    this.inNamespace = inNamespace;
    this.byName = byName;
  }

  public Map<Language, Instrumentation> select(
      Pod pod, String namespace, Map<String, String> namespaceAnnotations)
      throws SelectionException {
    Map<Language, Instrumentation> chosen = new EnumMap<>(Language.class);
    for (Language language : Language.values()) {
      String value =
          annotationValue(
              namespaceAnnotations,
              pod.getMetadata().getAnnotations(),
              language.injectAnnotation());
      if (value.isEmpty() || value.equalsIgnoreCase("false")) {
        continue;
      }
      chosen.put(language, resolve(value, namespace));
    }
    return chosen;
  }

  private Instrumentation resolve(String value, String namespace) throws SelectionException {
    if (value.equalsIgnoreCase("true")) {
      List<Instrumentation> candidates = inNamespace.apply(namespace);
      if (candidates.isEmpty()) {
        throw new SelectionException(NO_INSTANCES);
      }
      if (candidates.size() > 1) {
        throw new SelectionException(MULTIPLE_INSTANCES);
      }
      return candidates.get(0);
    }
    int slash = value.indexOf('/');
    String ns = slash >= 0 ? value.substring(0, slash) : namespace;
    String name = slash >= 0 ? value.substring(slash + 1) : value;
    Instrumentation found = byName.apply(ns, name);
    if (found == null) {
      throw new SelectionException(
          "instrumentations.opentelemetry.io \"" + name + "\" not found in namespace " + ns);
    }
    return found;
  }

  /**
   * {@code annotationValue}: the pod's value unless it is empty, or "true" while the namespace
   * names an instance (or says "true"); an explicit "false" or instance name on the pod wins.
   */
  static String annotationValue(
      Map<String, String> namespace, Map<String, String> pod, String key) {
    String podValue = pod.getOrDefault(key, "");
    String nsValue = namespace.getOrDefault(key, "");
    if (nsValue.isEmpty()) {
      return podValue;
    }
    if (podValue.isEmpty()) {
      return nsValue;
    }
    if (!podValue.equalsIgnoreCase("true")) {
      return podValue;
    }
    if (nsValue.equalsIgnoreCase("false")) {
      return podValue;
    }
    return nsValue;
  }
}
