package io.scaleproof.cluster.k3s;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code kubectl apply --server-side --force-conflicts -n <namespace>} for upstream release
 * manifests: server-side, because some CRDs are too large for the annotation a client-side apply
 * keeps; namespaced objects without a namespace go into the component's.
 *
 * <p>A component's objects are applied right after the previous component became ready, so the API
 * server may still refuse some for a while: a CRD of the same manifest not yet served, an admission
 * webhook whose certificate is not injected yet. Such answers (404, 409, 429, 5xx, no connection)
 * are retried within {@link #BOUND}; any other (invalid, forbidden) fails at once.
 */
final class ServerSideApply {
  static final String FIELD_MANAGER = "scaleproof";
  static final Duration BOUND = Duration.ofMinutes(2);
  private static final Set<Integer> RETRIED = Set.of(0, 404, 409, 429, 500, 502, 503, 504);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final Duration retryEvery;
  private final Map<String, APIResourceList> discovered = new ConcurrentHashMap<>();

  ServerSideApply(KubernetesClient client) {
    this(client, Duration.ofSeconds(2));
  }

  ServerSideApply(KubernetesClient client, Duration retryEvery) {
    this.client = client;
    this.retryEvery = retryEvery;
  }

  /**
   * Applies {@code object}, into {@code namespace} if it is namespaced and names none.
   *
   * @throws IllegalStateException naming the component, the object and the API server's answer
   */
  HasMetadata apply(String component, HasMetadata object, String namespace) {
    String what = component + ": " + describe(object);
    AtomicReference<String> last = new AtomicReference<>("no answer yet");
    AtomicReference<HasMetadata> applied = new AtomicReference<>();
    try {
      await(what + " applied")
          .atMost(BOUND)
          .pollDelay(Duration.ZERO)
          .pollInterval(retryEvery)
          .until(() -> attempt(object, namespace, applied, last));
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "cannot apply " + what + " within " + BOUND.toMinutes() + " min: " + last.get(), e);
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("cannot apply " + what + ": " + answer(e), e);
    }
    return applied.get();
  }

  private boolean attempt(
      HasMetadata object,
      String namespace,
      AtomicReference<HasMetadata> applied,
      AtomicReference<String> last) {
    try {
      HasMetadata placed = inNamespace(object, namespace, namespaced(object));
      applied.set(
          client.resource(placed).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
      return true;
    } catch (KubernetesClientException e) {
      if (!RETRIED.contains(e.getCode())) {
        throw e;
      }
      last.set(answer(e));
      return false;
    }
  }

  /**
   * {@code object} placed in {@code namespace} if it is namespaced and has none; otherwise itself.
   * A copy: the object given is not changed.
   */
  static HasMetadata inNamespace(HasMetadata object, String namespace, boolean namespaced) {
    if (!namespaced || object.getMetadata().getNamespace() != null) {
      return object;
    }
    HasMetadata copy = SERIALIZATION.clone(object);
    copy.getMetadata().setNamespace(namespace);
    return copy;
  }

  /**
   * Whether the object's kind is namespaced: from its model class for the kinds the client knows,
   * else from the API server's discovery of its {@code apiVersion} (a custom resource).
   */
  boolean namespaced(HasMetadata object) {
    if (!(object instanceof GenericKubernetesResource)) {
      return object instanceof Namespaced;
    }
    String apiVersion = object.getApiVersion();
    APIResourceList resources =
        Optional.ofNullable(discovered.get(apiVersion))
            .orElseGet(() -> client.getApiResources(apiVersion));
    Optional<APIResource> kind =
        resources == null
            ? Optional.empty()
            : resources.getResources().stream()
                .filter(r -> object.getKind().equals(r.getKind()) && !r.getName().contains("/"))
                .findFirst();
    if (kind.isEmpty()) {
      // Not served yet: the CRD may have been applied a moment ago. Retried as a 404 is.
      throw new KubernetesClientException(
          "the API server does not serve " + object.getKind() + " of " + apiVersion + " (yet)",
          404,
          null);
    }
    discovered.put(apiVersion, resources);
    return Boolean.TRUE.equals(kind.get().getNamespaced());
  }

  static String describe(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return object.getKind()
        + " "
        + (namespace == null ? "" : namespace + "/")
        + object.getMetadata().getName();
  }

  private static String answer(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return (e.getCode() == 0 ? "" : "HTTP " + e.getCode() + ": ") + message;
  }
}
