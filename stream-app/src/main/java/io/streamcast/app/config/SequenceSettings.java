package io.streamcast.app.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The sequence pipeline's names and its own settings, beside its {@link ClassifierSettings}. */
public final class SequenceSettings {
    /** Sequences: {@code sequences} in, {@code sequence-classes} out; an untrained model knows classes 1 and 2. */
    public static final ClassifierSettings.Kind KIND = new ClassifierSettings.Kind("sequence", "sequences",
            "sequence-classes", List.of("1", "2"), 262_144);
    public static final String MAX_VALUES = "streamcast.sequence.max-values";
    public static final String MAX_ABS_VALUE = "streamcast.sequence.max-abs-value";
    public static final String REFIT_MAX_SECONDS = "streamcast.sequence.refit.max-seconds";

    private SequenceSettings() {
    }

    static ConfigDef define(ConfigDef def) {
        return ClassifierSettings.define(def, KIND)
                .define(MAX_VALUES, Type.INT, 10_000, Range.between(1, 1_000_000), Importance.LOW,
                        "A sequence with more values than this is dead-lettered (SEQUENCE_TOO_LONG); the model shortens"
                                + " longer ones than its max-length by averaging.")
                .define(MAX_ABS_VALUE, Type.DOUBLE, 1e15, Range.atLeast(0), Importance.LOW,
                        "A sequence with a value of larger magnitude is dead-lettered (ABSURD_VALUE).")
                .define(REFIT_MAX_SECONDS, Type.INT, 900, Range.atLeast(1), Importance.LOW,
                        "Time budget of one refit of the sequence model; it keeps the best epoch reached by then.");
    }

    public static int maxValues(StreamcastConfig config) {
        return config.getInt(MAX_VALUES);
    }

    public static double maxAbsValue(StreamcastConfig config) {
        return config.getDouble(MAX_ABS_VALUE);
    }

    public static int refitMaxSeconds(StreamcastConfig config) {
        return config.getInt(REFIT_MAX_SECONDS);
    }
}
