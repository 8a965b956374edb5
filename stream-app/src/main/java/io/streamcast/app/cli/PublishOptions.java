package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.registry.RegistryClient;
import io.streamcast.models.artifact.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --publish} for commands that make an artifact: it goes to the registry under the next version of its name. */
final class PublishOptions {
    @Option(names = "--publish", description = "Also publish the artifact to the registry topic, as the next version of its name; "
            + "every serving instance switches to it. Needs --bootstrap-servers.")
    boolean publish;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,…]", description = "Kafka bootstrap servers (for --publish).")
    String bootstrapServers;

    @Option(names = "--client-config", paramLabel = "FILE", description = "Kafka client settings for --publish (security).")
    Path clientConfig;

    /** Fails early, before a long training, when --publish cannot work. */
    void check() {
        if (publish && (bootstrapServers == null || bootstrapServers.isBlank())) {
            throw new IllegalArgumentException("--publish needs --bootstrap-servers");
        }
    }

    /** The next version of the artifact's name in the registry (1 without --publish). */
    long nextVersion(String name, StreamcastConfig config) throws IOException {
        if (!publish) {
            return 1;
        }
        try (RegistryClient registry = client(config)) {
            return registry.nextVersion(name, config.signingKey());
        }
    }

    /** Publishes the artifact as it is (its card carries the version); prints where it went. */
    void publish(ModelArtifact artifact, StreamcastConfig config) throws IOException {
        if (!publish) {
            return;
        }
        try (RegistryClient registry = client(config)) {
            var written = registry.publish(artifact, config.signingKey());
            System.err.printf("published %s v%d to %s (offset %d)%n", artifact.card().name(), artifact.card().version(),
                    written.topic(), written.offset());
        }
    }

    private RegistryClient client(StreamcastConfig config) throws IOException {
        return new RegistryClient(bootstrapServers, PropertiesFile.read(clientConfig, "--client-config"), config.modelsTopic(),
                config.maxArtifactBytes());
    }
}
