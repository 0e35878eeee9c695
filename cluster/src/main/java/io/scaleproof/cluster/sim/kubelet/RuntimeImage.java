package io.scaleproof.cluster.sim.kubelet;

import java.util.List;
import java.util.Map;

/**
 * How the embedded cluster runs one container image as a local process: the image's {@code
 * ENTRYPOINT} and {@code CMD}, working directory and environment, as the image would declare them.
 *
 * <p>These are the container's view: a path in them is a path inside the container, which the
 * kubelet maps to a volume's directory when a volume is mounted there. Where the table names a path
 * on this machine ({@code ${table.dir}}, {@code ${java}}, a provisioned directory) the value keeps
 * the {@code ${…}} placeholder, and {@link #onHost} puts the host path in only after the mapping: a
 * host path is never read as a container path, wherever the project is checked out.
 *
 * @param image the repository, optionally with {@code :tag}; without a tag every tag matches
 * @param entrypoint what the image's ENTRYPOINT would be, with placeholders
 * @param cmd what the image's CMD would be, with placeholders
 * @param workingDir the process's directory (with placeholders), or null for the run's directory
 * @param env variables the image sets, before the container's own env, with placeholders
 * @param files paths inside the image → local paths, for commands that name the image's own files
 *     (an agent image's {@code cp /javaagent.jar …}); mapped like volume mount paths
 * @param hostPaths each placeholder ({@code ${table.dir}}) → the host value it stands for
 */
public record RuntimeImage(
    String image,
    List<String> entrypoint,
    List<String> cmd,
    String workingDir,
    Map<String, String> env,
    Map<String, String> files,
    Map<String, String> hostPaths) {

  public RuntimeImage {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = Map.copyOf(env);
    files = Map.copyOf(files);
    hostPaths = Map.copyOf(hostPaths);
  }

  /** An image whose declarations name no host path. */
  public RuntimeImage(
      String image,
      List<String> entrypoint,
      List<String> cmd,
      String workingDir,
      Map<String, String> env,
      Map<String, String> files) {
    this(image, entrypoint, cmd, workingDir, env, files, Map.of());
  }

  /** {@code value} with every placeholder of this image replaced by its host path. */
  public String onHost(String value) {
    String resolved = value;
    for (Map.Entry<String, String> placeholder : hostPaths.entrySet()) {
      resolved = resolved.replace(placeholder.getKey(), placeholder.getValue());
    }
    return resolved;
  }

  /** Whether this entry serves {@code reference} (a container's {@code image} field). */
  boolean matches(ImageReference reference) {
    ImageReference own = ImageReference.parse(image);
    return own.repository().equals(reference.repository())
        && (own.tag() == null || own.tag().equals(reference.tag()));
  }
}
