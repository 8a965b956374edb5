package io.streamcast.app.classify.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.classify.InputDecoder;
import io.streamcast.app.messages.BadRecordException;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.models.image.ImageDecodeException;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.ImagePreprocessor;
import io.streamcast.models.image.ImageSpec;
import io.streamcast.models.image.PixelImage;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The input fields of an {@code images} record: either {@code "image"}, a PNG or JPEG as base64 (whitespace and a
 * {@code data:image/…;base64,} prefix are allowed), or {@code "width"}, {@code "height"}, {@code "pixels"} (row-major
 * values 0–255) and optionally {@code "channels"} (1, the default, or 3 with the values of a pixel side by side).
 * The image is decoded with {@link ImageDecoder} and brought to the model's shape at once, so the queue holds small,
 * model-sized images.
 */
public final class ImageInputDecoder implements InputDecoder<PixelImage> {
    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;

    public ImageInputDecoder(ImageDecoder decoder, ImageSpec modelInput) {
        this.decoder = decoder;
        this.preprocessor = new ImagePreprocessor(modelInput);
    }

    @Override
    public PixelImage decode(JsonNode record) {
        JsonNode image = present(record.get("image"));
        JsonNode pixels = present(record.get("pixels"));
        if (image != null && pixels != null) {
            throw new BadRecordException(ErrorCode.WRONG_TYPE, "give either 'image' or 'pixels', not both");
        }
        PixelImage decoded;
        try {
            if (image != null) {
                decoded = decoder.decode(base64(image));
            } else if (pixels != null) {
                decoded = decoder.fromPixels(integer(record, "width", null), integer(record, "height", null),
                        integer(record, "channels", 1), values(pixels));
            } else {
                throw new BadRecordException(ErrorCode.MISSING_FIELD,
                        "no 'image' (base64 PNG or JPEG) and no 'pixels' (with 'width' and 'height')");
            }
        } catch (ImageDecodeException e) {
            throw new BadRecordException(code(e.reason()), e.getMessage());
        }
        return preprocessor.fit(decoded);
    }

    static ErrorCode code(ImageDecodeException.Reason reason) {
        return switch (reason) {
            case NOT_AN_IMAGE -> ErrorCode.NOT_AN_IMAGE;
            case INVALID_SIZE -> ErrorCode.INVALID_IMAGE_SIZE;
            case TOO_LARGE -> ErrorCode.OVERSIZE_IMAGE;
            case INVALID_PIXEL -> ErrorCode.INVALID_PIXEL;
        };
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    private static byte[] base64(JsonNode image) {
        if (!image.isTextual()) {
            throw new BadRecordException(ErrorCode.WRONG_TYPE, "field 'image' must be a base64 string, was " + image.getNodeType());
        }
        String text = image.textValue();
        if (text.startsWith("data:")) {
            int comma = text.indexOf(',');
            if (comma < 0 || !text.substring(0, comma).endsWith(";base64")) {
                throw new BadRecordException(ErrorCode.INVALID_BASE64, "a data URI in 'image' must be ';base64,'-encoded");
            }
            text = text.substring(comma + 1);
        }
        StringBuilder compact = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                compact.append(c);
            }
        }
        try {
            return Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(ErrorCode.INVALID_BASE64, "field 'image' is not valid base64: " + e.getMessage());
        }
    }

    private static int integer(JsonNode record, String field, Integer fallback) {
        JsonNode n = present(record.get(field));
        if (n == null) {
            if (fallback == null) {
                throw new BadRecordException(ErrorCode.MISSING_FIELD, "raw pixels need field '" + field + "'");
            }
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new BadRecordException(ErrorCode.WRONG_TYPE, "field '" + field + "' must be an integer, was " + n.getNodeType());
        }
        return n.intValue();
    }

    private static int[] values(JsonNode pixels) {
        if (!pixels.isArray()) {
            throw new BadRecordException(ErrorCode.WRONG_TYPE, "field 'pixels' must be an array of integers 0-255, was "
                    + pixels.getNodeType());
        }
        int[] out = new int[pixels.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = pixels.get(i);
            if (!v.isIntegralNumber()) {
                throw new BadRecordException(ErrorCode.WRONG_TYPE, "pixel " + i + " must be an integer 0-255, was " + v);
            }
            out[i] = v.canConvertToInt() ? v.intValue() : -1; // beyond int: out of range either way
        }
        return out;
    }

    @Override
    public byte[] toBytes(PixelImage input) {
        return ByteBuffer.allocate(9 + input.pixels().length).putInt(input.width()).putInt(input.height())
                .put((byte) input.channels()).put(input.pixels()).array();
    }

    @Override
    public PixelImage fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int w = b.getInt();
        int h = b.getInt();
        int c = b.get();
        byte[] pixels = new byte[b.remaining()];
        b.get(pixels);
        return new PixelImage(w, h, c, pixels);
    }
}
