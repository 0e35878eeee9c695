package io.scaleproof.cluster.lint;

import java.nio.file.Path;

/**
 * One thing lint found: which rule, where (the file, its line, the object and the field path in
 * it), what is wrong and what to do.
 *
 * @param rule the rule that found it
 * @param file the file that declares the object
 * @param line the 1-based line of the field in that file (of the object when the field is absent)
 * @param object the object, as {@code Kind namespace/name}
 * @param field the field path in the object, such as {@code spec.triggers[0].metadata.threshold}
 * @param message what is wrong, in a sentence
 * @param fix what to do about it
 */
public record Finding(
    Rule rule, Path file, int line, String object, String field, String message, String fix) {

  public Severity severity() {
    return rule.severity();
  }
}
