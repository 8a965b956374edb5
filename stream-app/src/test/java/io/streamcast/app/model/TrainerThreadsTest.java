package io.streamcast.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrainerThreadsTest {

    @Test
    void shouldRunTrainingAtTheLowestOsPriorityOnADaemonThread() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only: thread nice values are read from /proc");
        ExecutorService executor = Executors.newSingleThreadExecutor(TrainerThreads.factory("trainer-under-test"));
        try {
            String[] seen = executor.submit(() -> {
                String stat = Files.readString(Path.of("/proc/thread-self/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return new String[] {fields[16], Thread.currentThread().getName(), String.valueOf(Thread.currentThread().isDaemon())};
            }).get(30, TimeUnit.SECONDS);
            assertThat(seen[0]).as("nice").isEqualTo(String.valueOf(TrainerThreads.NICE));
            assertThat(seen[1]).isEqualTo("trainer-under-test");
            assertThat(seen[2]).isEqualTo("true");
        } finally {
            executor.shutdownNow();
        }
    }
}
