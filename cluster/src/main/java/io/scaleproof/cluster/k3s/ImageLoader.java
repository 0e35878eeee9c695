package io.scaleproof.cluster.k3s;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * Puts the images built from the project into k3s: each is built by this machine's Docker from its
 * Dockerfile (the Dockerfile's directory is the context, its {@code .dockerignore} honoured), saved
 * as an archive, and imported into the node's containerd. A built image stays in Docker under its
 * tag, so that the next run's build is mostly cached layers.
 */
final class ImageLoader {
  private final K3sNode node;
  private final Path scratch;

  /**
   * @param scratch a directory for the image archives, each deleted once imported
   */
  ImageLoader(K3sNode node, Path scratch) {
    this.node = node;
    this.scratch = scratch;
  }

  /**
   * Builds the image and imports it into the node.
   *
   * @throws IllegalStateException naming the image and its Dockerfile, if the build, the save or
   *     the import fails
   */
  void load(ImageBuild build) {
    build(build);
    Path tar = save(build.image());
    try {
      node.importImage(build.image(), tar);
    } finally {
      deleteQuietly(tar);
    }
  }

  private static void build(ImageBuild build) {
    try {
      new ImageFromDockerfile(build.image(), false).withDockerfile(build.dockerfile()).get();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot build image "
              + build.image()
              + " from "
              + build.dockerfile()
              + ": "
              + e.getMessage()
              + ". Build it by hand to see Docker's output: docker build -t "
              + build.image()
              + " "
              + build.context()
              + " (a file it copies may not be built yet: ./mvnw package builds the Java app's"
              + " jar)",
          e);
    }
  }

  /** {@code docker save} of one image, into a file of the scratch directory. */
  private Path save(String image) {
    DockerImageName name = DockerImageName.parse(image);
    DockerClient docker = DockerClientFactory.instance().client();
    Path tar = null;
    try {
      Files.createDirectories(scratch);
      tar = Files.createTempFile(scratch, name.getRepository().replace('/', '-') + "-", ".tar");
      try (InputStream archive =
          docker.saveImageCmd(name.getUnversionedPart()).withTag(name.getVersionPart()).exec()) {
        Files.copy(archive, tar, StandardCopyOption.REPLACE_EXISTING);
      }
      return tar;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tar);
      throw failure(image, e);
    }
  }

  private RuntimeException failure(String image, Exception e) {
    if (e instanceof IOException io) {
      return new UncheckedIOException("cannot save image " + image + " into " + scratch, io);
    }
    return new IllegalStateException(
        "cannot save image " + image + " from Docker: " + e.getMessage(), e);
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover archive in the run directory; nothing depends on it.
    }
  }
}
