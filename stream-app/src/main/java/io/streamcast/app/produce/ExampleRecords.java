package io.streamcast.app.produce;

import io.streamcast.app.messages.Json;
import io.streamcast.models.classify.LabelledExamples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled examples of a data file as input records, keyed by their id {@code <prefix>-<line>}:
 * {@code texts} records {@code {"id":…,"text":…,"label":…}} and {@code sequences} records
 * {@code {"id":…,"values":[…],"label":…}}, the label left out when it is not wanted.
 */
public final class ExampleRecords {
    private ExampleRecords() {
    }

    public static List<RecordPublisher.Keyed> texts(LabelledExamples<String> data, String idPrefix, boolean withLabels) {
        return records(data, idPrefix, withLabels, "text");
    }

    public static List<RecordPublisher.Keyed> sequences(LabelledExamples<double[]> data, String idPrefix, boolean withLabels) {
        return records(data, idPrefix, withLabels, "values");
    }

    private static List<RecordPublisher.Keyed> records(LabelledExamples<?> data, String idPrefix, boolean withLabels, String field) {
        List<RecordPublisher.Keyed> out = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            String id = idPrefix + "-" + data.lines().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put(field, data.examples().get(i));
            if (withLabels) {
                m.put("label", data.labels().get(i));
            }
            out.add(new RecordPublisher.Keyed(id, Json.bytes(m)));
        }
        return out;
    }
}
