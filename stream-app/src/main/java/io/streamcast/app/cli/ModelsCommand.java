package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.registry.RegistryClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code models list|show}: what the registry topic holds. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Prints the model registry.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ShowModel.class})
final class ModelsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "list or show is required (see --help)");
    }

    /** Options of both subcommands. */
    static final class RegistryOptions {
        @Mixin
        ClientOptions client;

        @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings (registry topic, signing key).")
        Path config;

        Map<String, RegistryClient.Entry> read() throws Exception {
            StreamcastConfig sc = new StreamcastConfig(RunCommand.settings(config));
            try (RegistryClient registry = new RegistryClient(client.bootstrapServers, client.clientProperties(), sc.modelsTopic(),
                    sc.maxArtifactBytes())) {
                return registry.latest(sc.signingKey());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per model name: the version instances serve, its kind, age, size and training data.")
    static final class ListModels implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Override
        public Integer call() throws Exception {
            Map<String, RegistryClient.Entry> models = options.read();
            System.out.printf("%-20s %8s %-18s %-24s %10s  %s%n", "NAME", "VERSION", "KIND", "CREATED", "BYTES", "STATUS");
            for (RegistryClient.Entry e : models.values()) {
                if (e.valid()) {
                    var card = e.artifact().card();
                    System.out.printf("%-20s %8d %-18s %-24s %10d  %s%n", e.name(), card.version(), card.kind(),
                            card.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            e.bytes(), e.refused() == null ? "ok" : "ok; a later record was refused (" + e.refused() + ")");
                } else {
                    System.out.printf("%-20s %8s %-18s %-24s %10d  refused (%s)%n", e.name(), "-", "-",
                            e.timestamp().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), e.bytes(), e.refused());
                }
            }
            if (models.isEmpty()) {
                System.err.println("the registry holds no model yet");
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints the model card and integrity digest of a model, as JSON.")
    static final class ShowModel implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "Model name, e.g. forecaster.")
        String name;

        @Mixin
        RegistryOptions options;

        @Override
        public Integer call() throws Exception {
            RegistryClient.Entry e = options.read().get(name);
            if (e == null) {
                throw new IllegalArgumentException("NAME: the registry has no model '" + name + "'");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("offset", e.offset());
            out.put("published", e.timestamp().toString());
            out.put("bytes", e.bytes());
            if (e.valid()) {
                out.put("digest_sha256", e.artifact().digest());
                out.put("card", e.artifact().card());
            }
            if (e.refused() != null) {
                out.put("refused", e.refused());
            }
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return e.valid() ? 0 : 1;
        }
    }
}
