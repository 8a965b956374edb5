package io.streamcast.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings every classification pipeline has (images, texts, sequences), declared once per kind under
 * {@code streamcast.<kind>.} and the two topics under {@code streamcast.topic.}. A kind registers its settings
 * with one {@link #define} call in {@link StreamcastConfig}.
 */
public final class ClassifierSettings {
    /** A classification pipeline's names and defaults. */
    public record Kind(String name, String inputTopic, String outputTopic, List<String> defaultClasses,
                       int defaultMaxPayloadBytes) {
        public String prefix() {
            return "streamcast." + name + ".";
        }

        public String inputTopicKey() {
            return "streamcast.topic." + inputTopic;
        }

        public String outputTopicKey() {
            return "streamcast.topic." + outputTopic;
        }
    }

    /** Images: {@code images} in, {@code image-classes} out; an untrained model knows the digits 0-9. */
    public static final Kind IMAGES = new Kind("image", "images", "image-classes",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), 1_048_576);

    public static final String ENABLED = "enabled";
    public static final String MODEL = "model";
    public static final String CLASSES = "classes";
    public static final String TOP_K = "top-k";
    public static final String MAX_PAYLOAD_BYTES = "max-payload-bytes";
    public static final String REFIT_INTERVAL = "refit.interval";
    public static final String REFIT_BUFFER = "refit.buffer";
    public static final String REFIT_EPOCHS = "refit.epochs";
    public static final String REFIT_HOLDOUT = "refit.holdout";

    private final Kind kind;
    private final StreamcastConfig config;

    private ClassifierSettings(Kind kind, StreamcastConfig config) {
        this.kind = kind;
        this.config = config;
    }

    /** Declares the kind's settings. */
    public static ConfigDef define(ConfigDef def, Kind kind) {
        String p = kind.prefix();
        String what = kind.inputTopic();
        return def
                .define(kind.inputTopicKey(), Type.STRING, kind.inputTopic(), new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Input topic of " + what + " to classify.")
                .define(kind.outputTopicKey(), Type.STRING, kind.outputTopic(), new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Output topic of the classes of " + what + ", one record per accepted input.")
                .define(p + ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Classify the " + what + " topic.")
                .define(p + MODEL, Type.STRING, "", Importance.MEDIUM,
                        "Model artifact to start from. Empty: an untrained network for " + p + CLASSES
                                + " that learns from the labelled inputs of the stream.")
                .define(p + CLASSES, Type.LIST, kind.defaultClasses(), Importance.MEDIUM,
                        "Class names of the untrained model (ignored when " + p + MODEL + " is set: the artifact names its classes).")
                .define(p + TOP_K, Type.INT, 3, Range.between(1, 100), Importance.LOW,
                        "Most probable classes listed on each prediction (at most the number of classes).")
                .define(p + MAX_PAYLOAD_BYTES, Type.INT, kind.defaultMaxPayloadBytes(), Range.atLeast(16), Importance.LOW,
                        "A record of the " + what + " topic larger than this is dead-lettered without being parsed.")
                .define(p + REFIT_INTERVAL, Type.INT, 1_000, Range.atLeast(0), Importance.LOW,
                        "A new model version is trained, off the stream threads, after every this many labelled inputs;"
                                + " 0 = never.")
                .define(p + REFIT_BUFFER, Type.INT, 5_000, Range.atLeast(10), Importance.LOW,
                        "The most recent labelled inputs kept (in memory) to train on.")
                .define(p + REFIT_EPOCHS, Type.INT, 3, Range.between(1, 1_000), Importance.LOW,
                        "Passes over those inputs per refit at most.")
                .define(p + REFIT_HOLDOUT, Type.DOUBLE, 0.2, Range.between(0.05, 0.5), Importance.LOW,
                        "Share of the newest labelled inputs held back from a refit; the new model is served only if"
                                + " it is at least as accurate on them as the serving one.");
    }

    /** The kind's settings from a validated configuration. */
    public static ClassifierSettings of(Kind kind, StreamcastConfig config) {
        return new ClassifierSettings(kind, config);
    }

    /**
     * The class names of an untrained model: at least two, distinct, none blank.
     *
     * @throws ConfigException naming the setting otherwise
     */
    public List<String> untrainedClasses() {
        List<String> c = classes();
        if (c.size() < 2) {
            throw new ConfigException(kind.prefix() + CLASSES, c, "an untrained model needs at least 2 classes");
        }
        if (c.stream().anyMatch(String::isBlank) || c.stream().distinct().count() != c.size()) {
            throw new ConfigException(kind.prefix() + CLASSES, c, "class names must be distinct and not blank");
        }
        return c;
    }

    public Kind kind() {
        return kind;
    }

    public String inputTopic() {
        return config.getString(kind.inputTopicKey());
    }

    public String outputTopic() {
        return config.getString(kind.outputTopicKey());
    }

    public boolean enabled() {
        return config.getBoolean(kind.prefix() + ENABLED);
    }

    public Optional<Path> modelFile() {
        String f = config.getString(kind.prefix() + MODEL);
        return f == null || f.isBlank() ? Optional.empty() : Optional.of(Path.of(f));
    }

    public List<String> classes() {
        return config.getList(kind.prefix() + CLASSES).stream().map(String::strip).toList();
    }

    public int topK() {
        return config.getInt(kind.prefix() + TOP_K);
    }

    public int maxPayloadBytes() {
        return config.getInt(kind.prefix() + MAX_PAYLOAD_BYTES);
    }

    public int refitInterval() {
        return config.getInt(kind.prefix() + REFIT_INTERVAL);
    }

    public int refitBuffer() {
        return config.getInt(kind.prefix() + REFIT_BUFFER);
    }

    public int refitEpochs() {
        return config.getInt(kind.prefix() + REFIT_EPOCHS);
    }

    public double refitHoldout() {
        return config.getDouble(kind.prefix() + REFIT_HOLDOUT);
    }

    /** The configuration these settings come from (for a kind's own settings). */
    public StreamcastConfig config() {
        return config;
    }
}
