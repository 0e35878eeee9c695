package io.scaleproof.cluster.control;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events as Kubernetes components do: one Event per object, reason and message,
 * with repeats folded into {@code count} and {@code lastTimestamp} rather than new objects.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String host;
  private final Map<String, String> seen = new ConcurrentHashMap<>();

  public EventRecorder(KubernetesClient client, Clock clock, String host) {
    this.client = client;
    this.clock = clock;
    this.host = host;
  }

  public void normal(HasMetadata object, String component, String reason, String message) {
    record(object, component, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String component, String reason, String message) {
    record(object, component, "Warning", reason, message);
  }

  private void record(
      HasMetadata object, String component, String type, String reason, String message) {
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String fold = object.getMetadata().getUid() + "|" + type + "|" + reason + "|" + message;
    try {
      String existing = seen.get(fold);
      if (existing != null
          && client.v1().events().inNamespace(namespace).withName(existing).get() != null) {
        client
            .v1()
            .events()
            .inNamespace(namespace)
            .withName(existing)
            .edit(
                e -> {
                  e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
                  e.setLastTimestamp(now);
                  return e;
                });
        return;
      }
      String name =
          object.getMetadata().getName()
              + "."
              + Long.toHexString(clock.instant().toEpochMilli())
              + Long.toHexString(System.nanoTime() & 0xfff);
      Event event =
          new EventBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .endMetadata()
              .withInvolvedObject(
                  new ObjectReferenceBuilder()
                      .withApiVersion(object.getApiVersion())
                      .withKind(object.getKind())
                      .withNamespace(object.getMetadata().getNamespace())
                      .withName(object.getMetadata().getName())
                      .withUid(object.getMetadata().getUid())
                      .withResourceVersion(object.getMetadata().getResourceVersion())
                      .build())
              .withType(type)
              .withReason(reason)
              .withMessage(message)
              .withNewSource()
              .withComponent(component)
              .withHost(host)
              .endSource()
              .withReportingComponent(component)
              .withReportingInstance(host)
              .withFirstTimestamp(now)
              .withLastTimestamp(now)
              .withCount(1)
              .build();
      client.v1().events().inNamespace(namespace).resource(event).create();
      seen.put(fold, name);
    } catch (KubernetesClientException e) {
      // An event is evidence, never a reason to fail the component that records it.
      LOG.debug("event {} {} not recorded: {}", reason, message, e.getMessage());
    }
  }
}
