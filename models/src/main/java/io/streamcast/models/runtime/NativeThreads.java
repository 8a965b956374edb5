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

    /** One native thread per op, unless {@code OMP_NUM_THREADS} is set. */
    public static void configure() {
        String env = System.getenv("OMP_NUM_THREADS");
        if (env != null && !env.isBlank()) {
            LOG.debug("OMP_NUM_THREADS={} set by the environment; leaving ND4J threads alone", env);
            return;
        }
        set(1);
    }

    /** Sets the native threads per op. */
    public static void set(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads); // loads the backend, which NativeOpsHolder needs
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }
}
