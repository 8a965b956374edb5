package io.streamcast.app.registry;

import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;

/** A pipeline serving the model of one registry name: it is handed every verified artifact of that name. */
public interface ModelSubscriber {
    /** The registry name (the record key) this subscriber serves. */
    String modelName();

    /** Version now served (0 = a built-in fallback, no artifact yet). */
    long servingVersion();

    /**
     * Loads the artifact and swaps it in atomically, or throws without changing what is served.
     *
     * @throws InvalidArtifactException when this pipeline cannot serve it (kind, shape): reason INCOMPATIBLE
     */
    void serve(ModelArtifact artifact) throws InvalidArtifactException;
}
