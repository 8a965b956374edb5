package io.streamcast.app.model;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for model training: daemon, named, and at the lowest scheduling priority the OS grants without privileges,
 * so a fit takes only the CPU the stream threads leave idle. Java's own thread priorities are ignored on Linux, so
 * each thread sets its own OS nice value to {@value #NICE}, through libc's {@code setpriority} on its thread id (it
 * had run {@code renice}, which the container image does not hold). Where that is not possible it runs at normal
 * priority and logs why once. Threads it spawns (OpenMP workers of a fit) inherit the nice value.
 *
 * <p>The {@code SCHED_IDLE} policy on top was measured and not kept: the bench's retrain rounds had the same p99
 * (162–328 ms in two runs, against 240–316 at nice 19 alone, alternating).
 */
public final class TrainerThreads {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerThreads.class);
    static final int NICE = 19;
    private static final int PRIO_PROCESS = 0;
    private static volatile boolean warned;

    private TrainerThreads() {
    }

    /**
     * A factory of daemon trainer threads named {@code name}, each lowering its own priority and applying the native
     * threads per op ({@link io.streamcast.models.runtime.NativeThreads}) before it runs.
     */
    public static ThreadFactory factory(String name) {
        return r -> {
            Thread t = new Thread(() -> {
                lowerPriority();
                io.streamcast.models.runtime.NativeThreads.onThisThread();
                r.run();
            }, name);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        };
    }

    /** Sets the calling thread's OS nice value to {@value #NICE}; returns whether it did. */
    public static boolean lowerPriority() {
        if (!Platform.isLinux()) {
            return warnOnce("not Linux");
        }
        try {
            NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            int tid = libc.getFunction("gettid").invokeInt(new Object[0]);
            // on Linux, setpriority on a thread id applies to that thread alone
            if (libc.getFunction("setpriority").invokeInt(new Object[] {PRIO_PROCESS, tid, NICE}) != 0) {
                return warnOnce("setpriority failed, errno " + Native.getLastError());
            }
            return true;
        } catch (RuntimeException | LinkageError e) { // no glibc (e.g. musl before gettid), or JNA cannot load
            return warnOnce("cannot call libc: " + e.getMessage());
        }
    }

    private static boolean warnOnce(String why) {
        if (!warned) {
            warned = true;
            LOG.warn("training threads run at normal OS priority ({}); a fit may then slow the stream threads", why);
        }
        return false;
    }
}
