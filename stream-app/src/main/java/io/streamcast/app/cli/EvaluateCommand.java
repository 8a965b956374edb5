package io.streamcast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evaluate}: scores a model on a data set with the stream's own prediction code. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Scores a model on a data set with the stream's prediction code; prints one JSON line.",
        subcommands = {EvaluateForecastCommand.class, EvaluateAnomalyCommand.class, EvaluateImageCommand.class,
                EvaluateTextCommand.class, EvaluateSequenceCommand.class})
final class EvaluateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to evaluate: "
                + String.join(" or ", spec.subcommands().keySet()) + " (see --help)");
    }
}
