package io.streamcast.models.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small images made in code for the tests. */
final class TestImages {
    private TestImages() {
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A grey ramp: value (x * 10 + y) % 256. */
    static PixelImage greyRamp(int w, int h) {
        byte[] p = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = (byte) ((x * 10 + y) % 256);
            }
        }
        return new PixelImage(w, h, 1, p);
    }

    /** A colour image: red grows with x, green with y, blue constant 77. */
    static PixelImage colourRamp(int w, int h) {
        byte[] p = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                p[i] = (byte) (x * 255 / Math.max(1, w - 1));
                p[i + 1] = (byte) (y * 255 / Math.max(1, h - 1));
                p[i + 2] = 77;
            }
        }
        return new PixelImage(w, h, 3, p);
    }

    static PixelImage uniform(int w, int h, int channels, int value) {
        byte[] p = new byte[w * h * channels];
        java.util.Arrays.fill(p, (byte) value);
        return new PixelImage(w, h, channels, p);
    }

    /**
     * A learnable set: class 0 is a bright vertical bar, class 1 a horizontal one, class 2 a bright square blob,
     * each at a random place, with noise.
     */
    static ImageDataset bars(int n, int side, long seed) {
        Random r = new Random(seed);
        List<PixelImage> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            labels[i] = label;
            byte[] p = new byte[side * side];
            for (int k = 0; k < p.length; k++) {
                p[k] = (byte) r.nextInt(40);
            }
            int at = 2 + r.nextInt(side - 4);
            for (int a = 1; a < side - 1; a++) {
                for (int t = -1; t <= 0; t++) {
                    if (label == 0) {
                        p[a * side + at + t] = (byte) 230;
                    } else if (label == 1) {
                        p[(at + t) * side + a] = (byte) 230;
                    }
                }
            }
            if (label == 2) {
                int cx = 3 + r.nextInt(side - 6);
                int cy = 3 + r.nextInt(side - 6);
                for (int y = cy - 2; y <= cy + 2; y++) {
                    for (int x = cx - 2; x <= cx + 2; x++) {
                        p[y * side + x] = (byte) 230;
                    }
                }
            }
            images.add(new PixelImage(side, side, 1, p));
        }
        return ImageDataset.of(new ImageSpec(side, side, 1), List.of("vertical", "horizontal", "blob"), images, labels);
    }

    /** A tiny, fast network for these images. */
    static CnnConfig tinyConfig(int side) {
        return CnnConfig.defaults().withInput(new ImageSpec(side, side, 1)).withLayers(3, 4, 8, 16)
                .withTraining(8, 16, 1e-2).withEarlyStopping(3, 0.2).withSeed(7L);
    }
}
