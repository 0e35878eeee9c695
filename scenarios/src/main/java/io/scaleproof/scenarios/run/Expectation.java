package io.scaleproof.scenarios.run;

/**
 * One expectation of a scenario, judged on the recorded run.
 *
 * @param name what was expected, as a sentence
 * @param passed whether it held
 * @param detail the figures that show it, or the assertion's message naming the late stage
 */
public record Expectation(String name, boolean passed, String detail) {}
