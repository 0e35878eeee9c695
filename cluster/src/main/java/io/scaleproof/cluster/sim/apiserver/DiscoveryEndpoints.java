package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.ApiResponses.JSON;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.json;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.scaleproof.cluster.PlainValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server serves now, and discovery's documents of it: the built-in catalogue ({@link
 * ResourceTypes}) and the CustomResourceDefinitions stored, read at each request so that a CRD
 * applied is served at once.
 */
final class DiscoveryEndpoints {
  private final SimApiDispatcher store;

  DiscoveryEndpoints(SimApiDispatcher store) {
    this.store = store;
  }

  /**
   * Discovery's documents, when {@code request} asks for one: {@code /api}, {@code /apis}, {@code
   * /apis/GROUP} and each group-version; the aggregated form of {@code /api} and {@code /apis} when
   * the Accept header names it first, as client-go does.
   */
  Optional<MockResponse> answer(RecordedRequest request) {
    String path = request.getPath();
    int question = path.indexOf('?');
    String[] parts =
        (question < 0 ? path : path.substring(0, question)).replaceAll("/+$", "").split("/");
    if (parts.length < 2 || !(parts[1].equals("api") || parts[1].equals("apis"))) {
      return Optional.empty();
    }
    boolean legacy = parts[1].equals("api");
    Discovery discovery = now();
    if (parts.length == 2) {
      String accept = Optional.ofNullable(request.getHeader("Accept")).orElse("");
      if (accept.contains("as=APIGroupDiscoveryList")) {
        return Optional.of(
            new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", Discovery.AGGREGATED_V2)
                .setBody(JSON.asJson(discovery.aggregated(legacy))));
      }
      return Optional.of(json(200, legacy ? discovery.apiVersions() : discovery.apiGroupList()));
    }
    if (legacy && parts.length == 3) {
      return Optional.of(
          discovery
              .resourceList("", parts[2])
              .map(list -> json(200, list))
              .orElseGet(ApiResponses::notFound));
    }
    if (!legacy && parts.length == 3) {
      return Optional.of(
          discovery
              .apiGroup(parts[2])
              .map(group -> json(200, group))
              .orElseGet(ApiResponses::notFound));
    }
    if (!legacy && parts.length == 4) {
      return Optional.of(
          discovery
              .resourceList(parts[2], parts[3])
              .map(list -> json(200, list))
              .orElseGet(ApiResponses::notFound));
    }
    return Optional.empty();
  }

  /** What is served now: the built-in catalogue and the CustomResourceDefinitions stored. */
  Discovery now() {
    MockResponse crds = store.handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    List<Map<String, Object>> stored = new ArrayList<>();
    if (crds.code() == 200) {
      Map<String, Object> list =
          PlainValues.map(JSON.unmarshal(crds.getBody().readUtf8(), Map.class));
      PlainValues.list(list.get("items")).forEach(item -> stored.add(PlainValues.map(item)));
    }
    return Discovery.of(stored);
  }

  /** The resource type a path names: the built-in catalogue first, then the stored CRDs. */
  Optional<ServedResource> served(ApiPath resource) {
    Optional<ServedResource> builtIn =
        ResourceTypes.find(resource.group(), resource.version(), resource.plural());
    return builtIn.isPresent()
        ? builtIn
        : now().find(resource.group(), resource.version(), resource.plural());
  }
}
