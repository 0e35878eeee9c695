package io.scaleproof.cluster.gitops;

import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * Argo CD's {@code glob.Match} for the group, kind and name fields of ignoreDifferences and
 * resource overrides. An omitted field is the empty pattern, which matches only the empty value: a
 * rule without {@code group} is for the core group alone, so {@code kind: Deployment} without
 * {@code group: apps} matches no Deployment.
 */
public final class ArgoGlob {
  private ArgoGlob() {}

  /** Whether {@code pattern} (null for an omitted field) matches {@code value}. */
  public static boolean matches(Object pattern, String value) {
    String text = pattern == null ? "" : String.valueOf(pattern);
    if (text.isEmpty()) {
      return value.isEmpty();
    }
    return text.equals(value)
        || FileSystems.getDefault()
            .getPathMatcher("glob:" + text)
            .matches(Path.of(value.isEmpty() ? "_" : value));
  }
}
