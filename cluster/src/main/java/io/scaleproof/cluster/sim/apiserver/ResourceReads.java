package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.ApiResponses.JSON;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.json;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.notFound;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.status;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.scaleproof.cluster.PlainValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read of an object or a collection, as kube-apiserver answers it: a collection is a typed list
 * ({@code PodList}, {@code apps/v1 DeploymentList}) filtered by its {@code fieldSelector}; either
 * is a {@code Table} when the Accept header asks for one, as {@code kubectl get} does. The
 * controllers' own reads take the short way: the mock's answer with its list typed.
 */
final class ResourceReads {
  private final SimApiDispatcher store;
  private final DiscoveryEndpoints discovery;

  ResourceReads(SimApiDispatcher store, DiscoveryEndpoints discovery) {
    this.store = store;
    this.discovery = discovery;
  }

  MockResponse read(RecordedRequest request, ApiPath resource) {
    boolean table = Tables.wanted(request.getHeader("Accept"));
    String selectorText = resource.query().getOrDefault("fieldSelector", "");
    boolean filtered = !FieldSelector.mockHandles(selectorText);
    if (!table && !filtered) {
      MockResponse response = store.crud(request);
      if (response.code() == 404 && !resource.collection()) {
        return notFound(resource);
      }
      if (response.code() == 200 && resource.collection()) {
        discovery.served(resource).ifPresent(served -> typeList(response, served));
      }
      return response;
    }
    Optional<ServedResource> served = discovery.served(resource);
    if (served.isEmpty()) {
      return store.crud(request);
    }
    if (!resource.collection()) {
      MockResponse object = store.crud(request);
      if (object.code() != 200) {
        return object.code() == 404 ? notFound(resource) : object;
      }
      Map<String, Object> item =
          PlainValues.map(JSON.unmarshal(object.getBody().readUtf8(), Map.class));
      return table(served.get(), List.of(item), Map.of(), resource.query());
    }
    FieldSelector selector;
    try {
      selector = FieldSelector.parse(selectorText, served.get().kind());
    } catch (IllegalArgumentException e) {
      return status(
          400,
          "BadRequest",
          "Unable to find \""
              + served.get().groupVersion()
              + ", Resource="
              + resource.plural()
              + "\" that match label selector \""
              + resource.query().getOrDefault("labelSelector", "")
              + "\", field selector \""
              + selectorText
              + "\": "
              + e.getMessage());
    }
    MockResponse listed = store.handleGet(resource.without("fieldSelector"));
    if (listed.code() != 200) {
      return listed;
    }
    Map<String, Object> list =
        PlainValues.map(JSON.unmarshal(listed.getBody().readUtf8(), Map.class));
    List<Map<String, Object>> items = new ArrayList<>();
    for (Object item : PlainValues.list(list.get("items"))) {
      Map<String, Object> object = PlainValues.map(item);
      if (selector.matches(object)) {
        items.add(object);
      }
    }
    if (table) {
      return table(served.get(), items, PlainValues.map(list.get("metadata")), resource.query());
    }
    Map<String, Object> typed = new LinkedHashMap<>();
    typed.put("kind", served.get().kind() + "List");
    typed.put("apiVersion", served.get().groupVersion());
    typed.put("metadata", list.get("metadata"));
    typed.put("items", items);
    return json(200, typed);
  }

  /** The Table of {@code items}: the printers of built-in kinds, a custom kind's CRD columns. */
  private MockResponse table(
      ServedResource served,
      List<Map<String, Object>> items,
      Map<String, Object> listMetadata,
      Map<String, String> query) {
    List<PrinterColumn> columns =
        ResourceTypes.builtIn(served.group())
            ? null
            : discovery.now().printerColumns(served.group(), served.version(), served.plural());
    try {
      return json(200, Tables.of(served, columns, items, listMetadata, query, Instant.now()));
    } catch (IllegalArgumentException e) {
      return status(400, "BadRequest", e.getMessage());
    }
  }

  /** The mock's {@code "kind":"List"} made the typed list, without reading the items. */
  private static void typeList(MockResponse response, ServedResource served) {
    String body = response.getBody().readUtf8();
    String untyped = "{\"apiVersion\":\"v1\",\"kind\":\"List\",";
    if (body.startsWith(untyped)) {
      body =
          "{\"apiVersion\":\""
              + served.groupVersion()
              + "\",\"kind\":\""
              + served.kind()
              + "List\","
              + body.substring(untyped.length());
    }
    response.setBody(body);
  }
}
