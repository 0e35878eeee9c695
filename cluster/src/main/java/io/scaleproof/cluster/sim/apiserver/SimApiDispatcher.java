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
import io.scaleproof.cluster.sim.operator.InstrumentationWebhook;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    if ("GET".equals(request.getMethod()) && path.startsWith("/version")) {
      return json(200, versionInfo());
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
    if ("POST".equals(request.getMethod()) && SELF_SUBJECT_ACCESS_REVIEWS.matcher(path).matches()) {
      return allowed(request);
    }
    if ("POST".equals(request.getMethod()) && POD_COLLECTION.matcher(path).matches()) {
      return super.dispatch(admitPod(request));
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

  /**
   * A SelfSubjectAccessReview, answered as an API server in AlwaysAllow mode answers it: the spec
   * echoed, allowed. Like a real API server, nothing is stored.
   */
  private MockResponse allowed(RecordedRequest request) {
    SelfSubjectAccessReview review =
        serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
    review.setStatus(
        new SubjectAccessReviewStatusBuilder().withAllowed(true).withReason(ALWAYS_ALLOW).build());
    return json(201, review);
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
