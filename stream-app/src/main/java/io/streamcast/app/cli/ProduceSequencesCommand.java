package io.streamcast.app.cli;

import io.streamcast.app.produce.ExampleRecords;
import io.streamcast.app.produce.RecordPublisher;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.data.UcrReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code produce sequences}: publishes a UCR-layout file to the sequences topic. */
@Command(name = "sequences", mixinStandardHelpOptions = true,
        description = "Publishes a UCR-layout file (label, then the values, tab- or comma-separated) to the sequences "
                + "topic, keyed by id (<file>-<line>), with the label unless --no-labels.")
final class ProduceSequencesCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    ExampleProduceOptions options;

    @Override
    public Integer call() throws Exception {
        Path file = options.checkedFile();
        LabelledExamples<double[]> data = UcrReader.read(file);
        List<RecordPublisher.Keyed> records = ExampleRecords.sequences(data, options.idPrefix(), options.labels);
        return options.publish(client, records, "sequences");
    }
}
