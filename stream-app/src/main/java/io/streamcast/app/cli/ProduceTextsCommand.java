package io.streamcast.app.cli;

import io.streamcast.app.produce.ExampleRecords;
import io.streamcast.app.produce.RecordPublisher;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.data.LabelledTextReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code produce texts}: publishes a labelled-text TSV to the texts topic. */
@Command(name = "texts", mixinStandardHelpOptions = true,
        description = "Publishes a TSV file of label<TAB>text lines to the texts topic, keyed by id (<file>-<line>), "
                + "with the label unless --no-labels.")
final class ProduceTextsCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    ExampleProduceOptions options;

    @Override
    public Integer call() throws Exception {
        Path file = options.checkedFile();
        LabelledExamples<String> data = LabelledTextReader.read(file);
        List<RecordPublisher.Keyed> records = ExampleRecords.texts(data, options.idPrefix(), options.labels);
        return options.publish(client, records, "texts");
    }
}
