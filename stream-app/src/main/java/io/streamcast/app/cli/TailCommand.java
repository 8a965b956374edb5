package io.streamcast.app.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tail}: prints a topic's committed values, one per line. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Prints the values of a topic, one per line (read_committed: only what transactions committed).")
final class TailCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOPIC", description = "e.g. forecasts, streamcast-dead-letters.")
    String topic;

    @Mixin
    ClientOptions client;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many records; 0 = no limit (default).")
    long max;

    @Option(names = "--timeout", defaultValue = "30s",
            description = "Stop when no record has arrived for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--from-end", description = "Only records written from now on (default: from the beginning).")
    boolean fromEnd;

    @Option(names = "--keys", description = "Print KEY<TAB>VALUE.")
    boolean keys;

    @Override
    public Integer call() throws Exception {
        if (max < 0) {
            throw new IllegalArgumentException("--max must not be negative, was " + max);
        }
        Map<String, Object> props = new LinkedHashMap<>(client.clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, client.bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic '" + topic + "' does not exist on " + client.bootstrapServers);
            }
            consumer.assign(partitions);
            if (fromEnd) {
                consumer.seekToEnd(partitions);
            } else {
                consumer.seekToBeginning(partitions);
            }
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < timeout.toNanos() && (max == 0 || printed < max)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    idleSince = System.nanoTime();
                    String value = r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8);
                    System.out.println(keys ? (r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)) + "\t" + value : value);
                    if (max > 0 && ++printed >= max) {
                        break;
                    }
                }
            }
        }
        System.out.flush();
        return 0;
    }
}
