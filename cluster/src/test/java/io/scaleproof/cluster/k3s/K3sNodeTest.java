package io.scaleproof.cluster.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.fabric8.kubernetes.client.Config;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The k3s node's Docker settings and kubeconfig, without Docker. */
class K3sNodeTest {
  /** A kubeconfig as k3s writes it, with the host Testcontainers names the Docker host by. */
  private static final String K3S_KUBECONFIG =
      """
      apiVersion: v1
      clusters:
      - cluster:
          certificate-authority-data: Q0EK
          server: https://localhost:32771
        name: default
      contexts:
      - context:
          cluster: default
          user: default
        name: default
      current-context: default
      kind: Config
      preferences: {}
      users:
      - name: default
        user:
          client-certificate-data: Q0VSVAo=
          client-key-data: S0VZCg==
      """;

  @Test
  @DisplayName("the API and webhook ports are published on 127.0.0.1 only, host ports kept")
  void publishesEveryPortOnLoopbackOnly() {
    // As Testcontainers leaves them for K3sContainer: 6443 and 8443 on every interface, random
    // host ports; and one fixed port, which stays fixed.
    HostConfig host =
        HostConfig.newHostConfig()
            .withPortBindings(
                new PortBinding(Ports.Binding.empty(), ExposedPort.tcp(6443)),
                new PortBinding(Ports.Binding.empty(), ExposedPort.tcp(8443)),
                new PortBinding(Ports.Binding.bindPort(30080), ExposedPort.tcp(80)));

    K3sNode.publishOnLoopback(command(host));

    Map<ExposedPort, Ports.Binding[]> bindings = host.getPortBindings().getBindings();
    assertThat(bindings)
        .containsOnlyKeys(ExposedPort.tcp(6443), ExposedPort.tcp(8443), ExposedPort.tcp(80));
    assertThat(bindings.get(ExposedPort.tcp(6443)))
        .containsExactly(Ports.Binding.bindIp("127.0.0.1"));
    assertThat(bindings.get(ExposedPort.tcp(8443)))
        .containsExactly(Ports.Binding.bindIp("127.0.0.1"));
    assertThat(bindings.get(ExposedPort.tcp(80)))
        .containsExactly(Ports.Binding.bindIpAndPort("127.0.0.1", 30080));
  }

  @Test
  @DisplayName("the kubeconfig names the API server at 127.0.0.1 and keeps its credentials")
  void kubeconfigNamesTheApiAtLoopback() {
    String written = K3sNode.onLoopback(K3S_KUBECONFIG, 32771);

    Config config = Config.fromKubeconfig(written);
    assertThat(config.getMasterUrl()).isEqualTo("https://127.0.0.1:32771/");
    assertThat(config.getCaCertData()).isEqualTo("Q0EK");
    assertThat(config.getClientCertData()).isEqualTo("Q0VSVAo=");
    assertThat(config.getClientKeyData()).isEqualTo("S0VZCg==");
    assertThat(config.getCurrentContext().getName()).isEqualTo("default");
  }

  /** A create-container command that only has host settings, as the modifier needs. */
  private static CreateContainerCmd command(HostConfig host) {
    return (CreateContainerCmd)
        Proxy.newProxyInstance(
            K3sNodeTest.class.getClassLoader(),
            new Class<?>[] {CreateContainerCmd.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getHostConfig")) {
                return host;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
