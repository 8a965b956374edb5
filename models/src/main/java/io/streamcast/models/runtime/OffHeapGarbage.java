package io.streamcast.models.runtime;

/**
 * Asks the JVM to collect garbage every so many steps of a loop that makes ND4J arrays.
 *
 * <p>ND4J frees an array's off-heap memory only when the garbage collector has found the array unreachable, and on
 * the CPU backend nothing triggers a collection for off-heap memory: neither JavaCPP (ND4J's allocations are not
 * counted in its limits) nor ND4J's own periodic collection (its {@code togglePeriodicGc} did not act here), and the
 * small array objects put no pressure on the Java heap. A DL4J {@code fit} step leaves several MB of such arrays
 * (about 6 MB for the image CNN at batch 64): measured, a Fashion-MNIST training grew to 11 GB resident in four
 * epochs and was killed by the kernel; with a collection every 32 steps it stays near 0.5 GB.
 */
public final class OffHeapGarbage {
    private final int every;
    private int steps;

    /** @param every steps between collections */
    public OffHeapGarbage(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be positive, was " + every);
        }
        this.every = every;
    }

    /** Counts one step; every {@code every}-th collects. */
    public void step() {
        if (++steps % every == 0) {
            System.gc();
        }
    }
}
