package io.scaleproof.cluster.sim.apiserver;

import io.scaleproof.cluster.PlainValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API discovery as kube-apiserver serves it: {@code /api} ({@code APIVersions}), {@code /apis}
 * ({@code APIGroupList}), each group-version's {@code APIResourceList}, and the aggregated
 * documents ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}) that kubectl and client-go ask
 * for first. What is served is {@link ResourceTypes#catalogue()} and the CustomResourceDefinitions
 * in the store, a CRD replacing a built-in entry of the same group, version and plural.
 *
 * <p>Larger than 300 lines because it serves the four discovery documents kube-apiserver serves
 * from one catalogue, and they must agree entry by entry (group, version, resource, verbs, short
 * names).
 */
final class Discovery {
  /** The content type of an aggregated discovery document, which client-go checks. */
  static final String AGGREGATED_V2 =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  private final List<ServedResource> resources;
  private final Map<String, List<PrinterColumn>> crdColumns;

  private Discovery(List<ServedResource> resources, Map<String, List<PrinterColumn>> crdColumns) {
    this.resources = resources;
    this.crdColumns = crdColumns;
  }

  /** What is served with {@code crds}, the stored CustomResourceDefinitions, as plain values. */
  static Discovery of(List<Map<String, Object>> crds) {
    Map<String, ServedResource> byPath = new LinkedHashMap<>();
    for (ServedResource resource : ResourceTypes.catalogue()) {
      byPath.put(resource.groupVersion() + "/" + resource.plural(), resource);
    }
    Map<String, List<PrinterColumn>> columns = new LinkedHashMap<>();
    for (Map<String, Object> crd : crds) {
      for (ServedResource resource : fromCrd(crd)) {
        String path = resource.groupVersion() + "/" + resource.plural();
        byPath.put(path, resource);
        PlainValues.list(PlainValues.map(crd.get("spec")).get("versions")).stream()
            .map(PlainValues::map)
            .filter(v -> resource.version().equals(v.get("name")))
            .findFirst()
            .ifPresent(v -> columns.put(path, PrinterColumn.of(v)));
      }
    }
    return new Discovery(List.copyOf(byPath.values()), columns);
  }

  /**
   * The printer columns of a custom resource: its stored CRD's, else those of the pinned upstream
   * CRD the embedded cluster serves it by; empty means the CRD declares none (the age is shown).
   */
  List<PrinterColumn> printerColumns(String group, String version, String plural) {
    String path = (group.isEmpty() ? version : group + "/" + version) + "/" + plural;
    List<PrinterColumn> stored = crdColumns.get(path);
    if (stored != null) {
      return stored;
    }
    return find(group, version, plural)
        .map(resource -> PrinterColumns.of(resource.group(), resource.kind()))
        .orElse(List.of());
  }

  List<ServedResource> resources() {
    return resources;
  }

  /** The resource served at {@code group}/{@code version} under {@code plural}. */
  Optional<ServedResource> find(String group, String version, String plural) {
    return resources.stream()
        .filter(
            r ->
                r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
        .findFirst();
  }

  /** {@code GET /api}. */
  Map<String, Object> apiVersions() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("kind", "APIVersions");
    document.put("versions", List.of("v1"));
    document.put("serverAddressByClientCIDRs", List.of());
    return document;
  }

  /** {@code GET /apis}: every group but the core one, versions in Kubernetes' priority order. */
  Map<String, Object> apiGroupList() {
    List<Object> groups = new ArrayList<>();
    versionsByGroup()
        .forEach(
            (group, versions) -> {
              if (!group.isEmpty()) {
                groups.add(apiGroup(group, versions));
              }
            });
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("kind", "APIGroupList");
    document.put("apiVersion", "v1");
    document.put("groups", groups);
    return document;
  }

  /** {@code GET /apis/GROUP}, empty when the group is not served. */
  Optional<Map<String, Object>> apiGroup(String group) {
    List<String> versions = versionsByGroup().get(group);
    if (versions == null || group.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> document = new LinkedHashMap<>(apiGroup(group, versions));
    document.put("kind", "APIGroup");
    document.put("apiVersion", "v1");
    return Optional.of(document);
  }

  /** {@code GET /api/v1} or {@code /apis/GROUP/VERSION}, empty when it is not served. */
  Optional<Map<String, Object>> resourceList(String group, String version) {
    List<Object> entries = new ArrayList<>();
    for (ServedResource resource : resources) {
      if (!resource.group().equals(group) || !resource.version().equals(version)) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", resource.plural());
      entry.put("singularName", resource.singular());
      entry.put("namespaced", resource.namespaced());
      entry.put("kind", resource.kind());
      entry.put("verbs", resource.verbs());
      putIfAny(entry, "shortNames", resource.shortNames());
      putIfAny(entry, "categories", resource.categories());
      entries.add(entry);
      for (ServedResource.Subresource sub : resource.subresources()) {
        Map<String, Object> subEntry = new LinkedHashMap<>();
        subEntry.put("name", resource.plural() + "/" + sub.name());
        subEntry.put("singularName", "");
        subEntry.put("namespaced", resource.namespaced());
        if (!sub.group().equals(group) || !sub.version().equals(version)) {
          subEntry.put("group", sub.group());
          subEntry.put("version", sub.version());
        }
        subEntry.put("kind", sub.kind());
        subEntry.put("verbs", sub.verbs());
        entries.add(subEntry);
      }
    }
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("kind", "APIResourceList");
    document.put("apiVersion", "v1");
    document.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    document.put("resources", entries);
    return Optional.of(document);
  }

  /**
   * The aggregated document of {@code /api} ({@code legacy}) or {@code /apis}: every group with its
   * versions and their resources, as {@code apidiscovery.k8s.io/v2} describes them.
   */
  Map<String, Object> aggregated(boolean legacy) {
    List<Object> items = new ArrayList<>();
    versionsByGroup()
        .forEach(
            (group, versions) -> {
              if (group.isEmpty() != legacy) {
                return;
              }
              Map<String, Object> metadata = new LinkedHashMap<>();
              if (!group.isEmpty()) {
                metadata.put("name", group);
              }
              metadata.put("creationTimestamp", null);
              List<Object> versionEntries = new ArrayList<>();
              for (String version : versions) {
                List<Object> resourceEntries = new ArrayList<>();
                for (ServedResource resource : resources) {
                  if (resource.group().equals(group) && resource.version().equals(version)) {
                    resourceEntries.add(aggregatedResource(resource));
                  }
                }
                Map<String, Object> versionEntry = new LinkedHashMap<>();
                versionEntry.put("version", version);
                versionEntry.put("resources", resourceEntries);
                versionEntry.put("freshness", "Current");
                versionEntries.add(versionEntry);
              }
              Map<String, Object> item = new LinkedHashMap<>();
              item.put("metadata", metadata);
              item.put("versions", versionEntries);
              items.add(item);
            });
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("kind", "APIGroupDiscoveryList");
    document.put("apiVersion", "apidiscovery.k8s.io/v2");
    document.put("metadata", Map.of());
    document.put("items", items);
    return document;
  }

  private static Map<String, Object> aggregatedResource(ServedResource resource) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("resource", resource.plural());
    entry.put("responseKind", kindRef(resource.group(), resource.version(), resource.kind()));
    entry.put("scope", resource.namespaced() ? "Namespaced" : "Cluster");
    entry.put("singularResource", resource.singular());
    entry.put("verbs", resource.verbs());
    putIfAny(entry, "shortNames", resource.shortNames());
    putIfAny(entry, "categories", resource.categories());
    List<Object> subresources = new ArrayList<>();
    for (ServedResource.Subresource sub : resource.subresources()) {
      Map<String, Object> subEntry = new LinkedHashMap<>();
      subEntry.put("subresource", sub.name());
      subEntry.put("responseKind", kindRef(sub.group(), sub.version(), sub.kind()));
      subEntry.put("verbs", sub.verbs());
      subresources.add(subEntry);
    }
    putIfAny(entry, "subresources", subresources);
    return entry;
  }

  private static Map<String, Object> kindRef(String group, String version, String kind) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("group", group);
    ref.put("version", version);
    ref.put("kind", kind);
    return ref;
  }

  private static Map<String, Object> apiGroup(String group, List<String> versions) {
    List<Object> entries = new ArrayList<>();
    for (String version : versions) {
      entries.add(Map.of("groupVersion", group + "/" + version, "version", version));
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("name", group);
    document.put("versions", entries);
    document.put("preferredVersion", entries.get(0));
    return document;
  }

  /** Groups in name order (the core group first), each's versions by Kubernetes' priority. */
  private Map<String, List<String>> versionsByGroup() {
    Map<String, List<String>> groups = new TreeMap<>();
    for (ServedResource resource : resources) {
      List<String> versions = groups.computeIfAbsent(resource.group(), g -> new ArrayList<>());
      if (!versions.contains(resource.version())) {
        versions.add(resource.version());
      }
    }
    groups.values().forEach(versions -> versions.sort(VERSION_PRIORITY));
    return groups;
  }

  /**
   * Kubernetes' version priority (apimachinery's {@code CompareKubeAwareVersionStrings}): GA before
   * beta before alpha, a higher number first; other strings after, in lexical order.
   */
  static final Comparator<String> VERSION_PRIORITY =
      (a, b) -> {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
          return ka == kb ? a.compareTo(b) : ka ? -1 : 1;
        }
        int stage = Integer.compare(stage(mb.group(2)), stage(ma.group(2)));
        if (stage != 0) {
          return stage;
        }
        int major = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
          return major;
        }
        return Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
      };

  private static int stage(String qualifier) {
    return qualifier == null ? 2 : qualifier.equals("beta") ? 1 : 0;
  }

  private static void putIfAny(Map<String, Object> entry, String key, List<?> values) {
    if (!values.isEmpty()) {
      entry.put(key, values);
    }
  }

  /** The served versions of a stored CustomResourceDefinition. */
  static List<ServedResource> fromCrd(Map<String, Object> crd) {
    Map<String, Object> spec = PlainValues.map(crd.get("spec"));
    Map<String, Object> names = PlainValues.map(spec.get("names"));
    String group = String.valueOf(spec.get("group"));
    String kind = String.valueOf(names.get("kind"));
    String plural = String.valueOf(names.get("plural"));
    List<String> shortNames =
        PlainValues.list(names.get("shortNames")).stream().map(String::valueOf).toList();
    List<String> categories =
        PlainValues.list(names.get("categories")).stream().map(String::valueOf).toList();
    boolean namespaced = !"Cluster".equals(spec.get("scope"));
    List<ServedResource> served = new ArrayList<>();
    for (Object item : PlainValues.list(spec.get("versions"))) {
      Map<String, Object> version = PlainValues.map(item);
      if (Boolean.FALSE.equals(version.get("served"))) {
        continue;
      }
      String name = String.valueOf(version.get("name"));
      Map<String, Object> subresources = PlainValues.map(version.get("subresources"));
      ServedResource resource =
          new ServedResource(
              group,
              name,
              kind,
              plural,
              namespaced,
              ServedResource.STORED,
              shortNames,
              categories,
              List.of());
      if (subresources.containsKey("status")) {
        resource = resource.withSubresource(ServedResource.status(resource));
      }
      if (subresources.containsKey("scale")) {
        resource = resource.withSubresource(ServedResource.scale());
      }
      served.add(resource);
    }
    return served;
  }
}
