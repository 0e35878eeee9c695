package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.provision.Tools;
import io.scaleproof.cluster.sim.network.HostedService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real KEDA on the local control plane: its CRDs and RBAC from the release's own manifests (cached
 * with the binaries), the operator and the metrics API server as local processes on the run's
 * address, and the metrics server registered as the {@code v1beta1.external.metrics.k8s.io}
 * APIService, so that the real HPA controller reads KEDA's external metrics through the aggregation
 * layer. Both programs act as the {@code keda:keda-operator} service account (a client certificate
 * of the cluster CA in its name and groups), so KEDA's own RBAC applies unchanged.
 */
final class LocalKeda extends LocalComponent {
  static final String NAMESPACE = "keda";
  private static final String ACCOUNT = "keda-operator";
  private static final String METRICS_SERVICE = "keda-metrics-apiserver";
  static final int OPERATOR_METRICS_PORT = 8080;
  private static final int OPERATOR_HEALTH_PORT = 8081;
  private static final int GRPC_PORT = 9666;
  private static final int METRICS_SERVER_PORT = 9443;
  private static final int METRICS_SERVER_METRICS_PORT = 9022;
  // Hang guards: each is ready in under a second warm, the APIService in a quarter of one.
  private static final Duration READY = Duration.ofSeconds(60);

  /** The release manifests applied, in order: namespace and account first, RBAC last. */
  private static final List<String> MANIFESTS =
      List.of(
          "config/general/namespace.yaml",
          "config/service_account/service_account.yaml",
          "config/crd/bases",
          "config/rbac/role.yaml",
          "config/rbac/role_binding.yaml",
          "config/rbac/aggregate_cluster_roles.yaml",
          "config/metrics-server/role.yaml",
          "config/metrics-server/role_binding.yaml");

  private LocalKeda(Path runDirectory) {
    super(runDirectory);
  }

  /**
   * Installs and starts KEDA; returns when its metrics API is Available. {@code proxy} is the
   * environment that sends its requests for cluster names to the node's {@link ClusterNameProxy};
   * {@code reportedAddress} is {@code address} on the pod network, where the operator's metrics
   * Service points (the node's balancer translates it back).
   *
   * @throws ComponentFailedException naming the program that did not start (its processes are
   *     stopped by the returned value's owner, or here when the start fails)
   */
  static LocalKeda start(
      LocalControlPlane plane,
      KubernetesClient client,
      Path directory,
      String address,
      String reportedAddress,
      Tools tools,
      Map<String, String> proxy) {
    return LocalComponent.installed(
        new LocalKeda(directory),
        c -> {
          c.install(plane, client, directory, address, tools.directory("keda"), proxy);
          // The operator's metrics, where KEDA's install puts them for Prometheus to scrape.
          HostedService.publish(
              client,
              NAMESPACE,
              "keda-operator",
              "metrics",
              OPERATOR_METRICS_PORT,
              reportedAddress);
        });
  }

  private void install(
      LocalControlPlane plane,
      KubernetesClient client,
      Path directory,
      String address,
      Path release,
      Map<String, String> proxy) {
    applyManifests(client, release.resolve("manifests"));
    Path certificates = certificates(plane.pki(), directory.resolve("keda-certs"), address);
    Path kubeconfig = plane.kubeconfigWithAccountCertificate("keda", NAMESPACE, ACCOUNT);
    Map<String, String> env = new java.util.HashMap<>(proxy);
    env.putAll(
        Map.of(
            // Every namespace is watched; KEDA's cluster objects live in its own namespace.
            "WATCH_NAMESPACE", "",
            "POD_NAMESPACE", NAMESPACE,
            "KEDA_CLUSTER_OBJECT_NAMESPACE", NAMESPACE,
            // Read by scaleproof's build of the adapter (cluster/tools/keda/prepare.go).
            "KEDA_ADAPTER_METRICS_HOST", address));
    HealthProbe probe = new HealthProbe(plane.pki().caCertificate());

    LocalProcess operator =
        programs.launch(
            "keda-operator",
            release.resolve("operator"),
            List.of(
                "--kubeconfig=" + kubeconfig,
                "--metrics-bind-address=" + address + ":" + OPERATOR_METRICS_PORT,
                "--health-probe-bind-address=" + address + ":" + OPERATOR_HEALTH_PORT,
                "--metrics-service-bind-address=" + address + ":" + GRPC_PORT,
                "--cert-dir=" + certificates,
                "--enable-cert-rotation=false",
                "--leader-elect=false",
                "--zap-encoder=console"),
            env);
    LocalPrograms.awaitReady(
        operator,
        READY,
        () ->
            probe.ok("http://" + address + ":" + OPERATOR_HEALTH_PORT + "/readyz", "ok")
                && LocalPrograms.listens(address, GRPC_PORT));

    LocalProcess metricsServer =
        programs.launch(
            "keda-metrics-apiserver",
            release.resolve("adapter"),
            List.of(
                "--kubeconfig=" + kubeconfig,
                "--lister-kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=" + address,
                "--secure-port=" + METRICS_SERVER_PORT,
                "--tls-cert-file=" + certificates.resolve("tls.crt"),
                "--tls-private-key-file=" + certificates.resolve("tls.key"),
                "--cert-dir=" + certificates,
                "--metrics-service-address=" + address + ":" + GRPC_PORT,
                "--port=" + METRICS_SERVER_METRICS_PORT,
                "--zap-encoder=console"),
            env);
    LocalPrograms.awaitReady(
        metricsServer,
        READY,
        () -> probe.ok("https://" + address + ":" + METRICS_SERVER_PORT + "/readyz", "ok"));
    ExternalMetricsApiService.register(
        client,
        NAMESPACE,
        METRICS_SERVICE,
        address,
        METRICS_SERVER_PORT,
        plane.pki().caCertificate());
  }

  private static void applyManifests(KubernetesClient client, Path manifests) {
    ServerSideApply.applyAndEstablish(client, releaseManifests(manifests, MANIFESTS));
  }

  /**
   * The certificate directory both programs read (ca.crt, tls.crt, tls.key): the cluster CA, and
   * one certificate that serves the aggregated API and the gRPC metrics service and is the metrics
   * server's gRPC client.
   */
  private static Path certificates(LocalPki pki, Path directory, String address) {
    List<String> names = new ArrayList<>(List.of("localhost"));
    for (String service : List.of("keda-operator", METRICS_SERVICE)) {
      names.addAll(
          List.of(
              service,
              service + "." + NAMESPACE,
              service + "." + NAMESPACE + ".svc",
              service + "." + NAMESPACE + ".svc.cluster.local"));
    }
    LocalPki.Pair pair =
        pki.servingAndClient(
            "keda", "keda-operator." + NAMESPACE + ".svc", List.of(address), names);
    try {
      Files.createDirectories(directory);
      Files.copy(
          pki.caCertificate(), directory.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(
          pair.certificate(), directory.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(pair.key(), directory.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write KEDA's certificates into " + directory, e);
    }
  }
}
