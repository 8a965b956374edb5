package io.streamcast.app.demo;

import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.PixelImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic labelled images for the demo: a light shape — circle, square, triangle or cross — of random size,
 * place, rotation and stroke, drawn on a dark noisy background (as MNIST digits are), so the image pipeline has
 * something to learn without any data set on disk.
 */
public final class ShapeImageGenerator {
    /** The classes, in label order. */
    public static final List<String> CLASSES = List.of("circle", "square", "triangle", "cross");

    /** A drawn image and its class. */
    public record Labelled(PixelImage image, String label) {
    }

    private final Random random;
    private final int side;

    public ShapeImageGenerator(long seed, int side) {
        this.random = new Random(seed);
        this.side = side;
    }

    /** The next image, its class drawn at random. */
    public Labelled next() {
        int label = random.nextInt(CLASSES.size());
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, side, side);
            double size = side * (0.45 + 0.35 * random.nextDouble());
            double cx = side / 2.0 + (random.nextDouble() - 0.5) * (side - size) * 0.8;
            double cy = side / 2.0 + (random.nextDouble() - 0.5) * (side - size) * 0.8;
            int grey = 170 + random.nextInt(86);
            g.setColor(new Color(grey, grey, grey));
            g.setStroke(new BasicStroke((float) (side / 16.0 * (1 + random.nextDouble()))));
            AffineTransform at = new AffineTransform();
            at.translate(cx, cy);
            at.rotate(label == 0 ? 0 : random.nextDouble() * Math.PI / 2);
            g.transform(at);
            int h = (int) Math.round(size / 2);
            switch (label) {
                case 0 -> g.drawOval(-h, -h, 2 * h, 2 * h);
                case 1 -> g.drawRect(-h, -h, 2 * h, 2 * h);
                case 2 -> g.drawPolygon(new Polygon(new int[] {0, h, -h}, new int[] {-h, h, h}, 3));
                default -> {
                    g.drawLine(-h, 0, h, 0);
                    g.drawLine(0, -h, 0, h);
                }
            }
        } finally {
            g.dispose();
        }
        PixelImage clean = pixels(img);
        byte[] p = clean.pixels();
        for (int i = 0; i < p.length; i++) {
            int v = (p[i] & 0xFF) + (int) Math.round(random.nextGaussian() * 12);
            p[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return new Labelled(clean, CLASSES.get(label));
    }

    private static PixelImage pixels(BufferedImage img) {
        byte[] p = new byte[img.getWidth() * img.getHeight()];
        img.getRaster().getDataElements(0, 0, img.getWidth(), img.getHeight(), p);
        return new PixelImage(img.getWidth(), img.getHeight(), 1, p);
    }

    /** The image as a PNG. */
    public static byte[] png(Labelled l) {
        return ImageDecoder.toPng(l.image());
    }
}
