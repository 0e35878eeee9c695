package io.scaleproof.reports;

import io.scaleproof.assertions.RecordedRun;
import io.scaleproof.assertions.Sample;
import io.scaleproof.assertions.ServiceTimeline;
import java.time.Duration;
import java.util.Locale;

/** A recorded run as CSV, one row per sample: the chart's data, for a spreadsheet. */
public final class TimelineCsv {
  public static final String HEADER =
      "service,at,secondsSinceLoadStart,replicas,readyReplicas,p95Ms,errorRatio,requestsPerSecond,"
          + "clientP95Ms";

  private TimelineCsv() {}

  public static String of(RecordedRun run) {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (ServiceTimeline timeline : run.services().values()) {
      for (Sample sample : timeline.samples()) {
        csv.append(
            String.format(
                Locale.ROOT,
                "%s,%s,%.3f,%d,%d,%s,%s,%s,%s%n",
                timeline.service(),
                sample.at(),
                Duration.between(run.loadStarted(), sample.at()).toMillis() / 1000.0,
                sample.replicas(),
                sample.readyReplicas(),
                value(sample.p95Ms()),
                value(sample.errorRatio()),
                value(sample.requestsPerSecond()),
                value(sample.clientP95Ms())));
      }
    }
    return csv.toString();
  }

  /** An empty cell for no value: the series had none at that instant. */
  private static String value(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
  }
}
