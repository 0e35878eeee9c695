package io.scaleproof.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A copy of the shipped pipeline (cluster/gitops and the sample apps' k8s) to break on purpose. */
public final class PipelineCopy {
  private PipelineCopy() {}

  /**
   * Copies the pipeline under {@code target}, keeping the paths its kustomization uses; the copy's
   * {@code cluster/gitops}.
   */
  public static Path of(Path target) {
    Path root = ProjectFiles.find("cluster/gitops").getParent().getParent();
    for (String directory :
        List.of(
            "cluster/gitops",
            "sample-apps/java/k8s",
            "sample-apps/node/k8s",
            "sample-apps/python/k8s")) {
      Path from = root.resolve(directory);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Path to = target.resolve(directory).resolve(from.relativize(file).toString());
          Files.createDirectories(to.getParent());
          Files.copy(file, to);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return target.resolve("cluster/gitops");
  }

  /**
   * Replaces the first {@code from} in {@code file} with {@code to}; {@code from} must be there.
   */
  public static void edit(Path file, String from, String to) {
    try {
      String text = Files.readString(file);
      assertThat(text).as("the mutation's text in " + file).contains(from);
      Files.writeString(file, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces every {@code from} in {@code file} with {@code to}; {@code from} must be there. */
  public static void editEvery(Path file, String from, String to) {
    try {
      String text = Files.readString(file);
      assertThat(text).as("the mutation's text in " + file).contains(from);
      Files.writeString(file, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
