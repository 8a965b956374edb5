package io.streamcast.app.cli;

import io.streamcast.app.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code broker}: a real single-node KRaft broker in this process, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Runs the embedded Kafka broker (KRaft, single node) alone, until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "DIR", description = "Log directory; kept across runs. Default: a temporary one, deleted on exit.")
    Path dir;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of topics created on first use (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, was " + port);
        }
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults().withPort(port).withDefaultPartitions(partitions)
                // a development broker: kcat and other producers may publish before `run` creates the topics
                .withBrokerProperties(java.util.Map.of("auto.create.topics.enable", "true"));
        if (dir != null) {
            options = options.withLogDir(dir);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (EmbeddedKafka broker = EmbeddedKafka.start(options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                stopped.countDown();
            }, "broker-shutdown"));
            System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (log dir " + broker.logDir() + "); Ctrl-C stops it.");
            System.out.flush();
            stopped.await();
        }
        return 0;
    }
}
