package io.scaleproof.cluster.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.Manifests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real programs the local cluster runs beside its control plane (KEDA, the OpenTelemetry Operator,
 * Argo CD): each started through its own {@link LocalPrograms}, logging to the run's {@code logs}
 * directory, and stopped with it.
 */
abstract class LocalComponent implements AutoCloseable {
  /** The component's programs, started by its install. */
  final LocalPrograms programs;

  LocalComponent(Path runDirectory) {
    this.programs = new LocalPrograms(runDirectory.resolve("logs"));
  }

  /** PIDs of the component's programs now running. */
  List<Long> pids() {
    return programs.pids();
  }

  /** Names of the component's programs that stopped on their own. */
  List<String> exited() {
    return programs.exited();
  }

  @Override
  public void close() {
    programs.close();
  }

  /** The release's manifests at {@code paths} (files or directories) under {@code manifests}. */
  static List<HasMetadata> releaseManifests(Path manifests, List<String> paths) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String path : paths) {
      objects.addAll(Manifests.load(manifests.resolve(path)));
    }
    return objects;
  }

  /**
   * Runs {@code install} on {@code component}; when it throws, stops whatever it had started before
   * rethrowing, so a failed start leaves nothing running.
   */
  static <T extends LocalComponent> T installed(
      T component, java.util.function.Consumer<T> install) {
    try {
      install.accept(component);
      return component;
    } catch (RuntimeException | Error e) {
      component.close();
      throw e;
    }
  }
}
