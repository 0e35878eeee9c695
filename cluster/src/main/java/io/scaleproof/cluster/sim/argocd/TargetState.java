package io.scaleproof.cluster.sim.argocd;

import java.nio.file.Path;

/**
 * What the repo server last made of an Application's source: the commit its target revision
 * resolved to, the manifests rendered at it and the checkout they came from, or why Git could not
 * be read ({@code comparisonError}, shown as the ComparisonError condition). A failed refresh keeps
 * the last good revision, as Argo CD's status does.
 */
record TargetState(
    String revision, ApplicationSource.Rendered rendered, Path checkout, String comparisonError) {
  static final TargetState NONE = new TargetState(null, null, null, null);

  TargetState failed(String error) {
    return new TargetState(revision, rendered, checkout, error);
  }

  boolean comparable() {
    return comparisonError == null;
  }
}
