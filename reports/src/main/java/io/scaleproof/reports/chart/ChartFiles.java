package io.scaleproof.reports.chart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes a chart as its two files, {@code <name>.svg} and {@code <name>.png}. */
final class ChartFiles {
  private ChartFiles() {}

  /**
   * Writes both into {@code directory} (created if absent) and returns their paths, SVG first;
   * {@code what} names the chart in an error.
   */
  static List<Path> write(
      Path directory, String name, String what, String svg, BufferedImage image) {
    Path svgFile = directory.resolve(name + ".svg");
    Path pngFile = directory.resolve(name + ".png");
    try {
      Files.createDirectories(directory);
      Files.writeString(svgFile, svg);
      ImageIO.write(image, "png", pngFile.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + what + " into " + directory, e);
    }
    return List.of(svgFile, pngFile);
  }
}
