package io.streamcast.app.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
    }

    @AfterAll
    static void closeBroker() {
        kafka.close();
    }

    @Test
    void shouldConsumeProducedRecordsInAConsumerGroup() throws Exception {
        kafka.createTopics(List.of(new NewTopic("plain", 2, (short) 1)));

        try (Producer<String, String> producer = producer(kafka.bootstrapServers(), Map.of())) {
            for (final String value : List.of("a", "b", "c", "d")) {
                producer.send(new ProducerRecord<>("plain", value, value)).get();
            }
        }

        final Map<String, Object> config = consumerConfig(kafka.bootstrapServers(), IsolationLevel.READ_UNCOMMITTED);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "plain-group");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of("plain"));
            assertThat(pollValues(consumer, 4)).containsExactlyInAnyOrder("a", "b", "c", "d");
            consumer.commitSync();
            final long committed = consumer.committed(consumer.assignment()).values().stream()
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
            assertThat(committed).isEqualTo(4);
        }
    }

    @Test
    void shouldHideAbortedTransactionsFromReadCommittedConsumers() {
        kafka.createTopics(List.of(new NewTopic("transactional", 1, (short) 1)));

        try (Producer<String, String> producer = transactionalProducer(kafka.bootstrapServers(), "hide-aborted")) {
            sendInTransaction(producer, "transactional", "a", "b");
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "aborted", "aborted"));
            producer.flush(); // abortTransaction() drops unsent records; this one must reach the log first
            producer.abortTransaction();
            sendInTransaction(producer, "transactional", "c");
        }

        assertThat(readValues(kafka.bootstrapServers(), "transactional", 3, IsolationLevel.READ_COMMITTED))
            .containsExactly("a", "b", "c");
        assertThat(readValues(kafka.bootstrapServers(), "transactional", 4, IsolationLevel.READ_UNCOMMITTED))
            .containsExactly("a", "b", "aborted", "c");
    }

    @Test
    void shouldIgnoreTopicsThatAlreadyExist() throws Exception {
        kafka.createTopics(List.of(new NewTopic("existing", 3, (short) 1)));

        kafka.createTopics(List.of(new NewTopic("existing", 1, (short) 1), new NewTopic("added", 1, (short) 1)));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of("existing", "added")).allTopicNames().get())
                .hasEntrySatisfying("existing", topic -> assertThat(topic.partitions()).hasSize(3))
                .hasEntrySatisfying("added", topic -> assertThat(topic.partitions()).hasSize(1));
        }
    }

    @Test
    void shouldKeepCommittedRecordsAndListenerPortsWhenBrokerRestarts() {
        final EmbeddedKafka.Options options =
            EmbeddedKafka.Options.defaults().withListener("EXTERNAL", SecurityProtocol.PLAINTEXT, 0);
        try (EmbeddedKafka broker = EmbeddedKafka.start(options);
             Producer<String, String> producer = transactionalProducer(broker.bootstrapServers(), "restart")) {
            final String bootstrapServers = broker.bootstrapServers();
            final String external = broker.bootstrapServers("EXTERNAL");
            broker.createTopics(List.of(new NewTopic("restarted", 1, (short) 1)));
            sendInTransaction(producer, "restarted", "a", "b", "c");

            broker.stop();
            broker.restart();

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);
            assertThat(broker.bootstrapServers("EXTERNAL")).isEqualTo(external).isNotEqualTo(bootstrapServers);
            assertThat(readValues(bootstrapServers, "restarted", 3, IsolationLevel.READ_COMMITTED))
                .containsExactly("a", "b", "c");
            assertThat(readValues(external, "restarted", 3, IsolationLevel.READ_COMMITTED))
                .containsExactly("a", "b", "c");
            sendInTransaction(producer, "restarted", "d");
            assertThat(readValues(bootstrapServers, "restarted", 4, IsolationLevel.READ_COMMITTED))
                .containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void shouldDeleteTemporaryLogDirWhenClosed() {
        final Path logDir;
        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults())) {
            logDir = broker.logDir();
            assertThat(logDir).isDirectory();
        }
        assertThat(Files.exists(logDir)).isFalse();
    }

    private static void sendInTransaction(final Producer<String, String> producer, final String topic,
                                          final String... values) {
        producer.beginTransaction();
        for (final String value : values) {
            producer.send(new ProducerRecord<>(topic, value, value));
        }
        producer.commitTransaction();
    }

    private static Producer<String, String> transactionalProducer(final String bootstrapServers,
                                                                  final String transactionalId) {
        final Producer<String, String> producer =
            producer(bootstrapServers, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
        producer.initTransactions();
        return producer;
    }

    private static Producer<String, String> producer(final String bootstrapServers, final Map<String, Object> extra) {
        final Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Map<String, Object> consumerConfig(final String bootstrapServers, final IsolationLevel isolation) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return config;
    }

    /** Reads the topic from the beginning without a group until {@code expected} values arrived or time is up. */
    private static List<String> readValues(final String bootstrapServers, final String topic, final int expected,
                                           final IsolationLevel isolation) {
        final Map<String, Object> config = consumerConfig(bootstrapServers, isolation);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return pollValues(consumer, expected);
        }
    }

    private static List<String> pollValues(final KafkaConsumer<String, String> consumer, final int expected) {
        final List<String> values = new ArrayList<>();
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (values.size() < expected && System.nanoTime() - deadline < 0) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
