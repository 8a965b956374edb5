package io.streamcast.models.image;

import java.util.Arrays;

/**
 * An image as 8-bit pixels: row-major, the channels of a pixel side by side (1 = grey, 3 = red, green, blue).
 * The format every decoder produces and every model reads, whatever the image came as.
 *
 * @param width    pixels per row
 * @param height   rows
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels   {@code width × height × channels} unsigned bytes (0–255), not copied
 */
public record PixelImage(int width, int height, int channels, byte[] pixels) {

    public PixelImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " is empty");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), was " + channels);
        }
        if ((long) width * height * channels != pixels.length) {
            throw new IllegalArgumentException(width + "x" + height + "x" + channels + " image needs "
                    + (long) width * height * channels + " bytes, has " + pixels.length);
        }
    }

    /** The value (0–255) of channel {@code c} of the pixel at column {@code x}, row {@code y}. */
    public int value(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }

    /** Whether it has this shape. */
    public boolean hasShape(ImageSpec spec) {
        return width == spec.width() && height == spec.height() && channels == spec.channels();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelImage p && p.width == width && p.height == height && p.channels == channels
                && Arrays.equals(p.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * width + height) + channels) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "PixelImage[" + width + "x" + height + "x" + channels + "]";
    }
}
