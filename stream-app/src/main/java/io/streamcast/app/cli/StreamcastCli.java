package io.streamcast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streamcast} command line: {@code java -jar streamcast.jar <command> --help}. */
@Command(name = "streamcast", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Streaming forecasting and classification on Apache Kafka with Deeplearning4j.",
        subcommands = {DemoCommand.class, BrokerCommand.class, RunCommand.class, ProduceCommand.class,
                TailCommand.class, TrainCommand.class, EvaluateCommand.class, ModelsCommand.class,
                BenchCommand.class})
public final class StreamcastCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            io.streamcast.models.runtime.NativeMemory.configure(); // before the native side allocates much
            io.streamcast.models.runtime.NativeThreads.configure(); // before any network is built
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new StreamcastCli());
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            org.slf4j.LoggerFactory.getLogger(StreamcastCli.class).debug("command failed", e);
            return e instanceof IllegalArgumentException || e instanceof java.io.IOException ? 2 : 1;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }
}
