package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's heartbeat, as a kubelet keeps it: a Lease named for the node in {@code
 * kube-node-lease}, owned by the Node, renewed every 10 s with a 40 s duration (the kubelet's
 * defaults). The real node lifecycle controller reads it: a node whose lease is not renewed within
 * its grace period is marked NotReady and its pods are evicted, as on any cluster.
 */
final class NodeLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);
  static final String NAMESPACE = "kube-node-lease";
  private static final Duration RENEW = Duration.ofSeconds(10);
  private static final int DURATION_SECONDS = 40;

  private final KubernetesClient client;
  private final String nodeName;
  private final Clock clock;
  private final ScheduledFuture<?> renewal;

  NodeLease(
      KubernetesClient client, String nodeName, Clock clock, ScheduledExecutorService timers) {
    this.client = client;
    this.nodeName = nodeName;
    this.clock = clock;
    renew();
    this.renewal =
        timers.scheduleWithFixedDelay(
            this::renewQuietly, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void renewQuietly() {
    try {
      renew();
    } catch (KubernetesClientException e) {
      // The next renewal tries again; a lease that stays stale is the lifecycle controller's to
      // notice, as with a real kubelet that lost its API server.
      LOG.warn("node {}: lease not renewed: {}", nodeName, e.getMessage());
    }
  }

  private void renew() {
    ZonedDateTime renewTime = ZonedDateTime.now(clock);
    Lease existing = client.leases().inNamespace(NAMESPACE).withName(nodeName).get();
    if (existing == null) {
      Node node = client.nodes().withName(nodeName).get();
      client
          .leases()
          .inNamespace(NAMESPACE)
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(nodeName)
                  .withNamespace(NAMESPACE)
                  .addNewOwnerReference()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(nodeName)
                  .withUid(node.getMetadata().getUid())
                  .endOwnerReference()
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity(nodeName)
                  .withLeaseDurationSeconds(DURATION_SECONDS)
                  .withRenewTime(renewTime)
                  .endSpec()
                  .build())
          .create();
      return;
    }
    existing.getSpec().setRenewTime(renewTime);
    client.leases().inNamespace(NAMESPACE).resource(existing).update();
  }

  @Override
  public void close() {
    renewal.cancel(false);
  }
}
