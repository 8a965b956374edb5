package io.streamcast.app.messages;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes an {@link Instant} exactly as {@link Instant#toString()} does ({@code 2026-01-02T10:00:00Z}, with 3, 6 or 9
 * fraction digits when there is a fraction), without going through {@code DateTimeFormatter}: forecasts carry 13
 * times each, and the formatter was a tenth of the stream thread's time. Years outside 0000–9999 fall back to
 * {@link Instant#toString()}.
 */
public final class IsoInstant {
    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01 and 10000-01-01 as epoch seconds. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_800L;
    /** The longest text: 2026-01-02T10:00:00.123456789Z. */
    static final int MAX_LENGTH = 30;

    private IsoInstant() {
    }

    /** The ISO-8601 text of {@code t}, identical to {@code t.toString()}. */
    public static String format(Instant t) {
        byte[] out = new byte[MAX_LENGTH];
        int n = write(t, out, 0);
        return n < 0 ? t.toString() : new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the text of {@link #format} as ASCII at {@code out[at]} ({@link #MAX_LENGTH} bytes of room needed) and
     * returns the index after it, or -1 (nothing written) for a year outside 0000–9999.
     */
    static int write(Instant t, byte[] out, int at) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_SECOND || seconds >= MAX_SECOND) {
            return -1;
        }
        int nanos = t.getNano();
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // civil date from days since 1970-01-01 (Howard Hinnant's algorithm, as in LocalDate.ofEpochDay)
        long z = day + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
        digits(out, at, y, 4);
        out[at + 4] = '-';
        digits(out, at + 5, m, 2);
        out[at + 7] = '-';
        digits(out, at + 8, d, 2);
        out[at + 10] = 'T';
        digits(out, at + 11, secondOfDay / 3600, 2);
        out[at + 13] = ':';
        digits(out, at + 14, secondOfDay / 60 % 60, 2);
        out[at + 16] = ':';
        digits(out, at + 17, secondOfDay % 60, 2);
        int n = at + 19;
        if (nanos > 0) {
            out[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(out, n, nanos / 1_000_000, 3);
                n += 3;
            } else if (nanos % 1_000 == 0) {
                digits(out, n, nanos / 1_000, 6);
                n += 6;
            } else {
                digits(out, n, nanos, 9);
                n += 9;
            }
        }
        out[n++] = 'Z';
        return n;
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The Jackson serializer the application's mapper writes instants with. */
    static final class Serializer extends StdSerializer<Instant> {
        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }
}
