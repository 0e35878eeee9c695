/**
 * The scaling and SLO assertion DSL: staged, immutable checks over a timeline recorded from the
 * Kubernetes API and PromQL during a run. Depends on nothing but JDK types and records.
 */
package io.scaleproof.assertions;
