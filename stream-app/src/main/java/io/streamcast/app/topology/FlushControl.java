package io.streamcast.app.topology;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared by the forecast processors of one application: how many windows wait in micro-batch queues, and
 * whether the application is shutting down, when every window is forecast at once instead of waiting for a
 * full batch. Lets a shutdown flush what is in flight before Kafka Streams closes.
 */
public final class FlushControl {
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong queued = new AtomicLong();

    /** From now on, processors flush after every record and at every punctuation. */
    public void startDraining() {
        draining.set(true);
    }

    boolean draining() {
        return draining.get();
    }

    void queued(long delta) {
        queued.addAndGet(delta);
    }

    /** Windows waiting for inference across all tasks of this application instance. */
    public long queued() {
        return queued.get();
    }

    /**
     * Starts draining and waits until no window is queued, at most {@code timeout}.
     *
     * @return whether the queues emptied in time
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        startDraining();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queued.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5); // polling a counter the stream threads bring to zero within one punctuation
        }
        return true;
    }
}
