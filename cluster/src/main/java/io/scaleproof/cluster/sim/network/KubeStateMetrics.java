package io.scaleproof.cluster.sim.network;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.ToIntFunction;

/**
 * The Deployment series that kube-state-metrics publishes in a real cluster, served by the embedded
 * cluster: {@code kube_deployment_spec_replicas}, {@code kube_deployment_status_replicas}, {@code
 * kube_deployment_status_replicas_ready}, {@code kube_deployment_status_replicas_available} and
 * {@code kube_deployment_status_replicas_updated}, each labelled {@code namespace} and {@code
 * deployment}, read from the API server at scrape time.
 *
 * <p>Reached as in a cluster: Service {@code kube-state-metrics} in {@code kube-system}, port 8080
 * ({@code http-metrics}), path {@code /metrics}. The Service has no selector; its EndpointSlice
 * points at this server, on an address of the pod network.
 */
public final class KubeStateMetrics implements AutoCloseable {
  public static final String NAMESPACE = "kube-system";
  public static final String NAME = "kube-state-metrics";
  public static final int PORT = 8080;

  private final SharedIndexInformer<Deployment> deployments;
  private final HostedService endpoint;

  private KubeStateMetrics(SharedIndexInformer<Deployment> deployments, HostedService endpoint) {
    this.deployments = deployments;
    this.endpoint = endpoint;
  }

  /** Starts the server on an address from {@code pool} and publishes its Service. */
  public static KubeStateMetrics start(KubernetesClient client, IpPool pool) {
    return start(client, pool, PodNetwork.onLoopback(pool.prefix()));
  }

  /** As above, its endpoint published where {@code podNetwork} shows the pool's addresses. */
  public static KubeStateMetrics start(
      KubernetesClient client, IpPool pool, PodNetwork podNetwork) {
    SharedIndexInformer<Deployment> deployments =
        client.apps().deployments().inAnyNamespace().inform();
    PrometheusRegistry registry = new PrometheusRegistry();
    register(
        registry,
        deployments,
        "kube_deployment_spec_replicas",
        "Number of desired pods for a deployment.",
        d -> d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
    register(
        registry,
        deployments,
        "kube_deployment_status_replicas",
        "The number of replicas per deployment.",
        d -> status(d, DeploymentStatus::getReplicas));
    register(
        registry,
        deployments,
        "kube_deployment_status_replicas_ready",
        "The number of ready replicas per deployment.",
        d -> status(d, DeploymentStatus::getReadyReplicas));
    register(
        registry,
        deployments,
        "kube_deployment_status_replicas_available",
        "The number of available replicas per deployment.",
        d -> status(d, DeploymentStatus::getAvailableReplicas));
    register(
        registry,
        deployments,
        "kube_deployment_status_replicas_updated",
        "The number of updated replicas per deployment.",
        d -> status(d, DeploymentStatus::getUpdatedReplicas));
    try {
      return new KubeStateMetrics(
          deployments,
          HostedService.metrics(
              client, pool, podNetwork, registry, NAMESPACE, NAME, "http-metrics", PORT));
    } catch (RuntimeException e) {
      deployments.close();
      throw e;
    }
  }

  /** Where the server listens, for a scrape that does not go through the Service. */
  public String address() {
    return endpoint.address();
  }

  private static void register(
      PrometheusRegistry registry,
      SharedIndexInformer<Deployment> deployments,
      String name,
      String help,
      ToIntFunction<Deployment> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("namespace", "deployment")
        .callback(
            callback -> {
              for (Deployment deployment : deployments.getStore().list()) {
                callback.call(
                    value.applyAsInt(deployment),
                    deployment.getMetadata().getNamespace(),
                    deployment.getMetadata().getName());
              }
            })
        .register(registry);
  }

  private static int status(
      Deployment deployment, java.util.function.Function<DeploymentStatus, Integer> field) {
    DeploymentStatus status = deployment.getStatus();
    Integer value = status == null ? null : field.apply(status);
    return value == null ? 0 : value;
  }

  @Override
  public void close() {
    endpoint.close();
    deployments.close();
  }
}
