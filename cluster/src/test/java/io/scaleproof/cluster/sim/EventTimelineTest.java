package io.scaleproof.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Events of a failed test's cluster as lines a person reads in the order things happened. */
class EventTimelineTest {

  @Test
  @DisplayName("events are listed by when they first happened, in aligned columns under a header")
  void eventsInTheOrderTheyFirstHappened() {
    String timeline =
        EventTimeline.of(
            List.of(
                event("b", "2026-12-04T10:00:05Z", "Normal", "Started", "pod", "echo-1", "up"),
                event("a", "2026-12-04T10:00:01Z", "Normal", "Scheduled", "pod", "echo-1", "to n"),
                event("c", "2026-12-04T10:00:03Z", "Warning", "BackOff", "pod", "echo-2", "no")));

    assertThat(timeline.lines())
        .containsExactly(
            "FIRST SEEN            TYPE     REASON     OBJECT              MESSAGE",
            "2026-12-04T10:00:01Z  Normal   Scheduled  default/pod/echo-1  to n",
            "2026-12-04T10:00:03Z  Warning  BackOff    default/pod/echo-2  no",
            "2026-12-04T10:00:05Z  Normal   Started    default/pod/echo-1  up");
  }

  @Test
  @DisplayName("a repeated event says how often and until when; eventTime stands in for first")
  void repeatsAndEventTime() {
    Event repeated =
        new EventBuilder(
                event("r", "2026-12-04T10:00:02Z", "Warning", "Unhealthy", "pod", "echo-1", "503"))
            .withCount(4)
            .withLastTimestamp("2026-12-04T10:00:09Z")
            .build();
    Event newStyle =
        new EventBuilder(
                event("n", null, "Normal", "ScalingReplicaSet", "deployment", "echo", "to 3"))
            .withEventTime(new MicroTime("2026-12-04T10:00:01.250000Z"))
            .build();

    assertThat(EventTimeline.of(List.of(repeated, newStyle)).lines())
        .element(1)
        .asString()
        .startsWith("2026-12-04T10:00:01.250000Z")
        .endsWith("to 3");
    assertThat(EventTimeline.of(List.of(repeated, newStyle)).lines())
        .element(2)
        .asString()
        .endsWith("503  (4 times, last 2026-12-04T10:00:09Z)");
  }

  @Test
  @DisplayName("no events is said in words")
  void noEvents() {
    assertThat(EventTimeline.of(List.of())).isEqualTo("(no events)\n");
  }

  private static Event event(
      String name,
      String first,
      String type,
      String reason,
      String kind,
      String object,
      String message) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewInvolvedObject()
        .withKind(kind.substring(0, 1).toUpperCase() + kind.substring(1))
        .withNamespace("default")
        .withName(object)
        .endInvolvedObject()
        .withFirstTimestamp(first)
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .build();
  }
}
