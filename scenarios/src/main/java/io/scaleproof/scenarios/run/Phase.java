package io.scaleproof.scenarios.run;

import java.time.Instant;

/**
 * A phase of a run, as it happened: the cluster coming up, the pipeline synced through Git, the
 * load, the wait for the scale-down.
 */
public record Phase(String name, Instant start, Instant stop) {}
