package io.streamcast.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.app.broker.EmbeddedKafka;
import io.streamcast.app.cli.StreamcastCli;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.app.produce.PricePublisher;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application against a broker whose clients must speak TLS, or SASL/SCRAM on TLS, with the security
 * settings passed through as a user passes them: {@code StreamcastApp.Settings.clientProperties}, and the
 * CLI's {@code --client-config FILE}. Certificates are made at test time by {@link CertificateAuthority}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS) // a guard against hangs, not a way to synchronise
class SecureListenersIT {
    private static final String TLS = "SSL";
    private static final String SCRAM_ON_TLS = "SASL_SSL";
    /** A listener whose certificate is trusted but names neither 127.0.0.1 nor localhost. */
    private static final String TLS_WRONG_NAME = "SSL_WRONG_NAME";
    private static final String SCRAM = "SCRAM-SHA-256";
    private static final String USER = "streamcast";
    private static final String PASSWORD = "scram-" + UUID.randomUUID();

    private static final int WINDOW = 8;
    private static final int HORIZON = 3;
    private static final List<String> SERIES = List.of("DAX", "EURUSD");
    private static final int POINTS = 20;
    private static final int EXPECTED_FORECASTS = SERIES.size() * (POINTS - WINDOW + 1);
    private static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    @TempDir
    static Path pki;
    private static CertificateAuthority ca;
    private static EmbeddedKafka broker;

    @BeforeAll
    static void startBrokerWithSecuredListeners() throws Exception {
        ca = CertificateAuthority.create(pki, "streamcast-test-ca");
        Path brokerKeys = ca.serverKeyStore("broker", "localhost", "ip:127.0.0.1", "dns:localhost");

        Map<String, String> security = new HashMap<>();
        keyStore(security, TLS, brokerKeys);
        keyStore(security, SCRAM_ON_TLS, brokerKeys);
        // The CA's own certificate: clients trust it, yet it names no host, so only hostname checks reject it.
        keyStore(security, TLS_WRONG_NAME, ca.keyStore());
        security.put(listenerConfig(SCRAM_ON_TLS, BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG), SCRAM);
        security.put(listenerConfig(SCRAM_ON_TLS, SCRAM.toLowerCase(Locale.ROOT) + "." + SaslConfigs.SASL_JAAS_CONFIG),
                ScramLoginModule.class.getName() + " required;");
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                .withListener(TLS, SecurityProtocol.SSL, 0)
                .withListener(SCRAM_ON_TLS, SecurityProtocol.SASL_SSL, 0)
                .withListener(TLS_WRONG_NAME, SecurityProtocol.SSL, 0)
                .withBrokerProperties(security));
        createScramUser();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldForecastOverSslWithHostnameVerification(@TempDir Path state) throws Exception {
        assertForecastsEndToEnd(TLS, tls(), "tls", state);
    }

    @Test
    void shouldRejectATrustedCertificateThatDoesNotNameTheBrokerHost() throws Exception {
        String bootstrap = broker.bootstrapServers(TLS_WRONG_NAME);

        try (Admin verifying = admin(bootstrap, tls())) {
            assertThatThrownBy(() -> verifying.describeCluster(quickly()).nodes().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
        // Without the hostname check the same certificate is accepted: the rejection above was the name alone.
        Map<String, Object> unverified = new HashMap<>(tls());
        unverified.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
        try (Admin trusting = admin(bootstrap, unverified)) {
            assertThat(trusting.describeCluster(quickly()).nodes().get()).isNotEmpty();
        }
    }

    @Test
    void shouldForecastOverSaslScramWithTheRightPassword(@TempDir Path state) throws Exception {
        assertForecastsEndToEnd(SCRAM_ON_TLS, scram(PASSWORD), "scram", state);
    }

    @Test
    void shouldFailWithAnAuthenticationErrorAndForecastNothingWhenTheScramPasswordIsWrong(@TempDir Path state)
            throws Exception {
        StreamcastApp.Settings settings = settings(SCRAM_ON_TLS, scram("not-" + PASSWORD), "wrong-password", state);

        assertThatThrownBy(() -> StreamcastApp.start(settings, models()).close())
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        try (Admin plaintext = admin(broker.bootstrapServers(), Map.of())) {
            assertThat(plaintext.listTopics().names().get()).noneMatch(topic -> topic.startsWith("wrong-password"));
        }
    }

    @Test
    void shouldPublishOverSaslScramWithTheClientConfigFileOfTheCli(@TempDir Path dir) throws Exception {
        Path clientConfig = dir.resolve("client.properties");
        Files.writeString(clientConfig, String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-256",
                "sasl.jaas.config=" + jaas(USER, PASSWORD),
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + ca.trustStore(),
                "ssl.truststore.password=" + ca.password(),
                ""), StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder("series,timestamp,value\n");
        for (int t = 0; t < POINTS; t++) {
            csv.append("DAX,").append(T0.plus(Duration.ofHours(t))).append(',').append(15_000 + t).append('\n');
        }
        Path data = Files.writeString(dir.resolve("prices.csv"), csv, StandardCharsets.UTF_8);
        broker.createTopics(List.of(new NewTopic("cli-prices", 1, (short) 1)));

        int exit = StreamcastCli.execute("produce", "prices", "--bootstrap-servers", broker.bootstrapServers(SCRAM_ON_TLS),
                "--client-config", clientConfig.toString(), "--file", data.toString(), "--topic", "cli-prices");

        assertThat(exit).isZero();
        assertThat(readAll(broker.bootstrapServers(), Map.of(), "cli-prices", POINTS))
                .hasSize(POINTS).allSatisfy(r -> assertThat(r.key()).isEqualTo("DAX"));
    }

    /** Starts the app on one listener, feeds it over that listener and reads every forecast back over it. */
    private static void assertForecastsEndToEnd(String listener, Map<String, Object> client, String name, Path state)
            throws Exception {
        StreamcastApp.Settings settings = settings(listener, client, name, state);
        try (StreamcastApp app = StreamcastApp.start(settings, models())) {
            try (PricePublisher publisher = new PricePublisher(settings.bootstrapServers(), client, name + "-prices")) {
                publisher.publish(points(), 0);
            }
            List<ConsumerRecord<String, String>> forecasts =
                    readAll(settings.bootstrapServers(), client, name + "-forecasts", EXPECTED_FORECASTS);

            assertThat(forecasts).hasSize(EXPECTED_FORECASTS);
            assertThat(forecasts).extracting(ConsumerRecord::key).containsOnly(SERIES.toArray(String[]::new));
            assertThat(forecasts).allSatisfy(r ->
                    assertThat(Json.MAPPER.readTree(r.value()).get("horizon")).hasSize(HORIZON));
        }
    }

    private static StreamcastApp.Settings settings(String listener, Map<String, Object> client, String name, Path state) {
        Map<String, Object> clientProperties = new HashMap<>(client);
        clientProperties.put("commit.interval.ms", 100);
        Map<String, Object> settings = Map.of(StreamcastConfig.WINDOW, WINDOW,
                StreamcastConfig.PRICES_TOPIC, name + "-prices",
                StreamcastConfig.FORECASTS_TOPIC, name + "-forecasts",
                StreamcastConfig.DEAD_LETTERS_TOPIC, name + "-dead-letters",
                StreamcastConfig.BATCH_MAX_WAIT_MS, 20L);
        return new StreamcastApp.Settings(broker.bootstrapServers(listener), "secure-" + name, state, "127.0.0.1", 0,
                1, 1, clientProperties, settings);
    }

    /** The seasonal-naive forecast: the test is about the connection, so no network is trained. */
    private static FixedModelSource models() {
        return new FixedModelSource(new SeasonalNaiveModel(WINDOW, HORIZON, 4));
    }

    private static List<PricePublisher.Point> points() {
        List<PricePublisher.Point> points = new ArrayList<>();
        for (int t = 0; t < POINTS; t++) {
            for (int i = 0; i < SERIES.size(); i++) {
                points.add(new PricePublisher.Point(SERIES.get(i), T0.plus(Duration.ofHours(t)), 100 * (i + 1) + t % 4));
            }
        }
        return points;
    }

    /** TLS that checks the broker's certificate chain against the test CA and its name against the host. */
    private static Map<String, Object> tls() {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL",
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.trustStore().toString(),
                SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, ca.password(),
                SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https");
    }

    /** SCRAM-SHA-256 as {@link #USER} with the given password, on {@link #tls()}. */
    private static Map<String, Object> scram(String password) {
        Map<String, Object> props = new HashMap<>(tls());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        props.put(SaslConfigs.SASL_MECHANISM, SCRAM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(USER, password));
        return props;
    }

    private static String jaas(String user, String password) {
        return ScramLoginModule.class.getName() + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static void keyStore(Map<String, String> props, String listener, Path keyStore) {
        props.put(listenerConfig(listener, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG), "PKCS12");
        props.put(listenerConfig(listener, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG), keyStore.toString());
        props.put(listenerConfig(listener, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG), ca.password());
        props.put(listenerConfig(listener, SslConfigs.SSL_KEY_PASSWORD_CONFIG), ca.password());
    }

    /** Kafka's per-listener form of a broker setting, e.g. {@code listener.name.ssl.ssl.keystore.location}. */
    private static String listenerConfig(String listener, String config) {
        return "listener.name." + listener.toLowerCase(Locale.ROOT) + "." + config;
    }

    // The user is created over PLAINTEXT. Once the controller has committed the credential the broker still has
    // to apply it from the metadata log, so wait until a SCRAM client is really let in.
    private static void createScramUser() throws Exception {
        try (Admin plaintext = admin(broker.bootstrapServers(), Map.of())) {
            plaintext.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), PASSWORD))).all().get();
        }
        try (Admin scram = admin(broker.bootstrapServers(SCRAM_ON_TLS), scram(PASSWORD))) {
            await("the broker to accept " + USER + " over " + SCRAM_ON_TLS, () -> {
                try {
                    return !scram.describeCluster(quickly()).nodes().get().isEmpty();
                } catch (ExecutionException e) {
                    return false;
                }
            });
        }
    }

    private static Admin admin(String bootstrap, Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }

    private static DescribeClusterOptions quickly() {
        return new DescribeClusterOptions().timeoutMs(10_000);
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, Map<String, Object> client, String topic,
                                                                int expected) throws Exception {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await(expected + " records on " + topic, () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50); // polling a condition with a deadline, not synchronising by time
        }
    }
}
