package io.streamcast.models.eval.nab;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * NAB's timestamp text: {@code 2014-02-14 14:27:00} in data and results files, {@code 2014-02-14 14:27:00.000000}
 * in {@code combined_windows.json}. Both are local times with no zone, and compare as such.
 */
final class NabTimestamps {

    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private static final DateTimeFormatter WRITER = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();

    private NabTimestamps() {
    }

    /** Parses a timestamp; {@code where} names the file and line (or key) for the error message. */
    static LocalDateTime parse(String text, String where) {
        try {
            return LocalDateTime.parse(text.strip(), PARSER);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a timestamp like 2014-02-14 14:27:00",
                    e);
        }
    }

    /** The data files' form; a fraction of a second only where there is one (NAB's files have none). */
    static String format(LocalDateTime timestamp) {
        return WRITER.format(timestamp);
    }
}
