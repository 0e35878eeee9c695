package io.scaleproof.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.RepresentToNode;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/**
 * The names the pipeline's namespaces get on a cluster. The pipeline declares fixed namespaces
 * ({@code apps}, {@code observability}) and names its Services across them by DNS ({@code
 * prometheus.observability.svc.cluster.local}); on a cluster that other runs share, each run
 * installs into namespaces of its own, so the same files are rewritten before Argo CD sees them:
 *
 * <ul>
 *   <li>every object's {@code metadata.namespace}, and a {@code Namespace}'s own name;
 *   <li>every in-cluster DNS name {@code <service>.<namespace>.svc} in any string of the object,
 *       which reaches into a collector's config, Prometheus's scrape targets and a ScaledObject's
 *       {@code serverAddress}.
 * </ul>
 *
 * A namespace the mapping does not name keeps its name ({@code kube-system}, {@code keda}).
 */
public final class NamespaceMapping {
  /** Labels what belongs to a run on a shared cluster: its namespaces, its Argo CD Application. */
  public static final String RUN_LABEL = "scaleproof.io/run";

  private static final NamespaceMapping IDENTITY = new NamespaceMapping(null, Map.of());

  private final String run;
  private final Map<String, String> names;
  private final Pattern dnsName;

  private NamespaceMapping(String run, Map<String, String> names) {
    this.run = run;
    this.names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
    this.dnsName =
        names.isEmpty()
            ? null
            : Pattern.compile(
                "(?<=[a-z0-9]\\.)("
                    + names.keySet().stream().map(Pattern::quote).collect(Collectors.joining("|"))
                    + ")(?=\\.svc(?![a-z0-9-]))");
  }

  /** Every namespace keeps its declared name: the embedded cluster, owned by one run. */
  public static NamespaceMapping identity() {
    return IDENTITY;
  }

  /**
   * The run {@code run}'s namespaces: each declared name in {@code names} stands for its value.
   *
   * @param run the run the namespaces belong to, which also names the run's other objects
   */
  public static NamespaceMapping forRun(String run, Map<String, String> names) {
    Objects.requireNonNull(run, "run");
    return new NamespaceMapping(run, new LinkedHashMap<>(names));
  }

  /**
   * The namespace that stands for the declared {@code namespace}: itself if not mapped, null for
   * null (a cluster-scoped object's).
   */
  public String of(String namespace) {
    return namespace == null ? null : names.getOrDefault(namespace, namespace);
  }

  /** The run the namespaces belong to; empty for {@link #identity()}. */
  public Optional<String> run() {
    return Optional.ofNullable(run);
  }

  /** {@code apps → sp-run-apps, observability → sp-run-observability}. */
  @Override
  public String toString() {
    return names.isEmpty()
        ? "as declared"
        : names.entrySet().stream()
            .map(name -> name.getKey() + " → " + name.getValue())
            .collect(Collectors.joining(", "));
  }

  public boolean isIdentity() {
    return names.isEmpty();
  }

  /**
   * A manifest file's text with the mapping applied to every document. A file the mapping leaves
   * unchanged, or a text that is not YAML, comes back as it was, comments and all; a changed file
   * is written anew, without its comments.
   */
  public String apply(String manifests) {
    if (isIdentity()) {
      return manifests;
    }
    List<Object> documents = new ArrayList<>();
    try {
      new Load(LoadSettings.builder().build()).loadAllFromString(manifests).forEach(documents::add);
    } catch (RuntimeException notYaml) {
      return manifests;
    }
    List<Object> mapped = documents.stream().map(this::document).toList();
    if (mapped.equals(documents)) {
      return manifests;
    }
    return dump(mapped.stream().filter(Objects::nonNull).toList());
  }

  private Object document(Object document) {
    if (!(document instanceof Map<?, ?> object)) {
      return strings(document);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) strings(object);
    if (copy.get("metadata") instanceof Map<?, ?> metadata) {
      @SuppressWarnings("unchecked")
      Map<String, Object> meta = (Map<String, Object>) metadata;
      if (meta.get("namespace") instanceof String namespace) {
        meta.put("namespace", of(namespace));
      }
      if ("Namespace".equals(copy.get("kind")) && meta.get("name") instanceof String name) {
        meta.put("name", of(name));
      }
    }
    return copy;
  }

  /** A deep copy with every DNS name mapped in every string, keys included. */
  private Object strings(Object value) {
    if (value instanceof String text) {
      return dnsNames(text);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, entry) -> copy.put(strings(key), strings(entry)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(this::strings).collect(Collectors.toCollection(ArrayList::new));
    }
    return value;
  }

  /** {@code <service>.<namespace>.svc[.cluster.local]} with the namespace mapped. */
  String dnsNames(String text) {
    Matcher matcher = dnsName.matcher(text);
    return matcher.replaceAll(found -> Matcher.quoteReplacement(of(found.group(1))));
  }

  private static String dump(List<Object> documents) {
    DumpSettings settings =
        DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(120).build();
    Dump dump = new Dump(settings, new MultilineLiterals(settings));
    return documents.stream().map(dump::dumpToString).collect(Collectors.joining("---\n"));
  }

  /** Writes a multi-line string (a collector config, a PromQL rule) as a literal block. */
  private static final class MultilineLiterals extends StandardRepresenter {
    MultilineLiterals(DumpSettings settings) {
      super(settings);
      RepresentToNode strings = this.representers.get(String.class);
      this.representers.put(
          String.class,
          data -> {
            String text = (String) data;
            return text.contains("\n") && text.lines().noneMatch(line -> line.endsWith(" "))
                ? representScalar(Tag.STR, text, ScalarStyle.LITERAL)
                : strings.representData(data);
          });
    }
  }
}
