package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.control.PrometheusRuleFiles;
import io.scaleproof.cluster.lint.UpstreamSchemas;
import io.scaleproof.cluster.sim.network.AddressBlock;
import io.scaleproof.cluster.sim.network.KubeStateMetrics;
import io.scaleproof.cluster.sim.network.PodNetwork;
import java.util.ArrayList;

/**
 * What the pipeline needs on the local backend that is not a real program there yet, run against
 * the real API server: the Prometheus Operator's PrometheusRule type (its upstream CRD) and the
 * rule-file writer that stands for the operator's rule projection into Prometheus, and
 * kube-state-metrics, both the embedded cluster's, unchanged.
 */
final class PipelineStandIns implements AutoCloseable {
  private final OwnedParts parts = new OwnedParts();

  private PipelineStandIns() {}

  static PipelineStandIns start(
      KubernetesClient client, AddressBlock addresses, PodNetwork podNetwork) {
    PipelineStandIns standIns = new PipelineStandIns();
    try {
      installTypes(client);
      standIns.own(new PrometheusRuleFiles(client)).start();
      standIns.own(KubeStateMetrics.start(client, addresses.pods(), podNetwork));
      return standIns;
    } catch (RuntimeException | Error e) {
      standIns.close();
      throw e;
    }
  }

  private static void installTypes(KubernetesClient client) {
    ServerSideApply.applyAndEstablish(
        client, new ArrayList<>(Manifests.load(UpstreamSchemas.crdFile("PrometheusRule"))));
  }

  private <T> T own(T part) {
    return parts.own(part);
  }

  @Override
  public void close() {
    parts.close();
  }
}
