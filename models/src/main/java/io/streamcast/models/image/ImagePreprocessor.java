package io.streamcast.models.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Brings any {@link PixelImage} to a model's {@link ImageSpec} and into the network's input: the same code for
 * training, evaluation and the stream.
 *
 * <ol>
 *   <li>Channels: colour to grey by luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B), grey to colour by
 *       repeating the value.</li>
 *   <li>Size: unchanged when it matches (MNIST-like data passes through exactly); otherwise resized with Java 2D,
 *       bilinear, halving first while the image is more than twice the target, so a large image is averaged
 *       down rather than sampled.</li>
 *   <li>Values: 0–255 to 0–1, channel by channel (the network reads channels × height × width).</li>
 * </ol>
 */
public final class ImagePreprocessor {
    private final ImageSpec spec;

    public ImagePreprocessor(ImageSpec spec) {
        this.spec = spec;
    }

    public ImageSpec spec() {
        return spec;
    }

    /** The image in the spec's channels and size; the image itself when it has them already. */
    public PixelImage fit(PixelImage image) {
        PixelImage converted = withChannels(image, spec.channels());
        if (converted.width() == spec.width() && converted.height() == spec.height()) {
            return converted;
        }
        return resize(converted, spec.width(), spec.height());
    }

    /** Writes a fitted image into {@code out} from {@code offset}: channels × height × width values in 0–1. */
    public void normalise(PixelImage fitted, float[] out, int offset) {
        if (!fitted.hasShape(spec)) {
            throw new IllegalArgumentException("image " + fitted + " does not have the model's shape " + spec);
        }
        byte[] p = fitted.pixels();
        int c = spec.channels();
        int plane = spec.width() * spec.height();
        for (int i = 0; i < plane; i++) {
            for (int k = 0; k < c; k++) {
                out[offset + k * plane + i] = (p[i * c + k] & 0xFF) / 255f;
            }
        }
    }

    /** The network input for a batch: each image fitted and normalised, one after the other. */
    public float[] features(List<PixelImage> images) {
        int size = spec.size();
        float[] out = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            normalise(fit(images.get(i)), out, i * size);
        }
        return out;
    }

    static PixelImage withChannels(PixelImage image, int channels) {
        if (image.channels() == channels) {
            return image;
        }
        byte[] p = image.pixels();
        int n = image.width() * image.height();
        byte[] out = new byte[n * channels];
        if (channels == 1) {
            for (int i = 0; i < n; i++) {
                double luma = 0.299 * (p[3 * i] & 0xFF) + 0.587 * (p[3 * i + 1] & 0xFF) + 0.114 * (p[3 * i + 2] & 0xFF);
                out[i] = (byte) Math.min(255, (int) Math.round(luma));
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[3 * i] = p[i];
                out[3 * i + 1] = p[i];
                out[3 * i + 2] = p[i];
            }
        }
        return new PixelImage(image.width(), image.height(), channels, out);
    }

    static PixelImage resize(PixelImage image, int width, int height) {
        BufferedImage current = ImageDecoder.toBufferedImage(image);
        int w = image.width();
        int h = image.height();
        while (w > 2 * width || h > 2 * height) {
            w = Math.max(width, (w + 1) / 2);
            h = Math.max(height, (h + 1) / 2);
            current = draw(current, w, h);
        }
        current = draw(current, width, height);
        return ImageDecoder.toPixels(current);
    }

    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, source.getType());
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }
}
