package io.streamcast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code train}: trains a model from a data set and writes its artifact. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a model from a data set and writes the artifact.",
        subcommands = {TrainForecasterCommand.class, TrainImageCommand.class, TrainTextCommand.class,
                TrainSequenceCommand.class})
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to train: "
                + String.join(" or ", spec.subcommands().keySet()) + " (see --help)");
    }
}
