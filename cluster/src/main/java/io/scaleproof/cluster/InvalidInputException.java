package io.scaleproof.cluster;

import java.nio.file.Path;

/**
 * A file the user wrote is wrong: a manifest, the runtime table, a scenario. The message names the
 * file, the place in it, what is wrong and what to do; the command line maps it to exit code 2.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String field;

  /**
   * @param file the file at fault
   * @param field where in the file: a field path such as {@code document 2 (line 14):
   *     metadata.name}
   * @param problem what is wrong, as a sentence fragment
   * @param fix what to do about it
   */
  public InvalidInputException(Path file, String field, String problem, String fix) {
    super(file + ": " + field + ": " + problem + (fix.isEmpty() ? "" : ". " + fix));
    this.file = file;
    this.field = field;
  }

  public Path file() {
    return file;
  }

  public String field() {
    return field;
  }
}
