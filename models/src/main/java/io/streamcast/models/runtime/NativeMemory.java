package io.streamcast.models.runtime;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glibc's allocator settings for the native side of the networks. ND4J's {@code lstmLayer} (oneDNN) allocates its
 * temporaries per call, megabytes at a batch; with glibc's defaults each stream thread's arena mapped and unmapped
 * them call after call, so every call page-faulted its buffers in again: measured with two stream threads, the
 * forecaster (LSTM 64, 64) spent 167–173 µs per window in the network against 60 on the same thread count outside
 * the stream, and streamed 5,900/s; with these settings 14,700/s (README, Performance). The settings keep freed
 * memory mapped for reuse instead: allocations up to 256 MB come from the arenas, which are trimmed only when 1 GB
 * lies free at their top, and grow 256 MB at a time.
 *
 * <p>Applied by the launcher with {@code mallopt}, so a user gets them without knowing the variables; when the
 * environment sets any of glibc's own ({@code MALLOC_*_}, {@code GLIBC_TUNABLES}) they are left alone. Off Linux, or
 * without glibc, this does nothing.
 */
public final class NativeMemory {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);

    // mallopt parameters (glibc malloc.h)
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_TOP_PAD = -2;
    static final int M_MMAP_THRESHOLD = -3;

    /** The settings, by name (the environment variable each stands for) and mallopt parameter. */
    static final Map<String, int[]> SETTINGS = settings();

    /** What {@link #configure()} set, for reports (bench); empty until then, or when it set nothing. */
    private static volatile Map<String, Integer> applied = Map.of();

    private NativeMemory() {
    }

    /** The settings this process applied ({@link #configure()}), by variable name. */
    public static Map<String, Integer> applied() {
        return applied;
    }

    private static Map<String, int[]> settings() {
        Map<String, int[]> s = new LinkedHashMap<>();
        s.put("MALLOC_MMAP_THRESHOLD_", new int[] {M_MMAP_THRESHOLD, 256 << 20});
        s.put("MALLOC_TRIM_THRESHOLD_", new int[] {M_TRIM_THRESHOLD, 1 << 30});
        s.put("MALLOC_TOP_PAD_", new int[] {M_TOP_PAD, 256 << 20});
        return s;
    }

    /** Sets the allocator for this process, unless the environment already tunes it; returns what was set. */
    public static Map<String, Integer> configure() {
        applied = Map.copyOf(configure(System::getenv));
        return applied;
    }

    /** The same with the environment given (for tests). */
    static Map<String, Integer> configure(UnaryOperator<String> env) {
        String own = ownSettings(env);
        if (own != null) {
            LOG.debug("{} set by the environment; leaving glibc's allocator alone", own);
            return Map.of();
        }
        if (!Platform.isLinux()) {
            return Map.of();
        }
        Function mallopt;
        try {
            mallopt = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
        } catch (RuntimeException | LinkageError e) { // no glibc (e.g. musl), or JNA cannot load
            LOG.debug("mallopt not found; allocator left at its defaults", e);
            return Map.of();
        }
        Map<String, Integer> set = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : SETTINGS.entrySet()) {
            int[] p = e.getValue();
            if (mallopt.invokeInt(new Object[] {p[0], p[1]}) == 1) {
                set.put(e.getKey(), p[1]);
            } else {
                LOG.warn("glibc refused {}={}; allocator left at its default for it", e.getKey(), p[1]);
            }
        }
        LOG.debug("glibc allocator: {}", set);
        return set;
    }

    /** The first of glibc's own allocator variables the environment sets, or null. */
    static String ownSettings(UnaryOperator<String> env) {
        for (String name : new String[] {"GLIBC_TUNABLES", "MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_",
                "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"}) {
            String v = env.apply(name);
            if (v != null && !v.isBlank()) {
                return name;
            }
        }
        return null;
    }
}
