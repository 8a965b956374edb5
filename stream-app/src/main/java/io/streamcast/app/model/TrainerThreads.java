package io.streamcast.app.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for model training: daemon, named, and at the lowest scheduling priority the OS grants without privileges,
 * so a fit takes only the CPU the stream threads leave idle. Java's own thread priorities are ignored on Linux, so
 * each thread also sets its OS nice value to {@value #NICE} (Linux: {@code renice} on the thread's id, which needs
 * no privileges to lower a priority); where that is not possible it runs at normal priority and logs why once.
 * Threads it spawns (OpenMP workers of a fit) inherit the nice value.
 */
public final class TrainerThreads {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerThreads.class);
    static final int NICE = 19;
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
        Path self = Path.of("/proc/thread-self");
        if (!Files.exists(self)) {
            return warnOnce("no /proc/thread-self (not Linux)");
        }
        try {
            String tid = Files.readSymbolicLink(self).getFileName().toString(); // "<pid>/task/<tid>"
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return warnOnce("renice did not finish");
            }
            return p.exitValue() == 0 || warnOnce("renice exited with " + p.exitValue());
        } catch (IOException e) {
            return warnOnce("cannot run renice: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
