package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Namespaces;
import io.scaleproof.cluster.provision.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Prometheus Adapter on the local control plane, in KEDA's place, for a pipeline whose
 * HPAs scale on external metrics the Adapter serves: its RBAC from the release's manifests, the
 * read of external metrics granted to the HPA controller (as the Adapter's Helm chart grants it),
 * the program on the run's address with the team's rules, and its API registered as the {@code
 * v1beta1.external.metrics.k8s.io} APIService, so that the real HPA controller reads the metrics
 * through the aggregation layer. It acts as the {@code monitoring:prometheus-adapter} service
 * account.
 */
final class LocalPrometheusAdapter extends LocalComponent {
  static final String NAMESPACE = "monitoring";
  private static final String ACCOUNT = "prometheus-adapter";
  private static final String SERVICE = "prometheus-adapter";
  // The release's 6443 is the API server's here, on the same address.
  private static final int PORT = 6444;
  private static final String EXTERNAL_METRICS_READER = "prometheus-adapter-external-metrics";
  // A hang guard: ready in a second or two warm, once its first discovery has listed the series.
  private static final Duration READY = Duration.ofSeconds(60);

  /** The release manifests applied: the account, what it reads, and the delegated auth. */
  private static final List<String> MANIFESTS =
      List.of(
          "deploy/manifests/service-account.yaml",
          "deploy/manifests/cluster-role.yaml",
          "deploy/manifests/cluster-role-binding.yaml",
          "deploy/manifests/cluster-role-binding-delegator.yaml",
          "deploy/manifests/role-binding-auth-reader.yaml");

  private LocalPrometheusAdapter(Path runDirectory) {
    super(runDirectory);
  }

  /**
   * Installs and starts the Adapter; returns when its external metrics API is Available. {@code
   * proxy} is the environment that sends its requests for cluster names (the Prometheus URL) to the
   * node's {@link ClusterNameProxy}.
   *
   * @throws ComponentFailedException when the program does not start (nothing is left running)
   */
  static LocalPrometheusAdapter start(
      LocalControlPlane plane,
      KubernetesClient client,
      Path directory,
      String address,
      Tools tools,
      PrometheusAdapterSettings settings,
      Map<String, String> proxy) {
    return LocalComponent.installed(
        new LocalPrometheusAdapter(directory),
        c ->
            c.install(
                plane,
                client,
                directory,
                address,
                tools.directory("prometheus-adapter"),
                settings,
                proxy));
  }

  private void install(
      LocalControlPlane plane,
      KubernetesClient client,
      Path directory,
      String address,
      Path release,
      PrometheusAdapterSettings settings,
      Map<String, String> proxy) {
    Namespaces.ensure(client, NAMESPACE);
    List<HasMetadata> objects =
        new ArrayList<>(releaseManifests(release.resolve("manifests"), MANIFESTS));
    objects.addAll(externalMetricsReader());
    ServerSideApply.applyAndEstablish(client, objects);

    Path kubeconfig =
        plane.kubeconfigWithAccountCertificate("prometheus-adapter", NAMESPACE, ACCOUNT);
    LocalPki.Pair serving =
        plane
            .pki()
            .servingAndClient(
                "prometheus-adapter",
                SERVICE + "." + NAMESPACE + ".svc",
                List.of(address),
                List.of(
                    "localhost",
                    SERVICE,
                    SERVICE + "." + NAMESPACE,
                    SERVICE + "." + NAMESPACE + ".svc",
                    SERVICE + "." + NAMESPACE + ".svc.cluster.local"));
    LocalProcess adapter =
        programs.launch(
            "prometheus-adapter",
            release.resolve("adapter"),
            List.of(
                "--lister-kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=" + address,
                "--secure-port=" + PORT,
                "--tls-cert-file=" + serving.certificate(),
                "--tls-private-key-file=" + serving.key(),
                "--cert-dir=" + directory.resolve("prometheus-adapter-certs"),
                "--config=" + settings.config(),
                "--prometheus-url=" + settings.prometheusUrl(),
                "--metrics-relist-interval=" + settings.relistInterval().toSeconds() + "s"),
            proxy);
    HealthProbe probe = new HealthProbe(plane.pki().caCertificate());
    LocalPrograms.awaitReady(
        adapter, READY, () -> probe.ok("https://" + address + ":" + PORT + "/readyz", "ok"));
    ExternalMetricsApiService.register(
        client, NAMESPACE, SERVICE, address, PORT, plane.pki().caCertificate());
  }

  /**
   * The HPA controller's read of every external metric, as the Adapter's Helm chart grants it when
   * external rules are configured (the release's own manifests only serve resource metrics).
   */
  private static List<HasMetadata> externalMetricsReader() {
    return List.of(
        new ClusterRoleBuilder()
            .withNewMetadata()
            .withName(EXTERNAL_METRICS_READER)
            .endMetadata()
            .addNewRule()
            .withApiGroups("external.metrics.k8s.io")
            .withResources("*")
            .withVerbs("get", "list", "watch")
            .endRule()
            .build(),
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName(EXTERNAL_METRICS_READER)
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("ClusterRole")
            .withName(EXTERNAL_METRICS_READER)
            .endRoleRef()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName("horizontal-pod-autoscaler")
            .withNamespace("kube-system")
            .endSubject()
            .build());
  }
}
