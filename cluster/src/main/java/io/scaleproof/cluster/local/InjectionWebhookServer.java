package io.scaleproof.cluster.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.ClientSideApply;
import io.scaleproof.cluster.sim.operator.InstrumentationWebhook;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The OpenTelemetry Operator's pod webhook on the local backend, until the real operator runs
 * there: the embedded cluster's {@link InstrumentationWebhook} (the operator's injection, ported
 * with its upstream cases) served as a real mutating admission webhook over HTTPS on the run's
 * address, registered with the real API server as the operator registers its own ({@code
 * mpod.kb.io}: pods on CREATE, failure policy Ignore). The API server sends each new pod here and
 * applies the JSON patch that turns it into the injected pod.
 */
final class InjectionWebhookServer implements AutoCloseable {
  static final int PORT = 9446;
  private static final String PATH = "/mutate-v1-pod";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final HttpsServer server;

  private InjectionWebhookServer(HttpsServer server) {
    this.server = server;
  }

  /** Serves the webhook on {@code address} and registers it with the API server. */
  static InjectionWebhookServer start(
      KubernetesClient client, LocalPki pki, String address, ExecutorService executor)
      throws IOException {
    LocalPki.Pair serving = pki.serving("operator-webhook", List.of(address), List.of());
    HttpsServer server = HttpsServer.create(new InetSocketAddress(address, PORT), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.serving(serving)));
    InstrumentationWebhook webhook = new InstrumentationWebhook(path -> read(client, path));
    server.createContext(PATH, exchange -> review(exchange, webhook));
    server.setExecutor(executor);
    server.start();
    InjectionWebhookServer started = new InjectionWebhookServer(server);
    register(client, pki, "https://" + address + ":" + PORT + PATH);
    return started;
  }

  private static Optional<String> read(KubernetesClient client, String path) {
    try {
      String url = client.getMasterUrl().toString().replaceAll("/$", "") + path;
      return Optional.ofNullable(client.raw(url));
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  /** One AdmissionReview: the pod injected, answered as a JSON patch of its spec and metadata. */
  private static void review(HttpExchange exchange, InstrumentationWebhook webhook)
      throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      AdmissionReview review =
          JSON.unmarshal(
              new String(in.readAllBytes(), StandardCharsets.UTF_8), AdmissionReview.class);
      Pod pod = JSON.convertValue(review.getRequest().getObject(), Pod.class);
      if (pod.getMetadata().getNamespace() == null) {
        pod.getMetadata().setNamespace(review.getRequest().getNamespace());
      }
      Pod injected = webhook.mutate(pod);
      List<Map<String, Object>> patch = new ArrayList<>();
      patch.add(operation("/spec", injected.getSpec()));
      if (injected.getMetadata().getAnnotations() != null) {
        patch.add(operation("/metadata/annotations", injected.getMetadata().getAnnotations()));
      }
      if (injected.getMetadata().getLabels() != null) {
        patch.add(operation("/metadata/labels", injected.getMetadata().getLabels()));
      }
      AdmissionReview answer =
          new AdmissionReviewBuilder()
              .withApiVersion("admission.k8s.io/v1")
              .withKind("AdmissionReview")
              .withResponse(
                  new AdmissionResponseBuilder()
                      .withUid(review.getRequest().getUid())
                      .withAllowed(true)
                      .withPatchType("JSONPatch")
                      .withPatch(
                          Base64.getEncoder()
                              .encodeToString(JSON.asJson(patch).getBytes(StandardCharsets.UTF_8)))
                      .build())
              .build();
      byte[] body = JSON.asJson(answer).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** {@code add} replaces a member that exists and adds one that does not (RFC 6902). */
  private static Map<String, Object> operation(String path, Object value) {
    Map<String, Object> operation = new LinkedHashMap<>();
    operation.put("op", "add");
    operation.put("path", path);
    operation.put("value", value);
    return operation;
  }

  private static void register(KubernetesClient client, LocalPki pki, String url)
      throws IOException {
    ClientSideApply.apply(
        client,
        new MutatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName("opentelemetry-operator-mutation")
            .endMetadata()
            .addNewWebhook()
            .withName("mpod.kb.io")
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withFailurePolicy("Ignore")
            .withTimeoutSeconds(10)
            .withNewClientConfig()
            .withUrl(url)
            .withCaBundle(
                Base64.getEncoder().encodeToString(Files.readAllBytes(pki.caCertificate())))
            .endClientConfig()
            .addNewRule()
            .withApiGroups("")
            .withApiVersions("v1")
            .withOperations("CREATE")
            .withResources("pods")
            .endRule()
            .endWebhook()
            .build());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
