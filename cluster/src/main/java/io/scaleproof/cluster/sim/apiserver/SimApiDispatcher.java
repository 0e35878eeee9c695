package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.ApiResponses.JSON;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.json;
import static io.scaleproof.cluster.sim.apiserver.ApiResponses.status;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.scaleproof.cluster.sim.operator.InstrumentationWebhook;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock server's CRUD dispatcher, plus what a cluster needs that the mock lacks: the {@code
 * scale} subresource of workloads (served as an {@code autoscaling/v1 Scale}, as kubectl scale, the
 * HPA and KEDA use it), the {@code pods/log} and {@code pods/portforward} subresources, {@code
 * /version}, and access reviews answered as an API server without authorization answers them.
 *
 * <p>This class routes a request to the part that answers it: {@link DiscoveryEndpoints}, {@link
 * ResourceReads} (reads, lists and Tables), {@link Admission} (creates), {@link Patches}, {@link
 * ScaleSubresource} and {@link PodSubresources}; what none of them answers, the mock answers.
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

  /** Held by every write, so that a patch's read and write happen with no write between. */
  private final ReentrantLock writes = new ReentrantLock();

  private final String version;

  /** Runs watch close callbacks off the event loop; see {@link OffLoopWatchClose}. */
  private final ExecutorService watchCloser = daemonThreads("sim-watch-close");

  /** Dials pods and copies their bytes for port-forward streams, off the event loop. */
  private final ExecutorService portForwards = daemonThreads("sim-port-forward");

  private final DiscoveryEndpoints discovery = new DiscoveryEndpoints(this);
  private final ResourceReads reads = new ResourceReads(this, discovery);
  private final Patches patches = new Patches(this, discovery, writes);
  private final Admission admission = new Admission(new InstrumentationWebhook(this::read));
  private final ScaleSubresource scale = new ScaleSubresource(this);
  private final PodSubresources pods;

  SimApiDispatcher(PodLogSource logs, String kubernetesVersion) {
    super(ResourceTypes.all());
    this.version = kubernetesVersion;
    this.pods = new PodSubresources(this, logs, portForwards);
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

  /** The mock's own answer to {@code request}, without the routes this dispatcher adds. */
  MockResponse crud(RecordedRequest request) {
    return super.dispatch(request);
  }

  /** The JSON stored at an API path, read in-process (never through a request to ourselves). */
  Optional<String> read(String path) {
    MockResponse response = handleGet(path);
    return response.code() == 200 ? Optional.of(response.getBody().readUtf8()) : Optional.empty();
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
      Optional<MockResponse> document = discovery.answer(request);
      if (document.isPresent()) {
        return document.get();
      }
      Optional<ApiPath> resource = ApiPath.parse(path);
      if (resource.isPresent() && !resource.get().watch() && resource.get().subresource() == null) {
        return reads.read(request, resource.get());
      }
    }
    Matcher scaled = SCALE.matcher(path);
    if (scaled.matches()) {
      return scale.answer(request, scaled.group(1));
    }
    Matcher log = LOG.matcher(path);
    if (log.matches() && "GET".equals(request.getMethod())) {
      return pods.log(log.group(1), log.group(2), ApiPath.query(log.group(3)));
    }
    Matcher portForward = PORT_FORWARD.matcher(path);
    if (portForward.matches()) {
      return pods.portForward(
          portForward.group(1), portForward.group(2), ApiPath.query(portForward.group(3)));
    }
    if ("POST".equals(request.getMethod()) && POD_COLLECTION.matcher(path).matches()) {
      return super.dispatch(admission.pod(request));
    }
    if ("POST".equals(request.getMethod()) && path.matches("^/api/v1/namespaces(?:\\?.*)?$")) {
      return super.dispatch(admission.namespace(request));
    }
    if ("PATCH".equals(request.getMethod())
        && contentType.startsWith("application/strategic-merge-patch+json")) {
      return patches.patch(request, true);
    }
    if ("PATCH".equals(request.getMethod())
        && contentType.startsWith("application/merge-patch+json")) {
      return patches.patch(request, false);
    }
    return super.dispatch(request);
  }

  /**
   * A SelfSubjectAccessReview, answered as an API server in AlwaysAllow mode answers it: the spec
   * echoed, allowed. Like a real API server, nothing is stored.
   */
  private static MockResponse allowed(RecordedRequest request) {
    // kubectl auth can-i sends protobuf, which is not read here; the answer needs none of it.
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    SelfSubjectAccessReview review =
        contentType.startsWith("application/vnd.kubernetes.protobuf")
            ? new SelfSubjectAccessReview()
            : JSON.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
    review.setStatus(
        new SubjectAccessReviewStatusBuilder().withAllowed(true).withReason(ALWAYS_ALLOW).build());
    return json(201, review);
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

  /** A cached pool of daemon threads named {@code name}, for work kept off the event loop. */
  private static ExecutorService daemonThreads(String name) {
    return Executors.newCachedThreadPool(
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
