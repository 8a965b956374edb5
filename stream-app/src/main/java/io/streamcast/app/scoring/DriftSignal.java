package io.streamcast.app.scoring;

/**
 * Whether the serving forecaster's live error has drifted from its baseline: what the retraining service reads to
 * decide on a retrain. Plain Java, no Kafka types; implementations are thread-safe.
 */
public interface DriftSignal {
    /** The current state for the serving model version. */
    DriftStatus status();

    /** Shorthand for {@code status().drifted()}. */
    default boolean drifted() {
        return status().drifted();
    }
}
