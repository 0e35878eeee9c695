package io.scaleproof.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's own files (cluster/runtimes.yaml, cluster/gitops, cluster/tools) from
 * wherever scaleproof runs: {@code -Dscaleproof.home}, else the nearest directory above the working
 * directory that holds the file, as Maven modules and the command line both run below the project.
 */
public final class ProjectFiles {
  private ProjectFiles() {}

  /** The file or directory at {@code relative} (e.g. {@code cluster/gitops}) in the project. */
  public static Path find(String relative) {
    String home = System.getProperty("scaleproof.home");
    if (home != null) {
      return Path.of(home).resolve(relative).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return Path.of(relative).toAbsolutePath();
  }
}
