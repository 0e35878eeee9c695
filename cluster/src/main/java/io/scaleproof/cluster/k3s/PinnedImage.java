package io.scaleproof.cluster.k3s;

import io.scaleproof.cluster.InvalidInputException;
import java.nio.file.Path;

/**
 * The rule every image the k3s backend preloads follows: pinned, by a tag other than {@code latest}
 * or by a digest. An unpinned image would be pulled afresh, which an offline cluster cannot do, and
 * would not be the image that was reviewed.
 */
final class PinnedImage {
  private PinnedImage() {}

  /**
   * Returns {@code image} if it is pinned.
   *
   * @throws InvalidInputException naming {@code file} and {@code field} otherwise
   */
  static String check(Path file, String field, String image) {
    if (image.contains("@sha256:")) {
      return image;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash || colon == image.length() - 1) {
      throw new InvalidInputException(
          file,
          field,
          "'" + image + "' has no tag",
          "Pin the image by a released tag, e.g. '" + image + ":1.2.3'");
    }
    if (image.substring(colon + 1).equals("latest")) {
      throw new InvalidInputException(
          file,
          field,
          "'" + image + "' is tagged latest, which moves",
          "Pin the image by a released tag");
    }
    return image;
  }
}
