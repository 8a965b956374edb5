package io.streamcast.models.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ND4J's native thread settings. Our models run many small ops, and parallel threads that each then spawn
 * OpenMP threads fight over the cores: one native thread per op was measured several times faster on two
 * cores. Applied by the launcher, so a user gets it without knowing {@code OMP_NUM_THREADS}; an explicit
 * {@code OMP_NUM_THREADS} in the environment is left alone.
 */
public final class NativeThreads {
    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

    private NativeThreads() {
    }

    /** Native threads per op set by {@link #set}, which {@link #onThisThread} applies; 0 while none was set. */
    private static volatile int perOp;
    private static final ThreadLocal<Integer> APPLIED = new ThreadLocal<>();

    /** One native thread per op, unless {@code OMP_NUM_THREADS} is set. */
    public static void configure() {
        String env = System.getenv("OMP_NUM_THREADS");
        if (env != null && !env.isBlank()) {
            LOG.debug("OMP_NUM_THREADS={} set by the environment; leaving ND4J threads alone", env);
            return;
        }
        set(1);
    }

    /**
     * Sets the native threads per op: ND4J's own limits for the process, and OpenMP's for the calling thread, which
     * is all {@code omp_set_num_threads} reaches; every other thread that runs networks applies it with
     * {@link #onThisThread}.
     */
    public static void set(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads); // loads the backend, which NativeOpsHolder needs
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        perOp = threads;
        APPLIED.remove();
        onThisThread();
    }

    /**
     * Applies the threads per op of {@link #set} to the calling thread's OpenMP regions, once per thread (cheap to
     * call before every batch). Without it a stream or trainer thread ran each op on as many OpenMP threads as
     * there are cores, as if {@code OMP_NUM_THREADS} were unset: measured, the forecaster's stream thread spent
     * 56.5 µs per record instead of 37.5 (README, Performance).
     */
    public static void onThisThread() {
        int threads = perOp;
        if (threads > 0) {
            Integer applied = APPLIED.get();
            if (applied == null || applied != threads) {
                NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
                APPLIED.set(threads);
            }
        }
    }
}
