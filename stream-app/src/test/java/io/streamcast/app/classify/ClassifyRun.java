package io.streamcast.app.classify;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.topology.DeadLetterHandler;
import io.streamcast.app.topology.FlushControl;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** One classification pipeline alone on TopologyTestDriver: its input topic in, its classes and the dead letters out. */
final class ClassifyRun implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-01-02T10:00:00Z");

    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> input;
    final TestOutputTopic<String, byte[]> classes;
    final TestOutputTopic<String, byte[]> deadLetters;

    ClassifyRun(ClassifierPipeline<?> pipeline, StreamcastConfig config) {
        Topology topology = ClassifyTopology.addTo(new Topology(), pipeline, config.deadLettersTopic(),
                config.batchMaxSize(), config.batchMaxWait(), new FlushControl());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, pipeline.name() + "-test");
        try { // not the shared /tmp/kafka-streams, where concurrent builds collide on RocksDB locks
            props.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("classify-run").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        driver = new TopologyTestDriver(topology, props, T0);
        input = driver.createInputTopic(pipeline.settings().inputTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        classes = driver.createOutputTopic(pipeline.settings().outputTopic(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(config.deadLettersTopic(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    void send(String key, String value) {
        input.pipeInput(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    List<JsonNode> readClasses() {
        List<JsonNode> out = new ArrayList<>();
        classes.readValuesToList().forEach(v -> out.add(json(v)));
        return out;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
