/**
 * Scenarios: load profiles (Gatling Java DSL), scenario specs, the end-to-end suites and the
 * command line. The top of the one-way flow scenario → cluster → load → assertions → report.
 */
package io.scaleproof.scenarios;
