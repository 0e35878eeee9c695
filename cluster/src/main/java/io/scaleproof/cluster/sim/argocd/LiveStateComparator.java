package io.scaleproof.cluster.sim.argocd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.MergePatch;
import io.scaleproof.cluster.gitops.SyncOrder;
import io.scaleproof.cluster.sim.argocd.ArgoCdController.Gvk;
import io.scaleproof.cluster.sim.argocd.ArgoCdController.Managed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argo CD's comparison of an Application's manifests with the cluster, its default one: a resource
 * is out of sync when applying its manifest would change it (the three-way merge of the last
 * applied configuration, Git and the live object), after {@code ignoreDifferences} is taken out of
 * both sides. Live objects that carry this Application's {@code argocd.argoproj.io/tracking-id} but
 * are gone from Git require pruning. The Application's health is its worst resource's.
 */
final class LiveStateComparator {
  private static final Logger LOG = LoggerFactory.getLogger(ArgoCdController.class);

  private final KubernetesClient client;

  LiveStateComparator(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param kinds the kinds this Application has had in Git, where its pruned manifests' objects are
   *     looked for; the target's kinds are added to it
   */
  Comparison compare(ApplicationSpec spec, TargetState target, Set<Gvk> kinds) {
    Map<String, Managed> byKey = new TreeMap<>();
    for (Manifests.Sourced sourced : target.rendered().objects()) {
      HasMetadata manifest = tracked(spec, sourced.object());
      Gvk gvk = new Gvk(manifest.getApiVersion(), manifest.getKind());
      kinds.add(gvk);
      Map<String, Object> live = live(manifest);
      boolean modified = live == null || modified(spec, manifest, live);
      Managed managed =
          new Managed(
              gvk,
              Objects.toString(manifest.getMetadata().getNamespace(), ""),
              manifest.getMetadata().getName(),
              manifest,
              live,
              ApplicationSource.file(target.checkout(), sourced),
              SyncOrder.wave(manifest),
              modified);
      byKey.put(managed.key(), managed);
    }
    // Live objects this Application created whose manifests are gone from Git.
    for (Gvk gvk : kinds) {
      for (GenericKubernetesResource live : list(gvk)) {
        String id =
            live.getMetadata().getAnnotations() == null
                ? null
                : live.getMetadata().getAnnotations().get(ArgoCdController.TRACKING_ID);
        String namespace = Objects.toString(live.getMetadata().getNamespace(), "");
        String self =
            trackingId(
                spec,
                gvk,
                namespace.isEmpty() ? spec.namespace() : namespace,
                live.getMetadata().getName());
        if (!self.equals(id)) {
          continue;
        }
        Managed extra =
            new Managed(
                gvk,
                namespace,
                live.getMetadata().getName(),
                null,
                ClientSideApply.tree(live),
                null,
                SyncOrder.wave(live),
                true);
        byKey.putIfAbsent(extra.key(), extra);
      }
    }
    List<Managed> managed = new ArrayList<>(byKey.values());
    String health = "Healthy";
    boolean anyLive = false;
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Managed m : managed) {
      resources.add(resourceStatus(m));
      if (m.live() != null) {
        anyLive = true;
        Optional<ResourceHealth.Status> h = ResourceHealth.of(m.live());
        if (h.isPresent() && ResourceHealth.isWorse(health, h.get().status())) {
          health = h.get().status();
        }
      }
    }
    if (!managed.isEmpty() && !anyLive && ResourceHealth.isWorse(health, "Missing")) {
      health = "Missing";
    }
    boolean synced = managed.stream().allMatch(Managed::synced);
    return new Comparison(managed, synced ? "Synced" : "OutOfSync", health, resources);
  }

  /** One entry of {@code status.resources}. */
  private static Map<String, Object> resourceStatus(Managed m) {
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("group", m.gvk().group().isEmpty() ? null : m.gvk().group());
    resource.put("version", m.gvk().version());
    resource.put("kind", m.gvk().kind());
    resource.put("namespace", m.namespace().isEmpty() ? null : m.namespace());
    resource.put("name", m.name());
    resource.put("status", m.synced() ? "Synced" : "OutOfSync");
    if (m.requiresPruning()) {
      resource.put("requiresPruning", true);
    }
    if (m.wave() != 0) {
      resource.put("syncWave", m.wave());
    }
    resource.values().removeIf(Objects::isNull);
    return resource;
  }

  /** The manifest as Argo CD applies it: in the destination namespace, with its tracking id. */
  private static HasMetadata tracked(ApplicationSpec spec, HasMetadata object) {
    HasMetadata copy = ArgoCdController.object(ClientSideApply.tree(object));
    boolean clusterScoped = ArgoCdController.clusterScoped(copy.getKind());
    if (clusterScoped) {
      copy.getMetadata().setNamespace(null);
    } else if (copy.getMetadata().getNamespace() == null) {
      copy.getMetadata().setNamespace(spec.namespace());
    }
    Map<String, String> annotations =
        new LinkedHashMap<>(
            copy.getMetadata().getAnnotations() == null
                ? Map.of()
                : copy.getMetadata().getAnnotations());
    Gvk gvk = new Gvk(copy.getApiVersion(), copy.getKind());
    annotations.put(
        ArgoCdController.TRACKING_ID,
        trackingId(
            spec,
            gvk,
            clusterScoped ? spec.namespace() : copy.getMetadata().getNamespace(),
            copy.getMetadata().getName()));
    copy.getMetadata().setAnnotations(annotations);
    return copy;
  }

  /** {@code <app>:<group>/<Kind>:<namespace>/<name>}. */
  static String trackingId(ApplicationSpec spec, Gvk gvk, String namespace, String name) {
    return spec.name() + ":" + gvk.group() + "/" + gvk.kind() + ":" + namespace + "/" + name;
  }

  /** Whether applying the manifest would change the live object, ignored differences aside. */
  private static boolean modified(
      ApplicationSpec spec, HasMetadata target, Map<String, Object> live) {
    Map<String, Object> predicted = ClientSideApply.predicted(live, target);
    Map<String, Object> current = ArgoCdController.copy(live);
    for (String pointer : spec.ignoredPointers(target)) {
      JsonPointers.remove(predicted, pointer);
      JsonPointers.remove(current, pointer);
    }
    predicted.remove("status");
    current.remove("status");
    boolean modified = !predicted.equals(current);
    if (modified && LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} is out of sync; a sync would apply {}",
          target.getKind(),
          target.getMetadata().getName(),
          MergePatch.diff(current, predicted));
    }
    return modified;
  }

  private Map<String, Object> live(HasMetadata target) {
    try {
      HasMetadata live = client.resource(target).get();
      return live == null ? null : ClientSideApply.tree(live);
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  private List<GenericKubernetesResource> list(Gvk gvk) {
    try {
      return client
          .genericKubernetesResources(ArgoCdController.context(gvk))
          .inAnyNamespace()
          .list()
          .getItems();
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }
}
