package io.scaleproof.cluster.sim;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A cluster's Events as a timeline a person reads top to bottom: one line an Event, in the order
 * they first happened, with its type, reason, object ({@code namespace/kind/name}) and message, and
 * how often and until when it repeated. The first time is {@code firstTimestamp}, else {@code
 * eventTime}, else the Event's creation; Events of the same second keep the API server's order.
 */
final class EventTimeline {
  private static final List<String> HEADER =
      List.of("FIRST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");

  private EventTimeline() {}

  /** The timeline of {@code events}, one line each under a header; a line saying so if none. */
  static String of(List<Event> events) {
    if (events.isEmpty()) {
      return "(no events)\n";
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    events.stream()
        .sorted(Comparator.comparing(EventTimeline::firstSeen))
        .map(EventTimeline::row)
        .forEach(rows::add);
    int[] widths = new int[HEADER.size() - 1];
    for (List<String> row : rows) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    StringBuilder timeline = new StringBuilder();
    for (List<String> row : rows) {
      for (int column = 0; column < widths.length; column++) {
        timeline.append(String.format(Locale.ROOT, "%-" + widths[column] + "s  ", row.get(column)));
      }
      timeline.append(row.get(widths.length)).append('\n');
    }
    return timeline.toString();
  }

  private static List<String> row(Event event) {
    ObjectReference involved = event.getInvolvedObject();
    String object =
        involved == null
            ? ""
            : (involved.getNamespace() == null ? "" : involved.getNamespace() + "/")
                + String.valueOf(involved.getKind()).toLowerCase(Locale.ROOT)
                + "/"
                + involved.getName();
    String message = event.getMessage() == null ? "" : event.getMessage().strip();
    int count = event.getCount() == null ? 1 : event.getCount();
    if (count > 1) {
      message += "  (" + count + " times, last " + event.getLastTimestamp() + ")";
    }
    return List.of(
        firstSeenText(event), text(event.getType()), text(event.getReason()), object, message);
  }

  static Instant firstSeen(Event event) {
    try {
      return Instant.parse(firstSeenText(event));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static String firstSeenText(Event event) {
    if (event.getFirstTimestamp() != null) {
      return event.getFirstTimestamp();
    }
    if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
      return event.getEventTime().getTime();
    }
    return text(event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp());
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
