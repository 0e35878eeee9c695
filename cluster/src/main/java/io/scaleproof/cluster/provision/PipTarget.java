package io.scaleproof.cluster.provision;

import java.nio.file.Path;
import java.util.List;

/**
 * Python packages for {@code PYTHONPATH}: {@code pip install --target} into the cache, keyed by the
 * requirements file's content — the way the operator builds its Python agent image.
 */
public final class PipTarget {
  private PipTarget() {}

  /** The directory holding {@code requirements}' packages, installing them on first use. */
  public static Path ensure(Path requirements, Path cacheRoot) {
    String content = CachedInstall.read(requirements);
    return CachedInstall.ensure(
        cacheRoot,
        "pip",
        content,
        "the Python packages " + packages(content) + " from " + requirements,
        "Check that python3 with pip is installed and that PyPI is reachable, then run again",
        into ->
            List.of(
                "python3",
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-input",
                "--target",
                into.toString(),
                "-r",
                requirements.toAbsolutePath().toString()));
  }

  /** The requirements themselves ({@code name==version}), without comments and pip options. */
  static List<String> packages(String requirements) {
    return requirements
        .lines()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("-"))
        .toList();
  }
}
