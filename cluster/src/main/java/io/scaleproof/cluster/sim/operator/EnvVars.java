package io.scaleproof.cluster.sim.operator;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;

/** The operator's env-list helpers ({@code sdk.go}), on a container's mutable env list. */
final class EnvVars {
  private EnvVars() {}

  static int indexOf(List<EnvVar> env, String name) {
    for (int i = 0; i < env.size(); i++) {
      if (env.get(i).getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code appendIfNotSet}: appends each variable whose name is not there yet. */
  static void appendIfNotSet(List<EnvVar> env, List<EnvVar> added) {
    for (EnvVar var : added) {
      if (indexOf(env, var.getName()) == -1) {
        env.add(new EnvVarBuilder(var).build());
      }
    }
  }

  /** {@code appendOrReplace}: replaces a variable in place, or appends it. */
  static void appendOrReplace(List<EnvVar> env, EnvVar var) {
    int idx = indexOf(env, var.getName());
    if (idx == -1) {
      env.add(var);
    } else {
      env.set(idx, var);
    }
  }

  /** {@code moveEnvToListEnd}. */
  static void moveToEnd(List<EnvVar> env, String name) {
    int idx = indexOf(env, name);
    if (idx >= 0) {
      env.add(env.remove(idx));
    }
  }

  static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  static EnvVar field(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(fieldPath)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  /** {@code validateContainerEnv}: a variable the agent must extend, set through valueFrom. */
  static boolean setFromSource(List<EnvVar> env, String name) {
    int idx = indexOf(env, name);
    return idx >= 0 && env.get(idx).getValueFrom() != null;
  }
}
