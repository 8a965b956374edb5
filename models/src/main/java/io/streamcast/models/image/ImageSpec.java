package io.streamcast.models.image;

/**
 * The input shape of an image model: every image is converted to these channels and resized to this size.
 *
 * @param width    pixels per row
 * @param height   rows
 * @param channels 1 (grey) or 3 (RGB)
 */
public record ImageSpec(int width, int height, int channels) {
    /** Largest side accepted: a model input, not a photograph. */
    public static final int MAX_SIDE = 1024;

    public ImageSpec {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("image size must be 1-" + MAX_SIDE + " on each side, was " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), was " + channels);
        }
    }

    /** 28×28 grey, as MNIST and Fashion-MNIST. */
    public static ImageSpec mnist() {
        return new ImageSpec(28, 28, 1);
    }

    /** Values per image: width × height × channels. */
    public int size() {
        return width * height * channels;
    }

    @Override
    public String toString() {
        return width + "x" + height + "x" + channels;
    }
}
