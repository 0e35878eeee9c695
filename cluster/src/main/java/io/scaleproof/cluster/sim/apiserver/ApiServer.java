package io.scaleproof.cluster.sim.apiserver;

import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.scaleproof.cluster.KubeClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * The embedded cluster's Kubernetes API: the fabric8 mock server in CRUD mode, on loopback, over
 * plain HTTP (nothing leaves the machine, so there is nothing to encrypt). Objects of any kind are
 * stored and watchable; see {@link SimApiDispatcher} for what is added to the mock.
 */
public final class ApiServer implements AutoCloseable {
  /** The Kubernetes version the emulation follows, reported on {@code /version}. */
  public static final String KUBERNETES_VERSION = "1.34.0";

  /** Holds a deleted pod until the kubelet has stopped its processes; see the dispatcher. */
  public static final String GRACEFUL_DELETION_FINALIZER = "sim.scaleproof.io/graceful-deletion";

  /** The mock logs every request at INFO through java.util.logging; a run only wants problems. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final SimApiDispatcher dispatcher;
  private final URI url;

  private ApiServer(KubernetesMockServer server, SimApiDispatcher dispatcher, URI url) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.url = url;
  }

  /** Starts on 127.0.0.1 and an ephemeral port. */
  public static ApiServer start(PodLogSource logs) {
    SimApiDispatcher dispatcher = new SimApiDispatcher(logs, KUBERNETES_VERSION);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    server.init(loopback, 0);
    URI url = URI.create("http://" + loopback.getHostAddress() + ":" + server.getPort());
    return new ApiServer(server, dispatcher, url);
  }

  public URI url() {
    return url;
  }

  /** A new client for this server; the caller closes it. Never reads ~/.kube/config. */
  public KubernetesClient newClient() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url.toString())
            .withNamespace("default")
            .withRequestTimeout(30_000)
            .withConnectionTimeout(5_000)
            .build();
    return KubeClients.api(config);
  }

  /** Writes a kubeconfig that points kubectl and any client at this server. */
  public void writeKubeconfig(Path file) {
    String name = "scaleproof-sim";
    io.fabric8.kubernetes.api.model.Config kubeconfig =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addToClusters(
                new NamedClusterBuilder()
                    .withName(name)
                    .withNewCluster()
                    .withServer(url.toString())
                    .endCluster()
                    .build())
            .addToUsers(new NamedAuthInfoBuilder().withName(name).withNewUser().endUser().build())
            .addToContexts(
                new NamedContextBuilder()
                    .withName(name)
                    .withNewContext()
                    .withCluster(name)
                    .withUser(name)
                    .withNamespace("default")
                    .endContext()
                    .build())
            .withCurrentContext(name)
            .build();
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, new KubernetesSerialization().asYaml(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.destroy();
    dispatcher.shutdown();
  }
}
