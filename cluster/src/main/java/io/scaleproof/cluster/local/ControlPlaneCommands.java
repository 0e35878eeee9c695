package io.scaleproof.cluster.local;

import java.nio.file.Path;
import java.util.List;

/**
 * The command lines of the control plane's programs, as kubeadm's static pod manifests would give
 * them, on the run's one loopback address and the ports a kubeadm node uses (etcd 2379 and 2380,
 * the API server 6443, the controller-manager 10257, the scheduler 10259): the address is the run's
 * own, so the ports are free. Each program's serving and client certificates are issued from the
 * run's {@link LocalPki} as it is asked for.
 */
final class ControlPlaneCommands {
  static final int API_PORT = 6443;
  private static final int ETCD_CLIENT_PORT = 2379;
  private static final int ETCD_PEER_PORT = 2380;
  private static final int CONTROLLER_MANAGER_PORT = 10257;
  private static final int SCHEDULER_PORT = 10259;

  /** The audience and issuer of service-account tokens, as on a kubeadm cluster. */
  private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

  private final LocalControlPlane.Settings settings;
  private final LocalPki pki;

  ControlPlaneCommands(LocalControlPlane.Settings settings, LocalPki pki) {
    this.settings = settings;
    this.pki = pki;
  }

  String etcdUrl() {
    return "http://" + settings.address() + ":" + ETCD_CLIENT_PORT;
  }

  String controllerManagerUrl() {
    return "https://" + settings.address() + ":" + CONTROLLER_MANAGER_PORT;
  }

  String schedulerUrl() {
    return "https://" + settings.address() + ":" + SCHEDULER_PORT;
  }

  List<String> etcd() {
    String peer = "http://" + settings.address() + ":" + ETCD_PEER_PORT;
    return List.of(
        "--name=local",
        "--data-dir=" + settings.directory().resolve("etcd"),
        "--listen-client-urls=" + etcdUrl(),
        "--advertise-client-urls=" + etcdUrl(),
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=local=" + peer,
        // No metrics listener of its own: the client port serves /metrics and /health.
        "--listen-metrics-urls=",
        "--log-level=warn");
  }

  List<String> apiServer() {
    LocalPki.Pair serving =
        pki.serving(
            "apiserver",
            List.of(settings.address(), settings.firstServiceIp()),
            List.of(
                "localhost",
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local"));
    LocalPki.Pair kubeletClient =
        pki.client(
            "apiserver-kubelet-client", "kube-apiserver-kubelet-client", List.of("system:masters"));
    LocalPki.Pair frontProxy = pki.frontProxyClient();
    return List.of(
        "--etcd-servers=" + etcdUrl(),
        "--bind-address=" + settings.address(),
        "--advertise-address=" + settings.address(),
        "--secure-port=" + API_PORT,
        // The endpoint reconciler refuses a loopback advertise address; the `kubernetes` Service
        // has no endpoints here (programs reach the API server by kubeconfig).
        "--endpoint-reconciler-type=none",
        "--service-cluster-ip-range=" + settings.serviceCidr(),
        "--authorization-mode=Node,RBAC",
        "--allow-privileged=true",
        "--client-ca-file=" + pki.caCertificate(),
        "--tls-cert-file=" + serving.certificate(),
        "--tls-private-key-file=" + serving.key(),
        "--kubelet-client-certificate=" + kubeletClient.certificate(),
        "--kubelet-client-key=" + kubeletClient.key(),
        "--kubelet-certificate-authority=" + pki.caCertificate(),
        "--kubelet-preferred-address-types=InternalIP",
        "--service-account-key-file=" + pki.serviceAccountPublicKey(),
        "--service-account-signing-key-file=" + pki.serviceAccountKey(),
        "--service-account-issuer=" + ISSUER,
        "--api-audiences=" + ISSUER,
        // The aggregation layer: KEDA's metrics server is reached at its endpoint.
        "--requestheader-client-ca-file=" + pki.frontProxyCaCertificate(),
        "--requestheader-allowed-names=front-proxy-client",
        "--requestheader-username-headers=X-Remote-User",
        "--requestheader-group-headers=X-Remote-Group",
        "--requestheader-extra-headers-prefix=X-Remote-Extra-",
        "--proxy-client-cert-file=" + frontProxy.certificate(),
        "--proxy-client-key-file=" + frontProxy.key(),
        "--enable-aggregator-routing=true");
  }

  List<String> controllerManager(Path kubeconfig) {
    LocalPki.Pair serving =
        pki.serving("controller-manager-serving", List.of(settings.address()), List.of());
    LocalPki.Pair ca = pki.clusterCa();
    return List.of(
        "--kubeconfig=" + kubeconfig,
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig,
        "--bind-address=" + settings.address(),
        "--secure-port=" + CONTROLLER_MANAGER_PORT,
        "--tls-cert-file=" + serving.certificate(),
        "--tls-private-key-file=" + serving.key(),
        "--leader-elect=false",
        "--controllers=*",
        "--use-service-account-credentials=true",
        "--service-account-private-key-file=" + pki.serviceAccountKey(),
        "--root-ca-file=" + pki.caCertificate(),
        "--cluster-signing-cert-file=" + ca.certificate(),
        "--cluster-signing-key-file=" + ca.key(),
        "--service-cluster-ip-range=" + settings.serviceCidr(),
        "--horizontal-pod-autoscaler-sync-period=" + settings.hpaSyncPeriod().toMillis() + "ms");
  }

  List<String> scheduler(Path kubeconfig) {
    LocalPki.Pair serving =
        pki.serving("scheduler-serving", List.of(settings.address()), List.of());
    return List.of(
        "--kubeconfig=" + kubeconfig,
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig,
        "--bind-address=" + settings.address(),
        "--secure-port=" + SCHEDULER_PORT,
        "--tls-cert-file=" + serving.certificate(),
        "--tls-private-key-file=" + serving.key(),
        "--leader-elect=false");
  }
}
