package io.streamcast.app.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The image pipeline's own settings, beside its {@link ClassifierSettings}. */
public final class ImageSettings {
    public static final String WIDTH = "streamcast.image.width";
    public static final String HEIGHT = "streamcast.image.height";
    public static final String CHANNELS = "streamcast.image.channels";
    public static final String MAX_PIXELS = "streamcast.image.max-pixels";

    private ImageSettings() {
    }

    static ConfigDef define(ConfigDef def) {
        return def
                .define(WIDTH, Type.INT, 28, Range.between(10, 1024), Importance.LOW,
                        "Input width of the untrained image model; every image is resized to it.")
                .define(HEIGHT, Type.INT, 28, Range.between(10, 1024), Importance.LOW,
                        "Input height of the untrained image model.")
                .define(CHANNELS, Type.INT, 1, new OneOrThree(), Importance.LOW,
                        "Channels of the untrained image model: 1 (grey) or 3 (RGB); every image is converted.")
                .define(MAX_PIXELS, Type.LONG, 4_194_304L, Range.between(1, 100_000_000), Importance.LOW,
                        "An image with more pixels (width x height) than this is dead-lettered before it is decoded.");
    }

    public static int width(StreamcastConfig config) {
        return config.getInt(WIDTH);
    }

    public static int height(StreamcastConfig config) {
        return config.getInt(HEIGHT);
    }

    public static int channels(StreamcastConfig config) {
        return config.getInt(CHANNELS);
    }

    public static long maxPixels(StreamcastConfig config) {
        return config.getLong(MAX_PIXELS);
    }

    /** Grey or RGB. */
    private static final class OneOrThree implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof Integer i) || (i != 1 && i != 3)) {
                throw new ConfigException(name, value, "must be 1 (grey) or 3 (RGB)");
            }
        }

        @Override
        public String toString() {
            return "[1, 3]";
        }
    }
}
