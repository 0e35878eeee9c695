/**
 * scaleproof in a team's own JUnit 5 build: {@link io.scaleproof.scenarios.junit.Scaleproof} runs a
 * project's scenarios from tests, {@link io.scaleproof.scenarios.junit.RunOutcomeAssert} asserts on
 * what they found.
 */
package io.scaleproof.scenarios.junit;
