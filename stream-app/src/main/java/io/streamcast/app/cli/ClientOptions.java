package io.streamcast.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to a Kafka cluster. */
final class ClientOptions {
    @Option(names = {"-b", "--bootstrap-servers"}, required = true, paramLabel = "HOST:PORT[,…]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Properties file of Kafka client settings passed through unchanged (e.g. security.protocol, sasl.*, ssl.*).")
    Path clientConfig;

    /** The --client-config properties, empty when not given. */
    Map<String, Object> clientProperties() throws IOException {
        return PropertiesFile.read(clientConfig, "--client-config");
    }
}
