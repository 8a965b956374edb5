package io.streamcast.models.forecast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Pointer;

/**
 * Calls {@link FusedLstmForecaster#predict} many times and prints how much the process's resident size grew, as
 * {@code key=value} pairs on one line. Run in a JVM of its own with a fixed, pre-touched heap, so that the growth
 * is native memory and not the Java heap being paged in.
 */
final class NativeMemorySoak {
    private static final String HEAP = "256m";

    private NativeMemorySoak() {
    }

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int warmUp = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        FusedLstmForecaster fused = FusedLstmForecaster.of(
                FusedLstmForecasterTest.randomlyWeighted(ForecasterConfig.defaults(), 9L));
        double[][] windows = FusedLstmForecasterTest.windows(new Random(10L), batch, 64);
        for (int i = 0; i < warmUp; i++) {
            fused.predict(windows);
        }
        long before = Pointer.physicalBytes();
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            fused.predict(windows);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long grown = Pointer.physicalBytes() - before;
        // the one line the parent reads; ND4J's banner and logs go to stdout too, before it
        System.out.printf("soak calls=%d seconds=%.2f samples_per_s=%.0f resident_growth_bytes=%d%n",
                calls, seconds, calls * (double) batch / seconds, grown);
    }

    /** Runs {@link #main} in a child JVM on this JVM's class path and returns its figures. */
    static Map<String, Double> runInChildJvm(int batch, int warmUp, int calls, Duration timeout)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xms" + HEAP, "-Xmx" + HEAP, "-XX:+AlwaysPreTouch",
                "-cp", System.getProperty("java.class.path"), NativeMemorySoak.class.getName(),
                Integer.toString(batch), Integer.toString(warmUp), Integer.toString(calls)));
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
        } catch (UncheckedIOException e) {
            p.destroyForcibly();
            throw e;
        }
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("native memory soak took longer than " + timeout);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        String line = text.lines().filter(l -> l.startsWith("soak ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the soak JVM (exit " + p.exitValue() + ") printed no result:\n" + text));
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String pair : line.substring(5).split(" ")) {
            String[] kv = pair.split("=");
            figures.put(kv[0], Double.parseDouble(kv[1]));
        }
        return figures;
    }
}
