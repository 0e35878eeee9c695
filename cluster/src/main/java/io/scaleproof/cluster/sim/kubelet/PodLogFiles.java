package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a pod's containers log, as the kubelet lays it out: {@code
 * <logRoot>/<namespace>_<name>_<uid>/<container>/<n>.log}, instance n of a container counting from
 * 0; and which of those files are the current and the previous instance's, as a snapshot the worker
 * takes at every change. Log requests read the snapshot without the worker's lock: they arrive on
 * the API server's event loop, and the worker holds its lock while it writes the pod's status
 * through that same server, so a log request that waited for the lock could hold up the very write
 * the lock waits for.
 */
final class PodLogFiles {
  /** One container's log files: its current instance's, and the one before, when there are. */
  private record Container(
      String name, boolean init, Optional<Path> current, Optional<Path> previous) {}

  private final Path directory;
  private volatile List<Container> snapshot = List.of();

  PodLogFiles(Path logRoot, Pod pod) {
    this.directory =
        logRoot.resolve(
            pod.getMetadata().getNamespace()
                + "_"
                + pod.getMetadata().getName()
                + "_"
                + pod.getMetadata().getUid());
  }

  /** The file instance {@code instance} of {@code runner}'s container logs to. */
  Path of(ContainerRunner runner, int instance) {
    return directory.resolve(runner.spec.getName()).resolve(instance + ".log");
  }

  /** Takes the snapshot of {@code runners}' current and previous log files. */
  void update(List<ContainerRunner> runners) {
    snapshot =
        runners.stream()
            .map(
                r ->
                    new Container(
                        r.spec.getName(),
                        r.init,
                        of(r, r.logInstance(false)),
                        of(r, r.logInstance(true))))
            .toList();
  }

  /**
   * The log file of a container's current (or previous) instance, as of the last snapshot; the
   * first app container when {@code container} is null.
   */
  Optional<Path> read(String container, boolean previous) {
    return snapshot.stream()
        .filter(c -> container == null ? !c.init() : c.name().equals(container))
        .findFirst()
        .flatMap(c -> previous ? c.previous() : c.current());
  }

  private Optional<Path> of(ContainerRunner runner, OptionalInt instance) {
    return instance.isPresent() ? Optional.of(of(runner, instance.getAsInt())) : Optional.empty();
  }
}
