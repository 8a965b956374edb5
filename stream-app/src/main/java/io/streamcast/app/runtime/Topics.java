package io.streamcast.app.runtime;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics the application reads and writes when they are missing; existing ones are left as they are. */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);
    private static final java.time.Duration LEADER_TIMEOUT = java.time.Duration.ofSeconds(30);

    private Topics() {
    }

    /** New topics with {@code partitions} partitions and the broker's default replication factor. */
    public static List<NewTopic> named(Collection<String> names, int partitions) {
        return names.stream().map(n -> new NewTopic(n, Optional.of(partitions), Optional.empty())).toList();
    }

    /**
     * The model registry topic: one partition (one ordered history of every name), compacted (the latest artifact
     * of each model name is kept), and records up to {@code maxMessageBytes}, as artifacts outgrow the broker's
     * default limit.
     */
    public static NewTopic registry(String name, int maxMessageBytes) {
        return new NewTopic(name, Optional.of(1), Optional.empty()).configs(java.util.Map.of(
                "cleanup.policy", "compact", "max.message.bytes", Integer.toString(maxMessageBytes)));
    }

    /**
     * Creates the missing ones and waits until every partition of them has a leader: a producer that starts at
     * once otherwise meets metadata errors, and the idempotent producer's retries of those are slow.
     */
    public static void ensure(Admin admin, Collection<NewTopic> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        while (true) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " have no leader after " + LEADER_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(50); // polling the cluster's metadata with a deadline
        }
    }
}
