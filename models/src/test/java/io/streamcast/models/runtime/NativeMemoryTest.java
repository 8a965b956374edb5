package io.streamcast.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    @Test
    void shouldLeaveTheAllocatorAloneWhenTheEnvironmentTunesIt() {
        assertThat(NativeMemory.configure(Map.of("MALLOC_ARENA_MAX", "2")::get)).isEmpty();
        assertThat(NativeMemory.configure(Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0")::get)).isEmpty();
        assertThat(NativeMemory.ownSettings(Map.of("MALLOC_TOP_PAD_", "4096")::get)).isEqualTo("MALLOC_TOP_PAD_");
        assertThat(NativeMemory.ownSettings(Map.of("MALLOC_TOP_PAD_", " ")::get)).isNull();
    }

    @Test
    void shouldSetEverySettingThroughMalloptOnGlibc() {
        assumeTrue(Platform.isLinux(), "glibc's mallopt is Linux's");
        Map<String, Integer> set = NativeMemory.configure(name -> null);
        assertThat(set).containsOnlyKeys(NativeMemory.SETTINGS.keySet())
                .containsEntry("MALLOC_MMAP_THRESHOLD_", 256 << 20)
                .containsEntry("MALLOC_TRIM_THRESHOLD_", 1 << 30)
                .containsEntry("MALLOC_TOP_PAD_", 256 << 20);
    }
}
