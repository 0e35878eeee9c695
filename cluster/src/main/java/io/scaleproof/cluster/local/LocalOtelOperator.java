package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.Namespaces;
import io.scaleproof.cluster.provision.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The real OpenTelemetry Operator on the local control plane: its CRDs, its manager role and its
 * admission webhooks from the release's own manifests (cached with the binary), the manager as a
 * local process on the run's address acting as the operator's service account. Its pod webhook
 * injects the agents into the apps' pods, its defaulting webhooks fill in the agent images, and its
 * collector reconciler makes the Collector's Deployment, ConfigMap and Services; the node runs what
 * it wrote (the agent images' {@code cp} from the runtime table).
 *
 * <p>Where the release's kustomization would add a name prefix, a namespace and cert-manager's CA
 * injection, this does the same by hand: names prefixed {@code opentelemetry-operator-}, the
 * account in {@code opentelemetry-operator-system}, and each webhook's service reference turned
 * into the operator's URL with the cluster CA as its bundle.
 */
final class LocalOtelOperator extends LocalComponent {
  static final String NAMESPACE = "opentelemetry-operator-system";
  private static final String PREFIX = "opentelemetry-operator-";
  private static final String ACCOUNT = PREFIX + "controller-manager";
  private static final int METRICS_PORT = 8383;
  private static final int HEALTH_PORT = 8384;
  private static final int WEBHOOK_PORT = 9446;
  // A hang guard: the manager is ready in about a second warm.
  private static final Duration READY = Duration.ofSeconds(60);

  private LocalOtelOperator(Path runDirectory) {
    super(runDirectory);
  }

  /**
   * Installs and starts the operator; returns when its webhooks are registered and it serves them.
   *
   * @throws ComponentFailedException when the manager exits or never becomes ready (everything
   *     started here is stopped first)
   */
  static LocalOtelOperator start(
      LocalControlPlane plane,
      KubernetesClient client,
      Path directory,
      String address,
      Tools tools,
      Map<String, String> proxy) {
    return LocalComponent.installed(
        new LocalOtelOperator(directory),
        c -> {
          c.install(plane, client, directory, address, tools.directory("otel-operator"), proxy);
        });
  }

  private void install(
      LocalControlPlane plane,
      KubernetesClient client,
      Path directory,
      String address,
      Path release,
      Map<String, String> proxy) {
    Path manifests = release.resolve("manifests/config");
    Namespaces.ensure(client, NAMESPACE);
    List<HasMetadata> definitions = new ArrayList<>(Manifests.load(manifests.resolve("crd/bases")));
    definitions.addAll(managerRole(manifests.resolve("rbac/role.yaml")));
    ServerSideApply.applyAndEstablish(client, definitions);

    Path temp = directory.resolve("otel-operator");
    writeServingCertificate(plane.pki(), temp, address);
    Path kubeconfig =
        plane.kubeconfigForServiceAccount(client, "otel-operator", NAMESPACE, ACCOUNT);
    Map<String, String> env = new java.util.HashMap<>(proxy);
    env.putAll(
        Map.of(
            "KUBECONFIG", kubeconfig.toString(),
            // controller-runtime's webhook server reads its certificate from
            // $TMPDIR/k8s-webhook-server/serving-certs when given no directory.
            "TMPDIR", temp.toString(),
            // Read by scaleproof's build of the manager (cluster/tools/otel-operator/prepare.json).
            "OTEL_OPERATOR_WEBHOOK_HOST", address));
    LocalProcess manager =
        programs.launch(
            "opentelemetry-operator",
            release.resolve("opentelemetry-operator"),
            List.of(
                "--metrics-addr=" + address + ":" + METRICS_PORT,
                "--metrics-secure=false",
                "--health-probe-addr=" + address + ":" + HEALTH_PORT,
                "--webhook-port=" + WEBHOOK_PORT,
                "--enable-leader-election=false",
                "--zap-log-level=info"),
            env);
    HealthProbe probe = new HealthProbe(plane.pki().caCertificate());
    // Its /readyz includes the webhook server's own TLS check.
    LocalPrograms.awaitReady(
        manager, READY, () -> probe.ok("http://" + address + ":" + HEALTH_PORT + "/readyz", "ok"));
    registerWebhooks(
        client, manifests.resolve("webhook/manifests.yaml"), address, plane.pki().caCertificate());
  }

  /** The release's manager role, named and bound as its kustomization names and binds it. */
  private static List<HasMetadata> managerRole(Path roleFile) {
    List<HasMetadata> objects = new ArrayList<>();
    for (HasMetadata object : Manifests.load(roleFile)) {
      if (object instanceof ClusterRole role) {
        role.getMetadata().setName(PREFIX + role.getMetadata().getName());
        objects.add(role);
        ClusterRoleBinding binding =
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(role.getMetadata().getName() + "binding")
                .endMetadata()
                .withNewRoleRef(
                    "rbac.authorization.k8s.io", "ClusterRole", role.getMetadata().getName())
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(ACCOUNT)
                .withNamespace(NAMESPACE)
                .endSubject()
                .build();
        objects.add(binding);
      }
    }
    return objects;
  }

  /**
   * The release's webhook configurations, each webhook calling the operator at {@code address} over
   * HTTPS with the cluster CA as its bundle, as cert-manager's CA injection would set it.
   */
  private static void registerWebhooks(
      KubernetesClient client, Path manifests, String address, Path caCertificate) {
    String bundle;
    try {
      bundle = Base64.getEncoder().encodeToString(Files.readAllBytes(caCertificate));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<HasMetadata> configurations = new ArrayList<>();
    for (HasMetadata object : Manifests.load(manifests)) {
      object.getMetadata().setName(PREFIX + object.getMetadata().getName());
      if (object instanceof MutatingWebhookConfiguration mutating) {
        for (MutatingWebhook webhook : mutating.getWebhooks()) {
          webhook.setClientConfig(direct(webhook.getClientConfig(), address, bundle));
        }
      } else if (object instanceof ValidatingWebhookConfiguration validating) {
        for (ValidatingWebhook webhook : validating.getWebhooks()) {
          webhook.setClientConfig(direct(webhook.getClientConfig(), address, bundle));
        }
      }
      configurations.add(object);
    }
    ServerSideApply.applyAndEstablish(client, configurations);
  }

  private static WebhookClientConfig direct(
      WebhookClientConfig service, String address, String bundle) {
    return new WebhookClientConfigBuilder()
        .withUrl("https://" + address + ":" + WEBHOOK_PORT + service.getService().getPath())
        .withCaBundle(bundle)
        .build();
  }

  private static void writeServingCertificate(LocalPki pki, Path temp, String address) {
    Path directory = temp.resolve("k8s-webhook-server/serving-certs");
    LocalPki.Pair pair =
        pki.serving(
            "otel-operator-webhook",
            List.of(address),
            List.of(PREFIX + "webhook-service." + NAMESPACE + ".svc"));
    try {
      Files.createDirectories(directory);
      Files.copy(
          pair.certificate(), directory.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(pair.key(), directory.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the operator's webhook certificate into " + directory, e);
    }
  }
}
