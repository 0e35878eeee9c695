package io.scaleproof.cluster.sim.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.operator.InstrumentationWebhook;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The mock server's CRUD dispatcher, plus what a cluster needs that the mock lacks: the {@code
 * scale} subresource of workloads (served as an {@code autoscaling/v1 Scale}, as kubectl scale, the
 * HPA and KEDA use it), the {@code pods/log} and {@code pods/portforward} subresources, {@code
 * /version}, and access reviews answered as an API server without authorization answers them.
 *
 * <p>Server-side apply is not supported by the mock; the cluster applies manifests client-side
 * (create, then JSON merge patch), see {@code ClientSideApply}.
 */
final class SimApiDispatcher extends KubernetesCrudDispatcher {
  private static final Pattern SCALE =
      Pattern.compile(
          "^(/apis/apps/v1/namespaces/[^/]+/(?:deployments|replicasets|statefulsets)/[^/?]+)"
              + "/scale(?:\\?.*)?$");
  private static final Pattern POD_COLLECTION =
      Pattern.compile("^/api/v1/namespaces/[^/]+/pods(?:\\?.*)?$");
  private static final Pattern LOG =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?(.*))?$");
  private static final Pattern PORT_FORWARD =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/portforward(?:\\?(.*))?$");
  private static final Pattern SELF_SUBJECT_ACCESS_REVIEWS =
      Pattern.compile("^/apis/authorization\\.k8s\\.io/v1/selfsubjectaccessreviews(?:\\?.*)?$");
  static final String ALWAYS_ALLOW = "AlwaysAllow: the embedded cluster has no authorization";

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /** Held by every write, so that a patch's read and write happen with no write between. */
  private final java.util.concurrent.locks.ReentrantLock writes =
      new java.util.concurrent.locks.ReentrantLock();

  private final PodLogSource logs;
  private final InstrumentationWebhook webhook = new InstrumentationWebhook(this::read);
  private final String version;

  /** Runs watch close callbacks off the event loop; see {@link OffLoopWatchClose}. */
  private final ExecutorService watchCloser =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "sim-watch-close");
            thread.setDaemon(true);
            return thread;
          });

  /** Dials pods and copies their bytes for port-forward streams, off the event loop. */
  private final ExecutorService portForwards =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "sim-port-forward");
            thread.setDaemon(true);
            return thread;
          });

  SimApiDispatcher(PodLogSource logs, String kubernetesVersion) {
    super(ResourceTypes.all());
    this.logs = logs;
    this.version = kubernetesVersion;
  }

  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    WebSocketListener listener = response.getWebSocketListener();
    return listener == null
        ? response
        : response.withWebSocketUpgrade(new OffLoopWatchClose(listener, watchCloser));
  }

  /** Lets pending watch closes finish, then ends their threads and the port-forwards'. */
  @Override
  public void shutdown() {
    super.shutdown();
    watchCloser.shutdown();
    portForwards.shutdownNow();
  }

  /**
   * Answers {@code request}; a JSON body always says so, for client-go's typed clients, which ask
   * for protobuf first and read a body without a content type as protobuf.
   */
  @Override
  public MockResponse dispatch(RecordedRequest request) {
    boolean write = !"GET".equals(request.getMethod());
    if (write) {
      writes.lock();
    }
    MockResponse response;
    try {
      response = route(request);
    } finally {
      if (write) {
        writes.unlock();
      }
    }
    if (response != null
        && response.getWebSocketListener() == null
        && response.header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  private MockResponse route(RecordedRequest request) {
    String path = request.getPath();
    if ("GET".equals(request.getMethod()) && path.startsWith("/version")) {
      return json(200, versionInfo());
    }
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    if ("POST".equals(request.getMethod()) && SELF_SUBJECT_ACCESS_REVIEWS.matcher(path).matches()) {
      return allowed(request);
    }
    if (List.of("POST", "PUT", "PATCH").contains(request.getMethod())
        && (contentType.startsWith("application/vnd.kubernetes.protobuf")
            || contentType.startsWith("application/cbor"))) {
      // Refused at once, never left hanging: kubectl's generators (create namespace, create
      // configmap, run, expose) send protobuf, which this server does not read.
      return status(
          415,
          "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include:"
              + " application/json, application/yaml (the embedded cluster reads no protobuf:"
              + " write the object to a file and use kubectl create -f or kubectl apply -f)");
    }
    if (path.startsWith("/openapi/v3")) {
      // No OpenAPI schemas: kubectl then validates nothing on the client and computes its patches
      // from its own copy of the types, which carry the merge keys (schemas without them would
      // make it send whole lists). The v2 document is empty, as a protobuf message may be.
      return json(200, Map.of("paths", Map.of()));
    }
    if (path.startsWith("/openapi/v2")) {
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
          .setBody("");
    }
    if ("GET".equals(request.getMethod())
        && ApiPath.parse(path)
            .map(p -> "true".equals(p.query().get("sendInitialEvents")))
            .orElse(false)) {
      // A server without the WatchList feature answers so; client-go then lists and watches.
      return status(
          422,
          "Invalid",
          "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the"
              + " WatchList feature gate is enabled");
    }
    if ("GET".equals(request.getMethod())) {
      Optional<MockResponse> discovery = discovery(request);
      if (discovery.isPresent()) {
        return discovery.get();
      }
      Optional<ApiPath> resource = ApiPath.parse(path);
      if (resource.isPresent() && !resource.get().watch() && resource.get().subresource() == null) {
        return read(request, resource.get());
      }
    }
    Matcher scale = SCALE.matcher(path);
    if (scale.matches()) {
      return handleScale(request, scale.group(1));
    }
    Matcher log = LOG.matcher(path);
    if (log.matches() && "GET".equals(request.getMethod())) {
      return handleLog(log.group(1), log.group(2), query(log.group(3)));
    }
    Matcher portForward = PORT_FORWARD.matcher(path);
    if (portForward.matches()) {
      return handlePortForward(portForward.group(1), portForward.group(2), portForward.group(3));
    }
    if ("POST".equals(request.getMethod()) && POD_COLLECTION.matcher(path).matches()) {
      return super.dispatch(admitPod(request));
    }
    if ("POST".equals(request.getMethod()) && path.matches("^/api/v1/namespaces(?:\\?.*)?$")) {
      return super.dispatch(admitNamespace(request));
    }
    if ("PATCH".equals(request.getMethod())
        && contentType.startsWith("application/strategic-merge-patch+json")) {
      return patch(request, true);
    }
    if ("PATCH".equals(request.getMethod())
        && contentType.startsWith("application/merge-patch+json")) {
      return patch(request, false);
    }
    return super.dispatch(request);
  }

  /**
   * Admission of a new pod: the OpenTelemetry Operator's mutating webhook, then graceful deletion.
   *
   * <p>The mock deletes an object at once unless it has a finalizer; a real API server gives a pod
   * its grace period and lets the kubelet finish the deletion. Every new pod therefore carries
   * {@link ApiServer#GRACEFUL_DELETION_FINALIZER}, which the kubelet removes when the pod's
   * processes are gone, so that a deleted pod shows as terminating until then.
   */
  private RecordedRequest admitPod(RecordedRequest request) {
    io.fabric8.kubernetes.api.model.Pod pod =
        serialization.unmarshal(request.getUtf8Body(), io.fabric8.kubernetes.api.model.Pod.class);
    if (pod == null || pod.getMetadata() == null) {
      return request;
    }
    if (pod.getMetadata().getNamespace() == null) {
      pod.getMetadata().setNamespace(namespaceOf(request.getPath()));
    }
    pod = webhook.mutate(pod);
    java.util.List<String> finalizers =
        new java.util.ArrayList<>(pod.getMetadata().getFinalizers());
    if (!finalizers.contains(ApiServer.GRACEFUL_DELETION_FINALIZER)) {
      finalizers.add(ApiServer.GRACEFUL_DELETION_FINALIZER);
    }
    pod.getMetadata().setFinalizers(finalizers);
    return new RecordedRequest(
        "HTTP/1.1",
        HttpMethod.POST,
        request.getPath(),
        request.getHeaders(),
        new Buffer(serialization.asJson(pod).getBytes(StandardCharsets.UTF_8)));
  }

  /** A new namespace is {@code Active}, as the namespace registry makes it on create. */
  @SuppressWarnings("unchecked")
  private RecordedRequest admitNamespace(RecordedRequest request) {
    Map<String, Object> namespace;
    try {
      namespace = serialization.unmarshal(request.getUtf8Body(), Map.class);
    } catch (RuntimeException e) {
      return request;
    }
    if (namespace == null) {
      return request;
    }
    Map<String, Object> status = new LinkedHashMap<>(PlainValues.map(namespace.get("status")));
    status.put("phase", "Active");
    namespace.put("status", status);
    return new RecordedRequest(
        "HTTP/1.1",
        HttpMethod.POST,
        request.getPath(),
        request.getHeaders(),
        new Buffer(serialization.asJson(namespace).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A SelfSubjectAccessReview, answered as an API server in AlwaysAllow mode answers it: the spec
   * echoed, allowed. Like a real API server, nothing is stored.
   */
  private MockResponse allowed(RecordedRequest request) {
    // kubectl auth can-i sends protobuf, which is not read here; the answer needs none of it.
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    SelfSubjectAccessReview review =
        contentType.startsWith("application/vnd.kubernetes.protobuf")
            ? new SelfSubjectAccessReview()
            : serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
    review.setStatus(
        new SubjectAccessReviewStatusBuilder().withAllowed(true).withReason(ALWAYS_ALLOW).build());
    return json(201, review);
  }

  /**
   * Discovery's documents, when {@code request} asks for one: {@code /api}, {@code /apis}, {@code
   * /apis/GROUP} and each group-version; the aggregated form of {@code /api} and {@code /apis} when
   * the Accept header names it first, as client-go does.
   */
  private Optional<MockResponse> discovery(RecordedRequest request) {
    String path = request.getPath();
    int question = path.indexOf('?');
    String[] parts =
        (question < 0 ? path : path.substring(0, question)).replaceAll("/+$", "").split("/");
    if (parts.length < 2 || !(parts[1].equals("api") || parts[1].equals("apis"))) {
      return Optional.empty();
    }
    boolean legacy = parts[1].equals("api");
    Discovery discovery = discovery();
    if (parts.length == 2) {
      String accept = Optional.ofNullable(request.getHeader("Accept")).orElse("");
      if (accept.contains("as=APIGroupDiscoveryList")) {
        return Optional.of(
            new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", Discovery.AGGREGATED_V2)
                .setBody(serialization.asJson(discovery.aggregated(legacy))));
      }
      return Optional.of(json(200, legacy ? discovery.apiVersions() : discovery.apiGroupList()));
    }
    if (legacy && parts.length == 3) {
      return Optional.of(
          discovery
              .resourceList("", parts[2])
              .map(list -> json(200, list))
              .orElseGet(() -> notFound(path)));
    }
    if (!legacy && parts.length == 3) {
      return Optional.of(
          discovery
              .apiGroup(parts[2])
              .map(group -> json(200, group))
              .orElseGet(() -> notFound(path)));
    }
    if (!legacy && parts.length == 4) {
      return Optional.of(
          discovery
              .resourceList(parts[2], parts[3])
              .map(list -> json(200, list))
              .orElseGet(() -> notFound(path)));
    }
    return Optional.empty();
  }

  /** What is served now: the built-in catalogue and the CustomResourceDefinitions stored. */
  private Discovery discovery() {
    MockResponse crds = handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    java.util.List<Map<String, Object>> stored = new java.util.ArrayList<>();
    if (crds.code() == 200) {
      Map<String, Object> list =
          PlainValues.map(serialization.unmarshal(crds.getBody().readUtf8(), Map.class));
      PlainValues.list(list.get("items")).forEach(item -> stored.add(PlainValues.map(item)));
    }
    return Discovery.of(stored);
  }

  /**
   * A read of an object or a collection, as kube-apiserver answers it: a collection is a typed list
   * ({@code PodList}, {@code apps/v1 DeploymentList}) filtered by its {@code fieldSelector}; either
   * is a {@code Table} when the Accept header asks for one, as {@code kubectl get} does. The
   * controllers' own reads take the short way: the mock's answer with its list typed.
   */
  private MockResponse read(RecordedRequest request, ApiPath resource) {
    boolean table = Tables.wanted(request.getHeader("Accept"));
    String selectorText = resource.query().getOrDefault("fieldSelector", "");
    boolean filtered = !FieldSelector.mockHandles(selectorText);
    if (!table && !filtered) {
      MockResponse response = super.dispatch(request);
      if (response.code() == 404 && !resource.collection()) {
        return notFound(resource);
      }
      if (response.code() == 200 && resource.collection()) {
        served(resource).ifPresent(served -> typeList(response, served));
      }
      return response;
    }
    Optional<ServedResource> served = served(resource);
    if (served.isEmpty()) {
      return super.dispatch(request);
    }
    if (!resource.collection()) {
      MockResponse object = super.dispatch(request);
      if (object.code() != 200) {
        return object.code() == 404 ? notFound(resource) : object;
      }
      Map<String, Object> item =
          PlainValues.map(serialization.unmarshal(object.getBody().readUtf8(), Map.class));
      return table(served.get(), java.util.List.of(item), Map.of(), resource.query());
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
    MockResponse listed = handleGet(resource.without("fieldSelector"));
    if (listed.code() != 200) {
      return listed;
    }
    Map<String, Object> list =
        PlainValues.map(serialization.unmarshal(listed.getBody().readUtf8(), Map.class));
    java.util.List<Map<String, Object>> items = new java.util.ArrayList<>();
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
      java.util.List<Map<String, Object>> items,
      Map<String, Object> listMetadata,
      Map<String, String> query) {
    java.util.List<PrinterColumn> columns =
        ResourceTypes.builtIn(served.group())
            ? null
            : discovery().printerColumns(served.group(), served.version(), served.plural());
    try {
      return json(
          200, Tables.of(served, columns, items, listMetadata, query, java.time.Instant.now()));
    } catch (IllegalArgumentException e) {
      return status(400, "BadRequest", e.getMessage());
    }
  }

  /** The resource type a path names: the built-in catalogue first, then the stored CRDs. */
  private Optional<ServedResource> served(ApiPath resource) {
    Optional<ServedResource> builtIn =
        ResourceTypes.find(resource.group(), resource.version(), resource.plural());
    return builtIn.isPresent()
        ? builtIn
        : discovery().find(resource.group(), resource.version(), resource.plural());
  }

  /**
   * A merge patch (RFC 7386) or a strategic merge patch, applied as kube-apiserver applies it:
   * read, patched, written back in one step among the writes (see {@link StrategicMergePatch}). The
   * mock's own merge patch would merge lists element by element and keep nulls. A strategic merge
   * patch of a custom resource is refused (415), as a real server refuses it: kubectl sends those a
   * merge patch.
   */
  @SuppressWarnings("unchecked")
  private MockResponse patch(RecordedRequest request, boolean strategic) {
    Optional<ApiPath> resource = ApiPath.parse(request.getPath());
    if (resource.isEmpty() || resource.get().collection()) {
      return super.dispatch(request);
    }
    ApiPath target = resource.get();
    Optional<ServedResource> served = served(target);
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
      patch = serialization.unmarshal(request.getUtf8Body(), Map.class);
    } catch (RuntimeException e) {
      return status(400, "BadRequest", "the patch is not a JSON object: " + e.getMessage());
    }
    String objectPath = target.collectionPath() + "/" + target.name();
    writes.lock();
    try {
      MockResponse current = handleGet(objectPath);
      if (current.code() != 200) {
        return notFound(target);
      }
      Map<String, Object> original =
          serialization.unmarshal(current.getBody().readUtf8(), Map.class);
      Map<String, Object> result;
      try {
        result =
            strategic
                ? StrategicMergePatch.apply(
                    original, patch, StrategicMergePatch.Schema.of(served.get().kind()))
                : (Map<String, Object>) io.scaleproof.cluster.MergePatch.apply(original, patch);
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
      return super.dispatch(
          new RecordedRequest(
              "HTTP/1.1",
              HttpMethod.PUT,
              objectPath + (target.subresource() == null ? "" : "/" + target.subresource()),
              Headers.builder().add("Content-Type", "application/json").build(),
              new Buffer(serialization.asJson(result).getBytes(StandardCharsets.UTF_8))));
    } finally {
      writes.unlock();
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

  private MockResponse notFound(String path) {
    return status(404, "NotFound", "the server could not find the requested resource");
  }

  private MockResponse notFound(ApiPath resource) {
    String what = resource.plural() + (resource.group().isEmpty() ? "" : "." + resource.group());
    return status(404, "NotFound", what + " \"" + resource.name() + "\" not found");
  }

  /** The JSON stored at an API path, read in-process (never through a request to ourselves). */
  private Optional<String> read(String path) {
    MockResponse response = handleGet(path);
    return response.code() == 200 ? Optional.of(response.getBody().readUtf8()) : Optional.empty();
  }

  private static String namespaceOf(String podsPath) {
    return podsPath.split("/")[4];
  }

  private MockResponse handleScale(RecordedRequest request, String objectPath) {
    if (!"GET".equals(request.getMethod())) {
      Scale wanted = serialization.unmarshal(request.getUtf8Body(), Scale.class);
      if (wanted.getSpec() == null || wanted.getSpec().getReplicas() == null) {
        return status(422, "Invalid", "Scale.spec.replicas is required");
      }
      String patch =
          serialization.asJson(Map.of("spec", Map.of("replicas", wanted.getSpec().getReplicas())));
      MockResponse patched =
          handlePatch(
              new RecordedRequest(
                  "HTTP/1.1",
                  HttpMethod.PATCH,
                  objectPath,
                  Headers.builder().add("Content-Type", "application/merge-patch+json").build(),
                  new Buffer(patch.getBytes(StandardCharsets.UTF_8))));
      if (patched.code() >= 300) {
        return patched;
      }
    }
    MockResponse current = handleGet(objectPath);
    if (current.code() != 200) {
      return status(404, "NotFound", objectPath + " not found");
    }
    return json(200, toScale(current.getBody().readUtf8()));
  }

  private Scale toScale(String workloadJson) {
    GenericKubernetesResource workload =
        serialization.unmarshal(workloadJson, GenericKubernetesResource.class);
    Map<String, Object> props = workload.getAdditionalProperties();
    Integer specReplicas = intAt(props, "spec", "replicas");
    Integer statusReplicas = intAt(props, "status", "replicas");
    return new ScaleBuilder()
        .withNewMetadata()
        .withName(workload.getMetadata().getName())
        .withNamespace(workload.getMetadata().getNamespace())
        .withUid(workload.getMetadata().getUid())
        .withResourceVersion(workload.getMetadata().getResourceVersion())
        .withCreationTimestamp(workload.getMetadata().getCreationTimestamp())
        .endMetadata()
        .withNewSpec()
        .withReplicas(specReplicas == null ? 1 : specReplicas)
        .endSpec()
        .withNewStatus()
        .withReplicas(statusReplicas == null ? 0 : statusReplicas)
        .withSelector(selector(props))
        .endStatus()
        .build();
  }

  private static String selector(Map<String, Object> props) {
    if (props.get("spec") instanceof Map<?, ?> spec
        && spec.get("selector") instanceof Map<?, ?> selector
        && selector.get("matchLabels") instanceof Map<?, ?> labels) {
      return labels.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .sorted()
          .collect(Collectors.joining(","));
    }
    return "";
  }

  private static Integer intAt(Map<String, Object> props, String outer, String inner) {
    if (props.get(outer) instanceof Map<?, ?> map && map.get(inner) instanceof Number n) {
      return n.intValue();
    }
    return null;
  }

  private MockResponse handleLog(String namespace, String pod, Map<String, String> query) {
    Optional<String> text =
        logs.read(
            namespace, pod, query.get("container"), Boolean.parseBoolean(query.get("previous")));
    if (text.isEmpty()) {
      return status(404, "NotFound", "no log for pod " + namespace + "/" + pod);
    }
    String body = text.get();
    if (query.containsKey("tailLines")) {
      String[] lines = body.split("\n", -1);
      int tail = Integer.parseInt(query.get("tailLines"));
      int from = Math.max(0, lines.length - 1 - tail);
      body = String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "text/plain")
        .setBody(body);
  }

  /**
   * A port-forward stream to one port of a running pod, over WebSocket as fabric8's {@code
   * portForward} opens it (SPDY is not served); see {@link PodPortForward}. One port per stream, as
   * fabric8 asks.
   */
  private MockResponse handlePortForward(String namespace, String name, String rawQuery) {
    String port = query(rawQuery).getOrDefault("ports", "");
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      return status(400, "BadRequest", "exactly one port is needed, as ?ports=<1-65535>: " + port);
    }
    Optional<io.fabric8.kubernetes.api.model.Pod> pod =
        read("/api/v1/namespaces/" + namespace + "/pods/" + name)
            .map(json -> serialization.unmarshal(json, io.fabric8.kubernetes.api.model.Pod.class));
    if (pod.isEmpty()) {
      return status(404, "NotFound", "pods \"" + name + "\" not found");
    }
    String podIp = pod.get().getStatus() == null ? null : pod.get().getStatus().getPodIP();
    if (podIp == null || podIp.isEmpty()) {
      return status(400, "BadRequest", "pod " + namespace + "/" + name + " is not running");
    }
    return new MockResponse()
        .withWebSocketUpgrade(
            new PodPortForward(
                namespace + "/" + name,
                new InetSocketAddress(podIp, Integer.parseInt(port)),
                portForwards));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        query.put(key, URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private Map<String, String> versionInfo() {
    String[] parts = version.split("\\.");
    return Map.of(
        "major",
        parts[0],
        "minor",
        parts[1],
        "gitVersion",
        "v" + version + "-scaleproof-sim",
        "platform",
        "linux/amd64");
  }

  private MockResponse status(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build();
    return json(code, status);
  }

  private MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(serialization.asJson(body));
  }
}
