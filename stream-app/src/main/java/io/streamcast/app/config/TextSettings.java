package io.streamcast.app.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The text pipeline's names and its own settings, beside its {@link ClassifierSettings}. */
public final class TextSettings {
    /** Texts: {@code texts} in, {@code text-classes} out; an untrained model knows ham and spam. */
    public static final ClassifierSettings.Kind KIND = new ClassifierSettings.Kind("text", "texts", "text-classes",
            List.of("ham", "spam"), 65_536);
    public static final String MAX_CHARS = "streamcast.text.max-chars";
    public static final String REFIT_MAX_SECONDS = "streamcast.text.refit.max-seconds";

    private TextSettings() {
    }

    static ConfigDef define(ConfigDef def) {
        return ClassifierSettings.define(def, KIND)
                .define(MAX_CHARS, Type.INT, 20_000, Range.between(1, 10_000_000), Importance.LOW,
                        "A text with more characters than this is dead-lettered (TEXT_TOO_LONG); the model itself reads"
                                + " at most its max-tokens tokens of the rest.")
                .define(REFIT_MAX_SECONDS, Type.INT, 900, Range.atLeast(1), Importance.LOW,
                        "Time budget of one refit of the text model; it keeps the best epoch reached by then.");
    }

    public static int maxChars(StreamcastConfig config) {
        return config.getInt(MAX_CHARS);
    }

    public static int refitMaxSeconds(StreamcastConfig config) {
        return config.getInt(REFIT_MAX_SECONDS);
    }
}
