package io.streamcast.models.image;

import io.streamcast.models.image.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns PNG or JPEG bytes, or raw pixel values, into a {@link PixelImage}, refusing anything else with a reason
 * ({@link ImageDecodeException}). The same decoder serves training data, evaluation and the stream.
 *
 * <ul>
 *   <li>Only PNG and JPEG, recognised by their signatures; the JDK's ImageIO decodes them (other ImageIO formats
 *       are refused: its WBMP reader, for one, accepts almost any bytes).</li>
 *   <li>The size is read from the header before any pixel is decoded, so an image declaring more than
 *       {@code maxPixels} pixels is refused without allocating them (a "decompression bomb" costs nothing).</li>
 *   <li>A corrupt or truncated image is refused, including a JPEG that ImageIO would decode partly with only a
 *       warning and a PNG cut after its image data (it must end with its IEND chunk).</li>
 *   <li>Grey images (8 or 16 bit) give one channel, read from the raster as stored; colour and palette images give
 *       three (sRGB). Alpha is dropped.</li>
 * </ul>
 */
public final class ImageDecoder {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    /** The IEND chunk every complete PNG ends with: length 0, type, CRC. */
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    static {
        ImageIO.setUseCache(false); // decode in memory: no temporary files per image
    }

    private final long maxPixels;

    /** @param maxPixels the most pixels (width × height) an image may have */
    public ImageDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** {@code png}, {@code jpeg}, or null when the bytes start with neither signature. */
    public static String format(byte[] bytes) {
        if (startsWith(bytes, PNG)) {
            return "png";
        }
        if (startsWith(bytes, JPEG)) {
            return "jpeg";
        }
        return null;
    }

    /** Decodes PNG or JPEG bytes. */
    public PixelImage decode(byte[] encoded) throws ImageDecodeException {
        if (encoded == null || encoded.length == 0) {
            throw new ImageDecodeException(Reason.NOT_AN_IMAGE, "no image bytes");
        }
        String format = format(encoded);
        if (format == null) {
            throw new ImageDecodeException(Reason.NOT_AN_IMAGE, "not a PNG or JPEG image (unknown signature)");
        }
        if (format.equals("png") && encoded.length >= 24 && encoded[12] == 'I' && encoded[13] == 'H' && encoded[14] == 'D'
                && encoded[15] == 'R') {
            // the size as declared, before ImageIO, which reports a zero size as just another corrupt file
            ByteBuffer header = ByteBuffer.wrap(encoded, 16, 8);
            checkSize(header.getInt(), header.getInt());
            if (!endsWith(encoded, PNG_END)) {
                // ImageIO ignores chunk CRCs and stops at the image data, so a PNG cut after it would pass
                throw new ImageDecodeException(Reason.NOT_AN_IMAGE, "truncated PNG: it does not end with an IEND chunk");
            }
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(width, height);
            BufferedImage image = reader.read(0);
            if (format.equals("jpeg") && !warnings.isEmpty()) {
                // the JPEG reader reports missing or damaged data as a warning and returns what it could decode
                throw new ImageDecodeException(Reason.NOT_AN_IMAGE, "corrupt " + format.toUpperCase() + ": " + warnings.get(0));
            }
            return toPixels(image);
        } catch (IOException | RuntimeException e) {
            // ImageIO reports corrupt data as IIOException, EOFException and, for some damage, runtime exceptions
            throw new ImageDecodeException(Reason.NOT_AN_IMAGE, "corrupt or truncated " + format.toUpperCase()
                    + (e.getMessage() == null ? " (" + e.getClass().getSimpleName() + ")" : ": " + e.getMessage()));
        } finally {
            reader.dispose();
        }
    }

    /**
     * Checks raw pixel values: row-major, channels side by side, each 0–255.
     *
     * @param channels 1 (grey) or 3 (RGB)
     */
    public PixelImage fromPixels(int width, int height, int channels, int[] values) throws ImageDecodeException {
        checkSize(width, height);
        if (channels != 1 && channels != 3) {
            throw new ImageDecodeException(Reason.INVALID_SIZE, "channels must be 1 (grey) or 3 (RGB), was " + channels);
        }
        long expected = (long) width * height * channels;
        if (values.length != expected) {
            throw new ImageDecodeException(Reason.INVALID_SIZE, width + "x" + height + "x" + channels + " needs " + expected
                    + " pixel values, got " + values.length);
        }
        byte[] pixels = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (v < 0 || v > 255) {
                throw new ImageDecodeException(Reason.INVALID_PIXEL, "pixel value " + v + " at index " + i + " is outside 0-255");
            }
            pixels[i] = (byte) v;
        }
        return new PixelImage(width, height, channels, pixels);
    }

    private void checkSize(int width, int height) throws ImageDecodeException {
        if (width < 1 || height < 1) {
            throw new ImageDecodeException(Reason.INVALID_SIZE, "image size " + width + "x" + height + " is empty");
        }
        if ((long) width * height > maxPixels) {
            throw new ImageDecodeException(Reason.TOO_LARGE, "image of " + width + "x" + height + " has more than "
                    + maxPixels + " pixels");
        }
    }

    /** Grey images as stored (rescaled to 8 bit), everything else as sRGB; alpha dropped. */
    static PixelImage toPixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        if (!(cm instanceof IndexColorModel) && cm.getNumColorComponents() == 1) {
            // read the grey samples themselves: getRGB would pass them through a linear-to-sRGB conversion
            int bits = cm.getComponentSize(0);
            int[] samples = image.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
            byte[] out = new byte[w * h];
            double scale = 255.0 / ((1L << bits) - 1);
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (bits == 8 ? samples[i] : (int) Math.round(samples[i] * scale));
            }
            return new PixelImage(w, h, 1, out);
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            out[3 * i] = (byte) (argb[i] >> 16);
            out[3 * i + 1] = (byte) (argb[i] >> 8);
            out[3 * i + 2] = (byte) argb[i];
        }
        return new PixelImage(w, h, 3, out);
    }

    /** A grey or RGB {@link BufferedImage} holding the pixels (e.g. to encode or resize them with Java 2D). */
    public static BufferedImage toBufferedImage(PixelImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(),
                image.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        int[] samples = new int[image.pixels().length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = image.pixels()[i] & 0xFF;
        }
        out.getRaster().setPixels(0, 0, image.width(), image.height(), samples);
        return out;
    }

    /** The image as PNG bytes (lossless: decoding them gives the same pixels). */
    public static byte[] toPng(PixelImage image) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            if (!ImageIO.write(toBufferedImage(image), "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        if (bytes.length < suffix.length) {
            return false;
        }
        int from = bytes.length - suffix.length;
        for (int i = 0; i < suffix.length; i++) {
            if (bytes[from + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes == null || bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
