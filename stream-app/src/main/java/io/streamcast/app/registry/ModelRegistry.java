package io.streamcast.app.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's view of the registry topic: every record of {@code streamcast-models} is offered here (by the
 * global store, on every instance), verified, and handed to the pipeline serving that model name. A record that
 * fails (unreadable, tampered, unsigned while a key is set, wrongly signed, incompatible, or older than what is
 * served) is refused with a log line and the counter {@code streamcast.registry.rejected{model, reason}}; the
 * current model keeps serving.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** What became of an offered record. */
    public enum Outcome { SERVED, REJECTED, UNCHANGED, NOT_SERVED_HERE }

    private final Map<String, ModelSubscriber> subscribers = new ConcurrentHashMap<>();
    private final Optional<byte[]> signingKey;
    private final MeterRegistry meters;

    public ModelRegistry(Optional<byte[]> signingKey, MeterRegistry meters) {
        this.signingKey = signingKey;
        this.meters = meters;
    }

    /** Registers the pipeline serving {@link ModelSubscriber#modelName()}. */
    public ModelRegistry subscribe(ModelSubscriber subscriber) {
        subscribers.put(subscriber.modelName(), subscriber);
        return this;
    }

    /**
     * Verifies a registry record and, when it is a newer version of a model served here, swaps it in.
     * Never throws: a bad record must not stop the instance.
     */
    public Outcome offer(String key, byte[] value) {
        String name = key == null ? "(null key)" : key;
        if (value == null) {
            LOG.info("registry: tombstone for model '{}' ignored; the current version keeps serving", name);
            return Outcome.UNCHANGED;
        }
        ModelSubscriber subscriber = key == null ? null : subscribers.get(key);
        ModelArtifact artifact;
        try {
            artifact = ModelArtifact.fromBytes(value, signingKey);
        } catch (InvalidArtifactException e) {
            return reject(name, e.reason().name(), e.getMessage(), subscriber);
        } catch (RuntimeException e) {
            return reject(name, InvalidArtifactException.Reason.UNREADABLE.name(), e.toString(), subscriber);
        }
        if (!artifact.card().name().equals(key)) {
            return reject(name, InvalidArtifactException.Reason.INCOMPATIBLE.name(),
                    "the record key is '" + name + "' but the model card names '" + artifact.card().name() + "'", subscriber);
        }
        if (subscriber == null) {
            LOG.debug("registry: model '{}' v{} is not served by this instance", name, artifact.card().version());
            return Outcome.NOT_SERVED_HERE;
        }
        long version = artifact.card().version();
        long serving = subscriber.servingVersion();
        if (version == serving) {
            return Outcome.UNCHANGED; // read again, e.g. after a restart of the global consumer
        }
        if (version < serving) {
            return reject(name, "STALE", "version " + version + " is older than the served v" + serving, subscriber);
        }
        try {
            subscriber.serve(artifact);
        } catch (InvalidArtifactException e) {
            return reject(name, e.reason().name(), e.getMessage(), subscriber);
        } catch (RuntimeException e) {
            return reject(name, InvalidArtifactException.Reason.INCOMPATIBLE.name(), e.toString(), subscriber);
        }
        Counter.builder("streamcast.registry.served").description("Model versions taken from the registry and served")
                .tag("model", name).register(meters).increment();
        LOG.info("registry: model '{}' v{} now serving (was v{}; kind {}, digest {})", name, version, serving,
                artifact.card().kind(), artifact.digest().substring(0, 12));
        return Outcome.SERVED;
    }

    private Outcome reject(String name, String reason, String message, ModelSubscriber subscriber) {
        // the model tag is bounded: the names this instance serves, or "other" for any other key
        String tag = subscriber != null ? name : "other";
        Counter.builder("streamcast.registry.rejected")
                .description("Registry records refused (tampered, unsigned, wrongly signed, incompatible, stale)")
                .tag("model", tag).tag("reason", reason.toLowerCase(Locale.ROOT)).register(meters).increment();
        LOG.warn("registry: refused a record for model '{}' ({}): {}; {}", name, reason.toLowerCase(Locale.ROOT), message,
                subscriber == null ? "no model of that name is served here"
                        : "v" + subscriber.servingVersion() + " keeps serving");
        return Outcome.REJECTED;
    }
}
