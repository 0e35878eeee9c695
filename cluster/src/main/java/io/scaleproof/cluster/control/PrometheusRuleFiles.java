package io.scaleproof.cluster.control;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The part of the Prometheus Operator that turns {@code PrometheusRule} objects into Prometheus
 * rule files: the rules labelled {@code prometheus: <name>} in a namespace become the ConfigMap
 * {@code prometheus-<name>-rulefiles-0} there, one key per rule, {@code <namespace>-<rule
 * name>-<uid>.yaml}, holding the rule's {@code spec} (its {@code groups}) as a Prometheus rule
 * file. The Prometheus Deployment mounts that ConfigMap under {@code /etc/prometheus/rules}.
 *
 * <p>A ConfigMap volume is read when the pod starts on the embedded cluster, so Prometheus sees
 * rules that existed before it started; the declared pipeline applies the rules first.
 *
 * <p>The embedded cluster runs it for every namespace. On a real cluster the Prometheus Operator
 * writes rule files only for a Prometheus it manages, not for the pipeline's plain one, so the
 * kubeconfig backend runs it too, for the run's namespaces only.
 */
public final class PrometheusRuleFiles extends Controller {
  public static final String PROMETHEUS_LABEL = "prometheus";
  static final ResourceDefinitionContext RULES =
      new ResourceDefinitionContext.Builder()
          .withGroup("monitoring.coreos.com")
          .withVersion("v1")
          .withKind("PrometheusRule")
          .withPlural("prometheusrules")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final List<String> namespaces;

  /** For the rules of every namespace. */
  public PrometheusRuleFiles(KubernetesClient client) {
    this(client, List.of());
  }

  /** For the rules of {@code namespaces} only; every namespace when it is empty. */
  public PrometheusRuleFiles(KubernetesClient client, List<String> namespaces) {
    super("prometheus-rules");
    this.client = client;
    this.namespaces = List.copyOf(namespaces);
  }

  /** The ConfigMap that holds the rule files of Prometheus {@code prometheus}. */
  public static String configMapName(String prometheus) {
    return "prometheus-" + prometheus + "-rulefiles-0";
  }

  @Override
  public void start() {
    if (namespaces.isEmpty()) {
      watch(client.genericKubernetesResources(RULES).inAnyNamespace(), PrometheusRuleFiles::keys);
    } else {
      for (String namespace : namespaces) {
        watch(
            client.genericKubernetesResources(RULES).inNamespace(namespace),
            PrometheusRuleFiles::keys);
      }
    }
  }

  /** The Prometheus a rule is for, by its label, as {@code namespace/prometheus}. */
  private static Stream<String> keys(GenericKubernetesResource rule) {
    String prometheus = labels(rule).get(PROMETHEUS_LABEL);
    return prometheus == null
        ? Stream.empty()
        : Stream.of(rule.getMetadata().getNamespace() + "/" + prometheus);
  }

  @Override
  protected void reconcile(String key) {
    String namespace = namespaceOf(key);
    String prometheus = nameOf(key);
    List<GenericKubernetesResource> rules =
        client
            .genericKubernetesResources(RULES)
            .inNamespace(namespace)
            .withLabel(PROMETHEUS_LABEL, prometheus)
            .list()
            .getItems();
    Map<String, String> files = new TreeMap<>();
    for (GenericKubernetesResource rule : rules) {
      files.put(fileName(rule), ruleFile(rule));
    }
    ConfigMap desired =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(configMapName(prometheus))
            .withNamespace(namespace)
            .addToLabels("managing-operator", "prometheus-operator")
            .addToLabels("prometheus-name", prometheus)
            .endMetadata()
            .withData(files)
            .build();
    ConfigMap current =
        client.configMaps().inNamespace(namespace).withName(configMapName(prometheus)).get();
    if (current == null) {
      client.configMaps().resource(desired).create();
    } else if (!files.equals(current.getData() == null ? Map.of() : current.getData())) {
      current.setData(files);
      client.configMaps().resource(current).update();
    }
  }

  static String fileName(GenericKubernetesResource rule) {
    return rule.getMetadata().getNamespace()
        + "-"
        + rule.getMetadata().getName()
        + "-"
        + rule.getMetadata().getUid()
        + ".yaml";
  }

  /** The rule's spec as a rule file: the {@code groups} list, as Prometheus reads it. */
  static String ruleFile(GenericKubernetesResource rule) {
    Object spec = rule.getAdditionalProperties().get("spec");
    Map<String, Object> file = new LinkedHashMap<>();
    file.put(
        "groups",
        spec instanceof Map<?, ?> map && map.get("groups") != null ? map.get("groups") : List.of());
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
        .dumpToString(file);
  }

  private static Map<String, String> labels(GenericKubernetesResource rule) {
    Map<String, String> labels = rule.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }
}
