package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Manifests;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.control.Controller;
import io.scaleproof.cluster.control.EventRecorder;
import io.scaleproof.cluster.control.PrometheusRuleFiles;
import io.scaleproof.cluster.control.RealTimeline;
import io.scaleproof.cluster.control.Timeline;
import io.scaleproof.cluster.lint.UpstreamSchemas;
import io.scaleproof.cluster.sim.argocd.ArgoCdController;
import io.scaleproof.cluster.sim.network.AddressBlock;
import io.scaleproof.cluster.sim.network.KubeStateMetrics;
import io.scaleproof.cluster.sim.network.PodNetwork;
import io.scaleproof.cluster.sim.operator.CollectorController;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * What the pipeline needs on the local backend that is not real there yet, run against the real API
 * server: the types the pipeline declares (Argo CD's Application and the Prometheus Operator's
 * PrometheusRule from their upstream CRDs, the OpenTelemetry Operator's two kinds as open stand-in
 * CRDs), the operator's injection webhook ({@link InjectionWebhookServer}) and collector
 * controller, the rule-file writer, kube-state-metrics and Argo CD's application controller, all
 * the embedded cluster's, unchanged.
 */
final class PipelineStandIns implements AutoCloseable {
  private final OwnedParts parts = new OwnedParts();

  private PipelineStandIns() {}

  static PipelineStandIns start(
      KubernetesClient client,
      LocalPki pki,
      AddressBlock addresses,
      PodNetwork podNetwork,
      EventRecorder events,
      Duration gitPollInterval,
      Path runDirectory,
      ExecutorService executor)
      throws IOException {
    PipelineStandIns standIns = new PipelineStandIns();
    try {
      installTypes(client);
      standIns.own(InjectionWebhookServer.start(client, pki, addresses.nodeIp(), executor));
      for (Controller controller :
          List.of(new CollectorController(client), new PrometheusRuleFiles(client))) {
        standIns.own(controller).start();
      }
      standIns.own(KubeStateMetrics.start(client, addresses.pods(), podNetwork));
      Timeline timeline = standIns.own(new RealTimeline(Clock.systemUTC(), "local-argocd"));
      standIns
          .own(
              new ArgoCdController(
                  client, events, timeline, gitPollInterval, runDirectory.resolve("argocd")))
          .start();
      return standIns;
    } catch (IOException | RuntimeException | Error e) {
      standIns.close();
      throw e;
    }
  }

  private static void installTypes(KubernetesClient client) {
    List<HasMetadata> definitions = new ArrayList<>();
    definitions.addAll(Manifests.load(ProjectFiles.find("cluster/local/opentelemetry-crds.yaml")));
    for (String kind : List.of("Application", "PrometheusRule")) {
      definitions.addAll(Manifests.load(UpstreamSchemas.crdFile(kind)));
    }
    ServerSideApply.applyAndEstablish(client, definitions);
  }

  private <T> T own(T part) {
    return parts.own(part);
  }

  @Override
  public void close() {
    parts.close();
  }
}
