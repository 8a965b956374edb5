package io.streamcast.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
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
        Map<String, Object> out = new LinkedHashMap<>();
        if (clientConfig != null) {
            if (!Files.isReadable(clientConfig)) {
                throw new IllegalArgumentException("--client-config: cannot read " + clientConfig);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(clientConfig)) {
                p.load(r);
            }
            p.forEach((k, v) -> out.put(k.toString(), v));
        }
        return out;
    }
}
