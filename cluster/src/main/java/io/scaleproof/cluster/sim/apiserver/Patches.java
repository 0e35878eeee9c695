package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.ApiResponses.JSON;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.notFound;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.status;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.scaleproof.cluster.MergePatch;
import io.scaleproof.cluster.PlainValues;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * A merge patch (RFC 7386) or a strategic merge patch, applied as kube-apiserver applies it: read,
 * patched, written back in one step among the writes (see {@link StrategicMergePatch}). The mock's
 * own merge patch would merge lists element by element and keep nulls. A strategic merge patch of a
 * custom resource is refused (415), as a real server refuses it: kubectl sends those a merge patch.
 */
final class Patches {
  private final SimApiDispatcher store;
  private final DiscoveryEndpoints discovery;
  private final Lock writes;

  /**
   * @param writes held by every write, so that a patch's read and write happen with no write
   *     between
   */
  Patches(SimApiDispatcher store, DiscoveryEndpoints discovery, Lock writes) {
    this.store = store;
    this.discovery = discovery;
    this.writes = writes;
  }

  @SuppressWarnings("unchecked")
  MockResponse patch(RecordedRequest request, boolean strategic) {
    Optional<ApiPath> resource = ApiPath.parse(request.getPath());
    if (resource.isEmpty() || resource.get().collection()) {
      return store.crud(request);
    }
    ApiPath target = resource.get();
    Optional<ServedResource> served = discovery.served(target);
    if (strategic && (served.isEmpty() || !ResourceTypes.builtIn(served.get().group()))) {
      return status(
          415,
          "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include:"
              + " application/json-patch+json, application/merge-patch+json,"
              + " application/apply-patch+yaml");
    }
    Map<String, Object> patch;
    try {
      patch = JSON.unmarshal(request.getUtf8Body(), Map.class);
    } catch (RuntimeException e) {
      return status(400, "BadRequest", "the patch is not a JSON object: " + e.getMessage());
    }
    String objectPath = target.collectionPath() + "/" + target.name();
    writes.lock();
    try {
      MockResponse current = store.handleGet(objectPath);
      if (current.code() != 200) {
        return notFound(target);
      }
      Map<String, Object> original = JSON.unmarshal(current.getBody().readUtf8(), Map.class);
      Map<String, Object> result;
      try {
        result =
            strategic
                ? StrategicMergePatch.apply(
                    original, patch, StrategicMergePatch.Schema.of(served.get().kind()))
                : (Map<String, Object>) MergePatch.apply(original, patch);
      } catch (StrategicMergePatch.Refused e) {
        String reason =
            e.code() == 422 ? "Invalid" : e.code() == 400 ? "BadRequest" : "InternalError";
        return status(e.code(), reason, e.getMessage());
      }
      if (!(PlainValues.map(patch.get("metadata")).get("resourceVersion") instanceof String)) {
        // No precondition unless the patch names a version, as on a real server.
        if (result.get("metadata") instanceof Map<?, ?> metadata) {
          metadata.remove("resourceVersion");
        }
      }
      return store.crud(
          new RecordedRequest(
              "HTTP/1.1",
              HttpMethod.PUT,
              objectPath + (target.subresource() == null ? "" : "/" + target.subresource()),
              Headers.builder().add("Content-Type", "application/json").build(),
              new Buffer(JSON.asJson(result).getBytes(StandardCharsets.UTF_8))));
    } finally {
      writes.unlock();
    }
  }
}
