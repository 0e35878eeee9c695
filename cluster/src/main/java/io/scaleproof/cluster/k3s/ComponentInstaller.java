package io.scaleproof.cluster.k3s;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.WorkloadReadiness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Installs one platform component as {@code cluster/k3s/components.yaml} pins it: its namespace (if
 * absent), every object of its release manifests (downloaded, then applied server-side in file
 * order), then waits until every workload it {@code awaits} has rolled out, so that the next
 * component (whose webhooks or CRDs may depend on this one) starts on a ready platform.
 */
final class ComponentInstaller {
  /** How long one component may take from its first apply to its last workload ready. */
  static final Duration READY = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final ManifestDownload download;
  private final ServerSideApply apply;
  private final Consumer<String> progress;
  private final Duration poll;
  private final Duration ready;

  /**
   * @param manifests where the downloaded manifests are kept, one directory per component
   */
  ComponentInstaller(KubernetesClient client, Path manifests, Consumer<String> progress) {
    this(client, manifests, progress, Duration.ofSeconds(2), READY);
  }

  /**
   * As above, looking again every {@code poll} at a refused object or a workload not ready, and
   * giving a component {@code ready} to become ready.
   */
  ComponentInstaller(
      KubernetesClient client,
      Path manifests,
      Consumer<String> progress,
      Duration poll,
      Duration ready) {
    this.client = client;
    this.download = new ManifestDownload(manifests);
    this.apply = new ServerSideApply(client, poll);
    this.progress = progress;
    this.poll = poll;
    this.ready = ready;
  }

  /**
   * Installs {@code component} and waits until it is ready.
   *
   * @throws IllegalStateException naming the component and what failed: a download, an object the
   *     API server refused, or a workload not ready within the bound ({@link #READY})
   */
  void install(K3sComponent component) {
    progress.accept(
        "k3s: installing "
            + component.name()
            + " "
            + component.version()
            + " into namespace "
            + component.namespace());
    Instant deadline = Instant.now().plus(ready);
    ensureNamespace(component);
    List<URI> manifests = component.manifests();
    for (int i = 0; i < manifests.size(); i++) {
      Path file = download.fetch(component.name(), i + 1, manifests.get(i));
      for (HasMetadata object : Manifests.load(file)) {
        apply.apply(component.name(), object, component.namespace());
      }
    }
    for (K3sComponent.Workload workload : component.awaits()) {
      awaitReady(component, workload, deadline);
    }
    progress.accept("k3s: " + component.name() + " " + component.version() + " ready");
  }

  private void ensureNamespace(K3sComponent component) {
    if (client.namespaces().withName(component.namespace()).get() == null) {
      apply.apply(
          component.name(),
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(component.namespace())
              .endMetadata()
              .build(),
          null);
    }
  }

  private void awaitReady(
      K3sComponent component, K3sComponent.Workload workload, Instant deadline) {
    String what =
        component.name()
            + ": "
            + workload.kind()
            + " "
            + component.namespace()
            + "/"
            + workload.name();
    // What the component's earlier workloads left of its bound; at least one look.
    Duration left = Duration.between(Instant.now(), deadline);
    try {
      await(what + " ready")
          .atMost(left.compareTo(poll) < 0 ? poll : left)
          .pollDelay(Duration.ZERO)
          .pollInterval(poll)
          .ignoreExceptionsInstanceOf(KubernetesClientException.class)
          .untilAsserted(
              () -> {
                Optional<String> missing =
                    WorkloadReadiness.notReady(
                        client, component.namespace(), workload.kind(), workload.name());
                if (missing.isPresent()) {
                  throw new AssertionError(what + ": " + missing.get());
                }
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          what
              + " not ready within "
              + describe(ready)
              + " of the component's install ("
              + e.getMessage()
              + "). kubectl -n "
              + component.namespace()
              + " describe "
              + workload.kind().toLowerCase(Locale.ROOT)
              + " "
              + workload.name()
              + " and its pods' events show why",
          e);
    }
  }

  private static String describe(Duration bound) {
    return bound.toSeconds() >= 60 ? bound.toMinutes() + " min" : bound.toMillis() / 1000.0 + " s";
  }
}
