package io.streamcast.models.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a confusion matrix as a PNG: one cell per (actual, predicted) pair, shaded by the share of the actual
 * class's inputs that fell there, with the count written in each cell. Off-screen Java 2D only, so it works
 * headless.
 */
public final class ConfusionMatrixPlot {
    private static final int CELL = 44;
    private static final Color HIGH = new Color(8, 48, 107);

    private ConfusionMatrixPlot() {
    }

    /** Writes the plot to {@code png}; {@code title} goes above it (e.g. the model and the accuracy). */
    public static void write(ConfusionMatrix matrix, String title, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(render(matrix, title), "png", png.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /** The plot as an image. */
    public static BufferedImage render(ConfusionMatrix matrix, String title) {
        List<String> classes = matrix.classes();
        int n = classes.size();
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, n > 20 ? 9 : 11);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(labelFont);
        int labelWidth = 0;
        for (String c : classes) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(c));
        }
        pg.dispose();
        int left = labelWidth + 40;
        int top = 60;
        int bottom = labelWidth + 40;
        int width = Math.max(left + n * CELL + 20, 360);
        int height = top + n * CELL + bottom;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, 10, 20);
        g.setFont(labelFont);
        g.drawString("actual ↓  predicted →", 10, 42);

        for (int a = 0; a < n; a++) {
            long support = matrix.support(a);
            for (int p = 0; p < n; p++) {
                long count = matrix.count(a, p);
                double share = support == 0 ? 0 : (double) count / support;
                Color fill = blend(Color.WHITE, HIGH, share);
                int x = left + p * CELL;
                int y = top + a * CELL;
                g.setColor(fill);
                g.fillRect(x, y, CELL, CELL);
                if (count > 0) {
                    g.setFont(countFont);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    String s = Long.toString(count);
                    FontMetrics cm = g.getFontMetrics();
                    g.drawString(s, x + (CELL - cm.stringWidth(s)) / 2, y + (CELL + cm.getAscent()) / 2 - 2);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left, top, n * CELL, n * CELL);
        g.setFont(labelFont);
        g.setColor(Color.BLACK);
        FontMetrics lm = g.getFontMetrics();
        for (int i = 0; i < n; i++) {
            String c = classes.get(i);
            g.drawString(c, left - 8 - lm.stringWidth(c), top + i * CELL + (CELL + lm.getAscent()) / 2 - 2);
            AffineTransform saved = g.getTransform();
            g.translate(left + i * CELL + (CELL + lm.getAscent()) / 2 - 2, top + n * CELL + 8);
            g.rotate(Math.PI / 2);
            g.drawString(c, 0, 0);
            g.setTransform(saved);
        }
        g.dispose();
        return img;
    }

    private static Color blend(Color from, Color to, double t) {
        return new Color((int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * t),
                (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * t),
                (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * t));
    }
}
