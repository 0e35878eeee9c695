/**
 * The scaling and SLO assertion DSL over a run recorded from the Kubernetes API and PromQL.
 *
 * <p>A {@link io.scaleproof.assertions.RecordedRun} holds each service's {@link
 * io.scaleproof.assertions.ServiceTimeline} of {@link io.scaleproof.assertions.Sample}s. {@link
 * io.scaleproof.assertions.ScalingAssertions#assertThat} starts a staged, immutable chain that
 * reads as a sentence and checks eagerly, throwing {@link AssertionError} with the stage's name and
 * the values seen; {@link io.scaleproof.assertions.ServiceFigures} gives the same moments as
 * numbers for reports. Depends on nothing but the JDK.
 */
package io.scaleproof.assertions;
