package io.scaleproof.reports.chart;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A {@link Canvas} that writes SVG 1.1 text. */
final class SvgCanvas implements Canvas {
  private final StringBuilder svg = new StringBuilder();
  private final int width;
  private final int height;

  SvgCanvas(int width, int height) {
    this.width = width;
    this.height = height;
  }

  @Override
  public void rectangle(double x, double y, double w, double h, Color fill) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
            x,
            y,
            w,
            h,
            hex(fill)));
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, Color color, boolean dashed) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
            x1,
            y1,
            x2,
            y2,
            hex(color),
            dashed ? " stroke-dasharray=\"6 4\"" : ""));
  }

  @Override
  public void polyline(
      List<Point> points, Color color, boolean dashed, String css, String service) {
    StringBuilder coordinates = new StringBuilder();
    for (Point point : points) {
      coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", point.x(), point.y()));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<polyline class=\"%s\" data-service=\"%s\" points=\"%s\" fill=\"none\" stroke=\"%s\""
                + " stroke-width=\"2\"%s/>%n",
            css,
            escape(service),
            coordinates.toString().trim(),
            hex(color),
            dashed ? " stroke-dasharray=\"6 4\"" : ""));
  }

  /** Writes the {@code data-*} attributes in the order of their names. */
  @Override
  public void circle(
      Point centre, double radius, Color stroke, Color fill, String css, Map<String, String> data) {
    StringBuilder attributes = new StringBuilder();
    new TreeMap<>(data)
        .forEach(
            (name, value) ->
                attributes
                    .append(" data-")
                    .append(name)
                    .append("=\"")
                    .append(escape(value))
                    .append('"'));
    svg.append(
        String.format(
            Locale.ROOT,
            "<circle class=\"%s\"%s cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\""
                + " stroke-width=\"2\"/>%n",
            css,
            attributes,
            centre.x(),
            centre.y(),
            radius,
            fill == null ? "none" : hex(fill),
            hex(stroke)));
  }

  @Override
  public void text(double x, double y, String text, Color color, boolean bold) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-family=\"sans-serif\" font-size=\"12\"%s>"
                + "%s</text>%n",
            x,
            y,
            hex(color),
            bold ? " font-weight=\"bold\"" : "",
            escape(text)));
  }

  /** The whole document. */
  String document() {
    return String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\">%n",
            width,
            height,
            width,
            height)
        + svg
        + "</svg>\n";
  }

  private static String hex(Color color) {
    return String.format("#%02x%02x%02x", color.getRed(), color.getGreen(), color.getBlue());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
