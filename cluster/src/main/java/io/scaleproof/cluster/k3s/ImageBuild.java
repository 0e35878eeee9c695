package io.scaleproof.cluster.k3s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An image the k3s backend builds from the project and loads into k3s rather than pulls: a sample
 * app's, e.g. {@code scaleproof/sample-app-java:0.1.0} from {@code sample-apps/java/Dockerfile}.
 * Immutable.
 *
 * @param image the reference the manifests run, and the tag the build gives
 * @param dockerfile the Dockerfile, absolute; its directory is the build context
 */
public record ImageBuild(String image, Path dockerfile) {
  /** The build context: the Dockerfile's directory. */
  public Path context() {
    return dockerfile.getParent();
  }

  /**
   * The build of an image that a manifest under {@code <app>/k8s/} declares, when {@code
   * <app>/Dockerfile} exists: the sample apps' layout ({@code sample-apps/<language>/Dockerfile}
   * beside {@code sample-apps/<language>/k8s/}). Any other image is pulled.
   */
  static Optional<ImageBuild> of(String image, Path manifest) {
    Path directory = manifest.toAbsolutePath().normalize().getParent();
    if (directory == null
        || directory.getFileName() == null
        || !directory.getFileName().toString().equals("k8s")
        || directory.getParent() == null) {
      return Optional.empty();
    }
    Path app = directory.getParent();
    Path dockerfile = app.resolve("Dockerfile");
    return Files.isRegularFile(dockerfile)
        ? Optional.of(new ImageBuild(image, dockerfile))
        : Optional.empty();
  }
}
