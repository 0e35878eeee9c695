package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.function.Function;

/** A Deployment's and a ReplicaSet's fields read with the API server's defaults applied. */
final class DeploymentSpec {
  private static final IntOrString DEFAULT_ROLLING_PARAMETER = new IntOrString("25%");

  private DeploymentSpec() {}

  static int replicas(Deployment d) {
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  static int replicas(ReplicaSet rs) {
    return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
  }

  static boolean isRecreate(Deployment d) {
    return d.getSpec().getStrategy() != null
        && "Recreate".equals(d.getSpec().getStrategy().getType());
  }

  /** maxSurge and maxUnavailable resolved against the desired replicas. */
  static RollingUpdate.Fenceposts fenceposts(Deployment d) {
    return RollingUpdate.resolveFenceposts(
        rollingParameter(d, RollingUpdateDeployment::getMaxSurge),
        rollingParameter(d, RollingUpdateDeployment::getMaxUnavailable),
        replicas(d));
  }

  /** {@code MaxUnavailable}: 0 unless RollingUpdate, never more than the desired replicas. */
  static int maxUnavailable(Deployment d) {
    if (isRecreate(d)) {
      return 0;
    }
    return RollingUpdate.maxUnavailable(
        rollingParameter(d, RollingUpdateDeployment::getMaxSurge),
        rollingParameter(d, RollingUpdateDeployment::getMaxUnavailable),
        replicas(d));
  }

  private static IntOrString rollingParameter(
      Deployment d, Function<RollingUpdateDeployment, IntOrString> parameter) {
    var strategy = d.getSpec().getStrategy();
    if (strategy == null || strategy.getRollingUpdate() == null) {
      return DEFAULT_ROLLING_PARAMETER;
    }
    IntOrString value = parameter.apply(strategy.getRollingUpdate());
    return value == null ? DEFAULT_ROLLING_PARAMETER : value;
  }
}
