package io.scaleproof.cluster.provision;

import java.nio.file.Path;
import java.util.List;

/**
 * A Python environment with a requirements file installed in its site-packages, as an image's
 * {@code pip install -r requirements.txt} leaves it: the app's packages do not travel in {@code
 * PYTHONPATH}, which stays free for what the operator injects.
 */
public final class PythonVenv {
  private PythonVenv() {}

  /** The environment's directory ({@code bin/python3} inside), created on first use. */
  public static Path ensure(Path requirements, Path cacheRoot) {
    String content = CachedInstall.read(requirements);
    String requirementsPath = requirements.toAbsolutePath().toString();
    return CachedInstall.ensure(
        cacheRoot,
        "venv",
        content,
        "a Python environment with " + PipTarget.packages(content) + " from " + requirements,
        "Check that python3 with venv and pip is installed and that PyPI is reachable, then run again",
        into ->
            List.of(
                "sh",
                "-c",
                "python3 -m venv \"$0\" && \"$0/bin/python3\" -m pip install --quiet"
                    + " --disable-pip-version-check --no-input -r \"$1\"",
                into.toString(),
                requirementsPath));
  }
}
