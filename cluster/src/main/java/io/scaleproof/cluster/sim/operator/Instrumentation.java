package io.scaleproof.cluster.sim.operator;

import static io.scaleproof.cluster.PlainValues.map;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the webhook reads from an {@code opentelemetry.io/v1alpha1} Instrumentation: the exporter
 * endpoint, propagators, sampler, common and per-language env and images, resource attributes. TLS
 * settings of the exporter are not read yet: the embedded pipeline is plain HTTP on loopback.
 */
public record Instrumentation(
    String namespace,
    String name,
    String exporterEndpoint,
    List<String> propagators,
    String samplerType,
    String samplerArgument,
    List<EnvVar> env,
    Map<String, String> resourceAttributes,
    boolean addK8sUidAttributes,
    boolean useLabelsForResourceAttributes,
    Map<Language, LanguageSpec> languages) {

  /** {@code spec.<lang>}: the agent image and the language's env. */
  public record LanguageSpec(String image, List<EnvVar> env) {}

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  public LanguageSpec language(Language language) {
    return languages.getOrDefault(language, new LanguageSpec(language.defaultImage(), List.of()));
  }

  /** Reads a CR as the API server returns it. */
  public static Instrumentation from(GenericKubernetesResource cr) {
    Map<String, Object> spec = map(cr.getAdditionalProperties().get("spec"));
    Map<String, Object> sampler = map(spec.get("sampler"));
    Map<String, Object> resource = map(spec.get("resource"));
    Map<Language, LanguageSpec> languages = new EnumMap<>(Language.class);
    for (Language language : Language.values()) {
      Map<String, Object> lang = map(spec.get(language.key()));
      Object image = lang.get("image");
      languages.put(
          language,
          new LanguageSpec(
              image == null ? language.defaultImage() : image.toString(), env(lang.get("env"))));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    map(resource.get("resourceAttributes")).forEach((k, v) -> attributes.put(k, String.valueOf(v)));
    return new Instrumentation(
        cr.getMetadata().getNamespace(),
        cr.getMetadata().getName(),
        string(map(spec.get("exporter")).get("endpoint")),
        spec.get("propagators") instanceof List<?> list
            ? list.stream().map(String::valueOf).toList()
            : List.of(),
        string(sampler.get("type")),
        string(sampler.get("argument")),
        env(spec.get("env")),
        attributes,
        Boolean.TRUE.equals(resource.get("addK8sUIDAttributes")),
        Boolean.TRUE.equals(map(spec.get("defaults")).get("useLabelsForResourceAttributes")),
        languages);
  }

  private static String string(Object value) {
    return value == null ? "" : value.toString();
  }

  private static List<EnvVar> env(Object value) {
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().map(item -> JSON.convertValue(item, EnvVar.class)).toList();
  }
}
