package io.streamcast.app.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link MessageJson} writes the same bytes as the application's Jackson mapper, for any message. */
class MessageJsonTest {
    private static final String[] SERIES = {"DAX", "EURUSD=X", "sensor-7/temp", "a b", "", "q\"uote", "back\\slash",
            "tab\there", "new\nline", "ctl\u0001", "del\u007f", "münchen", "東京", "emoji\uD83D\uDE00", "</script>"};
    private static final String[] MODELS = {"forecaster", "seasonal-naive", "autoencoder", "my \"model\""};

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void forecastsAsJacksonWritesThem() {
        for (int i = 0; i < 2_000; i++) {
            List<ForecastMessage.Step> steps = new ArrayList<>();
            for (int k = 1; k <= random.nextInt(0, 25); k++) {
                steps.add(new ForecastMessage.Step(k, instant(), number(), number(), number()));
            }
            same(new ForecastMessage(series(), instant(), steps, model()), MessageJson::forecast);
        }
    }

    @Test
    void scoredForecastsAsJacksonWritesThem() {
        for (int i = 0; i < 2_000; i++) {
            List<ForecastScoreMessage.Step> steps = new ArrayList<>();
            for (int k = 1; k <= random.nextInt(0, 25); k++) {
                steps.add(new ForecastScoreMessage.Step(k, instant(), number(), number(), number(), number(), number(),
                        number(), random.nextBoolean()));
            }
            same(new ForecastScoreMessage(series(), instant(), model(), steps, number(), number(), number()),
                    MessageJson::scores);
        }
    }

    @Test
    void anomaliesAsJacksonWritesThem() {
        for (int i = 0; i < 5_000; i++) {
            same(new AnomalyMessage(series(), instant(), number(), number(), random.nextBoolean(), random.nextBoolean(),
                    model()), MessageJson::anomaly);
        }
    }

    @Test
    void aTypicalForecastIsWrittenWithoutJackson() {
        // the fast path is taken (no fallback) for plain ids, finite numbers and years 0000-9999: the same text
        ForecastMessage m = new ForecastMessage("DAX", Instant.parse("2026-01-02T10:00:00Z"),
                List.of(new ForecastMessage.Step(1, Instant.parse("2026-01-02T10:01:00.250Z"), 1629.0, 1625.5, 1.0E7)),
                new ForecastMessage.ModelRef("forecaster", 3));
        assertThat(new String(MessageJson.forecast(m), StandardCharsets.UTF_8)).isEqualTo("{\"series\":\"DAX\","
                + "\"ts\":\"2026-01-02T10:00:00Z\",\"horizon\":[{\"step\":1,\"ts\":\"2026-01-02T10:01:00.250Z\","
                + "\"value\":1629.0,\"lower\":1625.5,\"upper\":1.0E7}],\"model\":{\"name\":\"forecaster\",\"version\":3}}");
    }

    @Test
    void instantsAsInstantToStringWritesThem() {
        for (int i = 0; i < 20_000; i++) { // IsoInstant writes the times of the messages above, Jackson's included
            Instant t = instant();
            assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
        }
    }

    private <T> void same(T message, java.util.function.Function<T, byte[]> writer) {
        String expected = new String(Json.bytes(message), StandardCharsets.UTF_8);
        assertThat(new String(writer.apply(message), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    /** Half of them plain ASCII ids (the fast path), the others ids to escape or not, at random. */
    private String series() {
        return SERIES[random.nextBoolean() ? random.nextInt(5) : random.nextInt(SERIES.length)];
    }

    private ForecastMessage.ModelRef model() {
        long version = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextLong(1, 100);
            case 2 -> Long.MAX_VALUE - random.nextLong(10);
            default -> -random.nextLong(1, 1_000);
        };
        return new ForecastMessage.ModelRef(MODELS[random.nextInt(MODELS.length)], version);
    }

    private Instant instant() {
        return switch (random.nextInt(40)) {
            case 0 -> Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L)); // years 0000-9999
            case 1 -> Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), random.nextInt(1_000_000_000));
            case 2 -> Instant.ofEpochSecond(random.nextLong(1_000_000_000L, 2_000_000_000L), 1_000 * random.nextInt(1_000_000));
            case 3 -> Instant.ofEpochMilli(random.nextLong(-100_000_000_000_000L, 400_000_000_000_000L)); // any year
            case 4 -> Instant.MIN; // written by Jackson (a year beyond 9999), the whole message with it
            case 5 -> Instant.MAX;
            default -> Instant.ofEpochMilli(1_767_340_800_000L + 60_000L * random.nextInt(1_000_000));
        };
    }

    private double number() {
        int kind = random.nextInt(2_000); // a non-finite number in one message of about 20 (a forecast has 36)
        if (kind == 0) {
            return Double.NaN;
        } else if (kind == 1) {
            return random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        } else if (kind < 500) {
            return Double.longBitsToDouble(random.nextLong());
        } else if (kind < 1_000) {
            return random.nextInt(-1_000, 1_000) / 4.0;
        }
        return 1600 + 10 * random.nextGaussian();
    }
}
