package io.scaleproof.assertions;

import java.util.Objects;
import java.util.TreeSet;

/** Assertions on a recorded run: pick the service to assert on. Immutable. */
public final class RunAssert {

  private final RecordedRun run;

  RunAssert(RecordedRun run) {
    this.run = Objects.requireNonNull(run, "run: is required");
  }

  /**
   * The assertions on one service.
   *
   * @throws AssertionError if the run recorded no such service; the message lists those it did
   */
  public ServiceAssert service(String name) {
    ServiceTimeline timeline = run.services().get(name);
    if (timeline == null) {
      throw new AssertionError(
          "scenario '"
              + run.scenario()
              + "' recorded no service '"
              + name
              + "'; recorded services: "
              + new TreeSet<>(run.services().keySet()));
    }
    return new ServiceAssert(new Subject(run, timeline));
  }
}
