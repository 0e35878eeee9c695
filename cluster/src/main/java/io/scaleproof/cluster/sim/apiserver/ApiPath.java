package io.scaleproof.cluster.sim.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A resource request's path, read as kube-apiserver routes it: {@code /api/v1/...} for the core
 * group, {@code /apis/GROUP/VERSION/...} for the others, then {@code namespaces/NS/} for a
 * namespaced resource, the plural, the name and a subresource.
 *
 * @param namespace null for a cluster-wide request
 * @param name null for a collection
 * @param subresource null for the object itself
 */
record ApiPath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  /** The path parsed, or empty when it names no resource (discovery, {@code /version}, …). */
  static Optional<ApiPath> parse(String rawPath) {
    int question = rawPath.indexOf('?');
    String path = question < 0 ? rawPath : rawPath.substring(0, question);
    Map<String, String> query = query(question < 0 ? null : rawPath.substring(question + 1));
    String[] parts = path.replaceAll("/+$", "").split("/");
    int index;
    String group;
    String version;
    if (parts.length >= 3 && parts[1].equals("api")) {
      group = "";
      version = parts[2];
      index = 3;
    } else if (parts.length >= 4 && parts[1].equals("apis")) {
      group = parts[2];
      version = parts[3];
      index = 4;
    } else {
      return Optional.empty();
    }
    String namespace = null;
    if (parts.length > index + 2 && parts[index].equals("namespaces")) {
      namespace = parts[index + 1];
      index += 2;
    }
    if (parts.length <= index) {
      return Optional.empty();
    }
    String plural = parts[index];
    String name = parts.length > index + 1 ? parts[index + 1] : null;
    String subresource = parts.length > index + 2 ? parts[index + 2] : null;
    return Optional.of(new ApiPath(group, version, namespace, plural, name, subresource, query));
  }

  boolean collection() {
    return name == null;
  }

  boolean watch() {
    return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
  }

  /** The path of the collection this request reads, without its query. */
  String collectionPath() {
    String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
  }

  /** This request's path with {@code parameter} taken out of the query. */
  String without(String parameter) {
    StringBuilder path = new StringBuilder(collectionPath());
    if (name != null) {
      path.append('/').append(name);
      if (subresource != null) {
        path.append('/').append(subresource);
      }
    }
    String separator = "?";
    for (Map.Entry<String, String> entry : query.entrySet()) {
      if (entry.getKey().equals(parameter)) {
        continue;
      }
      path.append(separator)
          .append(entry.getKey())
          .append('=')
          .append(java.net.URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
      separator = "&";
    }
    return path.toString();
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        query.put(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return query;
  }
}
