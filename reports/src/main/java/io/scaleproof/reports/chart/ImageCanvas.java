package io.scaleproof.reports.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/** A {@link Canvas} that paints a PNG-ready image with Java 2D (headless). */
final class ImageCanvas implements Canvas {
  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke THIN = new BasicStroke(1f);
  private static final BasicStroke DASHED =
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6, 4}, 0);

  private final BufferedImage image;
  private final Graphics2D graphics;

  ImageCanvas(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    graphics.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
  }

  @Override
  public void rectangle(double x, double y, double width, double height, Color fill) {
    graphics.setColor(fill);
    graphics.fill(new Rectangle2D.Double(x, y, width, height));
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, Color color, boolean dashed) {
    graphics.setColor(color);
    graphics.setStroke(dashed ? DASHED : THIN);
    graphics.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  @Override
  public void polyline(
      List<Point> points, Color color, boolean dashed, String css, String service) {
    if (points.isEmpty()) {
      return;
    }
    Path2D.Double path = new Path2D.Double();
    path.moveTo(points.get(0).x(), points.get(0).y());
    for (Point point : points.subList(1, points.size())) {
      path.lineTo(point.x(), point.y());
    }
    graphics.setColor(color);
    graphics.setStroke(dashed ? DASHED : SOLID);
    graphics.draw(path);
  }

  @Override
  public void circle(
      Point centre, double radius, Color stroke, Color fill, String css, Map<String, String> data) {
    Ellipse2D.Double circle =
        new Ellipse2D.Double(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius);
    if (fill != null) {
      graphics.setColor(fill);
      graphics.fill(circle);
    }
    graphics.setColor(stroke);
    graphics.setStroke(SOLID);
    graphics.draw(circle);
  }

  @Override
  public void text(double x, double y, String text, Color color, boolean bold) {
    graphics.setColor(color);
    graphics.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 12));
    graphics.drawString(text, (float) x, (float) y);
  }

  BufferedImage image() {
    graphics.dispose();
    return image;
  }
}
