package io.streamcast.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamThreadTimeTest {
    @Test
    void shouldShareTheThreadsWallTimeAndCountPerThread() {
        long s = 1_000_000_000L;
        StreamThreadTime before = new StreamThreadTime(0, 0, 0, 0, 0, 0, 10, 100, 1_000, 2);
        // over 1 s on 2 threads: 0.5 s of CPU, 0.8 s in poll, 0.2 s flushing, 0.1 s sending offsets, 0.1 s committing
        StreamThreadTime after = new StreamThreadTime(s, s / 2, s * 8 / 10, s / 5, s / 10, s / 10, 30, 300, 5_000, 2);

        Map<String, Double> m = after.since(before);

        assertThat(m).containsEntry("cpu", 0.25).containsEntry("poll_wait", 0.4).containsEntry("flush", 0.1)
                .containsEntry("send_offsets", 0.05).containsEntry("commit", 0.05).containsEntry("other", 0.15)
                .containsEntry("commits_per_s_per_thread", 10.0).containsEntry("polls_per_s_per_thread", 100.0)
                .containsEntry("records_per_poll", 20.0)
                .containsEntry("ms_per_commit", 20.0); // 0.4 s of flush, offsets and commit over 20 commits
    }

    @Test
    void shouldReportNoCommitTimeWhenNothingCommitted() {
        StreamThreadTime t = new StreamThreadTime(0, 0, 0, 0, 0, 0, 5, 5, 0, 1);
        Map<String, Double> m = new StreamThreadTime(1_000_000_000L, 0, 0, 0, 0, 0, 5, 5, 0, 1).since(t);
        assertThat(m).containsEntry("ms_per_commit", 0.0).containsEntry("records_per_poll", 0.0);
    }

    @Test
    void shouldCountOnlyTheStreamThreadsThemselves() {
        assertThat(StreamThreadTime.isStreamThread("app-3f2a-StreamThread-1")).isTrue();
        assertThat(StreamThreadTime.isStreamThread("app-3f2a-StreamThread-12")).isTrue();
        assertThat(StreamThreadTime.isStreamThread("app-3f2a-GlobalStreamThread")).as("idles beside them").isFalse();
        assertThat(StreamThreadTime.isStreamThread("kafka-producer-network-thread | app-3f2a-StreamThread-1-producer")).isFalse();
    }
}
