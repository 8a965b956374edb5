package io.streamcast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code produce}: publishes a data set to an input topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Publishes a data set to an input topic.",
        subcommands = {ProducePricesCommand.class, ProduceImagesCommand.class, ProduceTextsCommand.class,
                ProduceSequencesCommand.class})
final class ProduceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to publish: "
                + String.join(" or ", spec.subcommands().keySet()) + " (see --help)");
    }
}
