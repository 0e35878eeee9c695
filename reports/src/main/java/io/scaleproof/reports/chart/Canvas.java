package io.scaleproof.reports.chart;

import java.awt.Color;
import java.util.List;
import java.util.Map;

/**
 * What the charts draw with: the same calls make the SVG and the PNG, so the two files always show
 * the same picture. Coordinates are pixels from the top left.
 */
interface Canvas {
  /** A point of a polyline. */
  record Point(double x, double y) {}

  void rectangle(double x, double y, double width, double height, Color fill);

  void line(double x1, double y1, double x2, double y2, Color color, boolean dashed);

  /**
   * A polyline of one series; {@code css} names it in the SVG (for example {@code series replicas})
   * and {@code service} says whose it is.
   */
  void polyline(List<Point> points, Color color, boolean dashed, String css, String service);

  /**
   * A circle: a ring of {@code stroke}, filled with {@code fill} or, when that is null, with
   * nothing. {@code css} names it in the SVG and {@code data} become its {@code data-*} attributes
   * (for example {@code service} and {@code kpi}).
   */
  void circle(
      Point centre, double radius, Color stroke, Color fill, String css, Map<String, String> data);

  void text(double x, double y, String text, Color color, boolean bold);
}
