package io.scaleproof.cluster.sim.kubelet;

import java.util.List;
import java.util.Map;

/**
 * How the embedded cluster runs one container image as a local process: the image's {@code
 * ENTRYPOINT} and {@code CMD}, working directory and environment, as the image would declare them.
 *
 * @param image the repository, optionally with {@code :tag}; without a tag every tag matches
 * @param entrypoint what the image's ENTRYPOINT would be, placeholders resolved
 * @param cmd what the image's CMD would be, placeholders resolved
 * @param workingDir the process's directory, or null for the run's directory
 * @param env variables the image sets, before the container's own env
 * @param files paths inside the image → local paths, for commands that name the image's own files
 *     (an agent image's {@code cp /javaagent.jar …}); mapped like volume mount paths
 */
public record RuntimeImage(
    String image,
    List<String> entrypoint,
    List<String> cmd,
    String workingDir,
    Map<String, String> env,
    Map<String, String> files) {

  public RuntimeImage {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = Map.copyOf(env);
    files = Map.copyOf(files);
  }

  /** Whether this entry serves {@code reference} (a container's {@code image} field). */
  boolean matches(ImageReference reference) {
    ImageReference own = ImageReference.parse(image);
    return own.repository().equals(reference.repository())
        && (own.tag() == null || own.tag().equals(reference.tag()));
  }
}
