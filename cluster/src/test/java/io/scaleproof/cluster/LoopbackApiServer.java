package io.scaleproof.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock API server on 127.0.0.1 and a client of it that does not retry: for tests of code
 * that talks to an API server, without a cluster. Either scripted ({@link #scripted()}: each answer
 * set with {@code server().expect()}) or storing what it is sent ({@link #storing()}).
 */
public final class LoopbackApiServer implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private LoopbackApiServer(KubernetesMockServer server) {
    this.server = server;
    server.init(InetAddress.getLoopbackAddress(), 0);
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + server.getPort())
            .withRequestRetryBackoffLimit(0)
            .build();
    this.client = KubeClients.api(config);
  }

  /** Answers only what a test scripts. */
  public static LoopbackApiServer scripted() {
    return new LoopbackApiServer(
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), false));
  }

  /** Stores what it is sent and answers lists and watches from it, as an API server does. */
  public static LoopbackApiServer storing() {
    return new LoopbackApiServer(
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false));
  }

  public KubernetesMockServer server() {
    return server;
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
