package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.control.Controller;
import io.scaleproof.cluster.control.EventRecorder;
import java.util.stream.Stream;

/**
 * The scheduler of a one-node cluster: every pod without a node is bound to the node. Resource
 * requests are not weighed; the node is the machine.
 */
public final class Scheduler extends Controller {
  private final KubernetesClient client;
  private final EventRecorder events;
  private final String nodeName;

  public Scheduler(KubernetesClient client, EventRecorder events, String nodeName) {
    super("scheduler");
    this.client = client;
    this.events = events;
    this.nodeName = nodeName;
  }

  @Override
  public void start() {
    watch(
        client.pods().inAnyNamespace(),
        pod -> pod.getSpec().getNodeName() == null ? Stream.of(key(pod)) : Stream.empty());
  }

  @Override
  protected void reconcile(String key) {
    Pod pod = client.pods().inNamespace(namespaceOf(key)).withName(nameOf(key)).get();
    if (pod == null
        || pod.getSpec().getNodeName() != null
        || pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    Pod bound =
        client
            .pods()
            .resource(pod)
            .edit(
                p -> {
                  p.getSpec().setNodeName(nodeName);
                  return p;
                });
    events.normal(
        bound,
        "default-scheduler",
        "Scheduled",
        "Successfully assigned " + key + " to " + nodeName);
  }
}
