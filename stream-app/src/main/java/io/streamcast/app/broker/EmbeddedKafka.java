package io.streamcast.app.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.stream.Collectors.joining;

/**
 * A real single-node Kafka cluster (KRaft, combined broker and controller) running inside this JVM. Clients
 * reach it on a PLAINTEXT listener, which it also uses itself, and on any extra listeners the options add.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String PLAINTEXT_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(50);

    private final Path logDir;
    private final boolean temporaryLogDir;
    private final Map<String, Integer> listenerPorts;
    private final KafkaConfig config;
    private KafkaRaftServer server;

    private EmbeddedKafka(final Path logDir, final boolean temporaryLogDir, final Map<String, Integer> listenerPorts,
                          final KafkaConfig config) {
        this.logDir = logDir;
        this.temporaryLogDir = temporaryLogDir;
        this.listenerPorts = listenerPorts;
        this.config = config;
    }

    /** Formats the log dir if it is new, then starts the broker and returns once it serves requests. */
    public static EmbeddedKafka start(final Options options) {
        final long startNanos = System.nanoTime();
        final boolean temporary = options.logDir() == null;
        final Path logDir = createLogDir(options.logDir());
        try {
            final Map<String, Integer> listenerPorts = listenerPorts(options);
            final int controllerPort = freePort(new HashSet<>(listenerPorts.values()));
            final KafkaConfig config =
                new KafkaConfig(brokerProperties(options, logDir, listenerPorts, controllerPort));
            formatIfNew(config, controllerPort);
            final EmbeddedKafka kafka = new EmbeddedKafka(logDir, temporary, listenerPorts, config);
            kafka.startServer(startNanos);
            return kafka;
        } catch (final RuntimeException e) {
            if (temporary) {
                deleteQuietly(logDir);
            }
            throw e;
        }
    }

    /** The PLAINTEXT listener as clients want it, e.g. {@code 127.0.0.1:9092}; unchanged by a restart. */
    public String bootstrapServers() {
        return bootstrapServers(PLAINTEXT_LISTENER);
    }

    /**
     * The named listener as clients want it, e.g. {@code bootstrapServers("SSL")} for one added with
     * {@link Options#withListener}; unchanged by a restart.
     *
     * @throws IllegalArgumentException if the broker has no listener of that name
     */
    public String bootstrapServers(final String listenerName) {
        final Integer port = listenerPorts.get(listenerName);
        if (port == null) {
            throw new IllegalArgumentException(
                "No listener named " + listenerName + "; the broker has " + listenerPorts.keySet());
        }
        return HOST + ":" + port;
    }

    /** Where the broker keeps its data and metadata log. */
    public Path logDir() {
        return logDir;
    }

    /** Creates the topics that do not exist yet and waits until every partition has a leader. */
    public void createTopics(final Collection<NewTopic> topics) {
        final List<String> names = topics.stream().map(NewTopic::name).toList();
        try (Admin admin = admin()) {
            for (final Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get();
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException("Could not create topic " + result.getKey(), e.getCause());
                    }
                    LOG.debug("Topic {} already exists", result.getKey());
                }
            }
            awaitCondition("leaders for topics " + names, () -> admin.describeTopics(names).allTopicNames()
                .get(ATTEMPT_TIMEOUT.toMillis(), MILLISECONDS).values().stream()
                .flatMap(topic -> topic.partitions().stream())
                .allMatch(partition -> partition.leader() != null));
        } catch (final InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    /** Shuts the broker down cleanly and keeps its data; does nothing if it is already stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        LOG.info("Stopping Kafka broker at {}", bootstrapServers());
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Stops the broker if it runs and starts it again on the same port and log dir. */
    public synchronized void restart() {
        stop();
        startServer(System.nanoTime());
    }

    /** Stops the broker and deletes its log dir if that was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (temporaryLogDir) {
            deleteQuietly(logDir);
        }
    }

    private void startServer(final long startNanos) {
        final KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            awaitBrokerUnfenced();
        } catch (final RuntimeException e) {
            candidate.shutdown();
            candidate.awaitShutdown();
            throw e;
        }
        server = candidate;
        LOG.info("Kafka broker started at {} in {} ms, log dir {}",
            listenersDescription(), Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), logDir);
    }

    // startup() returns before the controller unfences the broker; until then describeCluster lists
    // no broker and creating a topic fails, so wait for the broker to be listed.
    private void awaitBrokerUnfenced() {
        try (Admin admin = admin()) {
            awaitCondition("the broker at " + bootstrapServers() + " to be unfenced", () -> !admin.describeCluster()
                .nodes().get(ATTEMPT_TIMEOUT.toMillis(), MILLISECONDS).isEmpty());
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private String listenersDescription() {
        return listenerPorts.size() == 1 ? bootstrapServers() : listenerPorts.keySet().stream()
            .map(name -> name + " " + bootstrapServers(name))
            .collect(joining(", "));
    }

    // PLAINTEXT first, then the extra listeners in the order they were added; port 0 becomes a free port
    // here, once, so that a restart binds the same ports again.
    private static Map<String, Integer> listenerPorts(final Options options) {
        final Map<String, Integer> requested = new LinkedHashMap<>();
        requested.put(PLAINTEXT_LISTENER, options.port());
        options.listeners().forEach(listener -> requested.put(listener.name(), listener.port()));
        final Set<Integer> taken = new HashSet<>(requested.values());
        final Map<String, Integer> ports = new LinkedHashMap<>();
        requested.forEach((name, port) -> {
            final int chosen = port == 0 ? freePort(taken) : port;
            taken.add(chosen);
            ports.put(name, chosen);
        });
        return Collections.unmodifiableMap(ports);
    }

    private static Map<String, String> brokerProperties(final Options options, final Path logDir,
                                                        final Map<String, Integer> listenerPorts,
                                                        final int controllerPort) {
        final Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        final StringBuilder listeners = new StringBuilder();
        listenerPorts.forEach((name, port) -> listeners.append(name).append("://").append(HOST).append(':')
            .append(port).append(','));
        listeners.append(CONTROLLER_LISTENER).append("://").append(HOST).append(':').append(controllerPort);
        props.put("listeners", listeners.toString());
        // The broker talks to itself on PLAINTEXT (the default inter-broker listener) and to its controller on
        // CONTROLLER, so extra listeners only change what clients may use.
        final StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        options.listeners().forEach(listener ->
            protocols.append(',').append(listener.name()).append(':').append(listener.securityProtocol().name));
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", String.valueOf(options.defaultPartitions()));
        props.put("auto.create.topics.enable", "false");
        // One node: every internal topic has a single replica, and so an ISR of one.
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each (the default) make the first group and the first transaction wait longer.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner would take 128 MiB of heap for its dedupe buffer; compacted topics here are small.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        props.putAll(options.brokerProperties());
        return props;
    }

    // A standalone dynamic quorum (KIP-853), as `kafka-storage format --standalone` writes it.
    private static void formatIfNew(final KafkaConfig config, final int controllerPort) {
        final String metadataDir = config.metadataLogDir();
        if (Files.exists(Path.of(metadataDir, MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            LOG.debug("Log dir {} is already formatted", metadataDir);
            return;
        }
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final Formatter formatter = new Formatter()
            .setPrintStream(new PrintStream(output, true, UTF_8))
            .setNodeId(config.nodeId())
            .setClusterId(Uuid.randomUuid().toString())
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setControllerListenerName(config.controllerListenerNames().get(0))
            .setDirectories(config.logDirs())
            .setMetadataLogDirectory(metadataDir)
            .setHasDynamicQuorum(true)
            .setInitialControllers(DynamicVoters.parse(
                config.nodeId() + "@" + HOST + ":" + controllerPort + ":" + Uuid.randomUuid()));
        try {
            formatter.run();
        } catch (final Exception e) {
            throw new KafkaException("Could not format log dir " + metadataDir, e);
        }
        LOG.debug("Formatted log dir: {}", output.toString(UTF_8).strip());
    }

    private static void awaitCondition(final String description, final Callable<Boolean> condition) {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Exception lastError = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (final InterruptedException e) {
                throw new InterruptException(e);
            } catch (final Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("Timed out after " + TIMEOUT + " waiting for " + description, lastError);
            }
            try {
                Thread.sleep(RETRY_BACKOFF.toMillis());
            } catch (final InterruptedException e) {
                throw new InterruptException(e);
            }
        }
    }

    private static Path createLogDir(final Path logDir) {
        try {
            return logDir == null
                ? Files.createTempDirectory("streamcast-kafka-")
                : Files.createDirectories(logDir).toAbsolutePath();
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not create log dir " + logDir, e);
        }
    }

    private static int freePort(final Set<Integer> otherThan) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
                if (!otherThan.contains(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("Could not find a free port on " + HOST, e);
            }
        }
    }

    private static void deleteQuietly(final Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (final IOException e) {
            LOG.warn("Could not delete temporary log dir {}", dir, e);
        }
    }

    /**
     * A listener for clients besides PLAINTEXT, on 127.0.0.1. What it needs beyond a protocol (key stores, SASL
     * mechanisms and their JAAS config) goes into {@link Options#brokerProperties} under Kafka's per-listener
     * prefix, e.g. {@code listener.name.ssl.ssl.keystore.location} for a listener named {@code SSL}.
     *
     * @param name             upper-case letters, digits and {@code _}; not PLAINTEXT or CONTROLLER, which the
     *                         broker uses itself
     * @param securityProtocol what clients must speak on it
     * @param port             its port, or 0 for any free port
     */
    public record Listener(String name, SecurityProtocol securityProtocol, int port) {

        public Listener {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(securityProtocol, "securityProtocol");
            if (!name.matches("[A-Z][A-Z0-9_]*")) {
                throw new IllegalArgumentException(
                    "listener name must be upper-case letters, digits and _, starting with a letter, was " + name);
            }
            if (name.equals(PLAINTEXT_LISTENER) || name.equals(CONTROLLER_LISTENER)) {
                throw new IllegalArgumentException("listener name " + name + " is taken by the broker itself");
            }
            checkPort(port);
        }
    }

    /**
     * How to start the broker.
     *
     * @param port              the PLAINTEXT port on 127.0.0.1, or 0 for any free port
     * @param logDir            where to keep data across restarts, or null for a temporary dir deleted on close
     * @param brokerProperties  broker settings applied last, overriding the defaults (e.g. an extra listener's
     *                          key store)
     * @param defaultPartitions {@code num.partitions}: partitions of a topic created without a count
     * @param listeners         listeners for clients besides PLAINTEXT, e.g. an SSL or SASL_SSL one
     */
    public record Options(int port, Path logDir, Map<String, String> brokerProperties, int defaultPartitions,
                          List<Listener> listeners) {

        public Options {
            checkPort(port);
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1, was " + defaultPartitions);
            }
            brokerProperties = Map.copyOf(brokerProperties);
            listeners = List.copyOf(listeners);
            final Set<String> names = new HashSet<>();
            for (final Listener listener : listeners) {
                if (!names.add(listener.name())) {
                    throw new IllegalArgumentException("listener " + listener.name() + " is given twice");
                }
            }
        }

        /** Any free port, a temporary log dir, no extra settings or listeners, one partition per topic. */
        public static Options defaults() {
            return new Options(0, null, Map.of(), 1, List.of());
        }

        /** These options with another PLAINTEXT port (0 = any free port). */
        public Options withPort(final int port) {
            return new Options(port, logDir, brokerProperties, defaultPartitions, listeners);
        }

        /** These options with a log dir that outlives the broker (null = temporary). */
        public Options withLogDir(final Path logDir) {
            return new Options(port, logDir, brokerProperties, defaultPartitions, listeners);
        }

        /** These options with extra broker settings, applied after the defaults. */
        public Options withBrokerProperties(final Map<String, String> brokerProperties) {
            return new Options(port, logDir, brokerProperties, defaultPartitions, listeners);
        }

        /** These options with another {@code num.partitions}. */
        public Options withDefaultPartitions(final int defaultPartitions) {
            return new Options(port, logDir, brokerProperties, defaultPartitions, listeners);
        }

        /**
         * These options with one more listener for clients (see {@link Listener}); PLAINTEXT stays.
         *
         * @param port its port on 127.0.0.1, or 0 for any free port
         */
        public Options withListener(final String name, final SecurityProtocol securityProtocol, final int port) {
            final List<Listener> more = new ArrayList<>(listeners);
            more.add(new Listener(name, securityProtocol, port));
            return new Options(this.port, logDir, brokerProperties, defaultPartitions, more);
        }
    }

    private static void checkPort(final int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, was " + port);
        }
    }
}
