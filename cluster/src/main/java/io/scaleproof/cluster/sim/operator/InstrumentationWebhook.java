package io.scaleproof.cluster.sim.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry Operator's pod-mutating webhook on the embedded API server: on pod creation,
 * choose each language's Instrumentation and inject it. As upstream, a pod that cannot be
 * instrumented (already instrumented, no or several Instrumentations, a container whose agent
 * variable comes from valueFrom) is admitted unchanged and the reason is logged.
 */
public final class InstrumentationWebhook {
  private static final Logger LOG = LoggerFactory.getLogger(InstrumentationWebhook.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String INSTRUMENTATIONS =
      "/apis/opentelemetry.io/v1alpha1/namespaces/%s/instrumentations";

  private final Function<String, Optional<String>> api;

  /**
   * @param api an API path → the JSON the API server holds there, read in-process
   */
  public InstrumentationWebhook(Function<String, Optional<String>> api) {
    this.api = api;
  }

  public Pod mutate(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    if (PodInjector.alreadyInstrumented(pod)) {
      LOG.info("Skipping pod instrumentation - already instrumented: {}/{}", namespace, name(pod));
      return pod;
    }
    Map<String, String> nsAnnotations =
        api.apply("/api/v1/namespaces/" + namespace)
            .map(json -> JSON.unmarshal(json, Namespace.class).getMetadata().getAnnotations())
            .orElse(Map.of());
    try {
      Map<Language, Instrumentation> chosen =
          new InstrumentationSelector(this::inNamespace, this::byName)
              .select(pod, namespace, nsAnnotations);
      if (chosen.isEmpty()) {
        return pod;
      }
      PodInjector.Result result =
          new PodInjector((kind, owner) -> owner(namespace, kind, owner))
              .inject(pod, namespace, chosen, nsAnnotations);
      result.skipped().forEach(reason -> LOG.info("{} ({}/{})", reason, namespace, name(pod)));
      return result.pod();
    } catch (InstrumentationSelector.SelectionException e) {
      LOG.warn(
          "failed to select an OpenTelemetry Instrumentation instance for pod {}/{}: {}",
          namespace,
          name(pod),
          e.getMessage());
      return pod;
    }
  }

  private List<Instrumentation> inNamespace(String namespace) {
    return api.apply(String.format(INSTRUMENTATIONS, namespace))
        .map(
            json ->
                JSON.unmarshal(
                    json, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList.class))
        .map(list -> list.getItems().stream().map(Instrumentation::from).toList())
        .orElse(List.of());
  }

  private Instrumentation byName(String namespace, String name) {
    return api.apply(String.format(INSTRUMENTATIONS, namespace) + "/" + name)
        .map(json -> Instrumentation.from(JSON.unmarshal(json, GenericKubernetesResource.class)))
        .orElse(null);
  }

  private HasMetadata owner(String namespace, String kind, String name) {
    if (!"ReplicaSet".equals(kind)) {
      return null;
    }
    return api.apply("/apis/apps/v1/namespaces/" + namespace + "/replicasets/" + name)
        .map(json -> (HasMetadata) JSON.unmarshal(json, ReplicaSet.class))
        .orElse(null);
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName() != null
        ? pod.getMetadata().getName()
        : pod.getMetadata().getGenerateName();
  }
}
