package io.streamcast.models.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 CSV text into records of fields, one record at a time.
 *
 * <p>A field in double quotes may hold commas, line breaks and doubled quotes ({@code ""} for {@code "}); a quote
 * inside an unquoted field is kept as is. Lines end in LF, CRLF or CR; a line break inside a quoted field comes
 * out as LF. Fields are returned untrimmed.
 */
final class CsvRecords {

    private static final int EOF = -1;

    private final Reader in;
    private final String source;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private int line = 1;
    private int recordLine;

    CsvRecords(Reader in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next record, or {@code null} at end of input. */
    List<String> next() throws IOException {
        recordLine = line;
        int c = read();
        if (c == EOF) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"' && field.length() == 0) {
                c = readQuoted(field);
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == EOF) {
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    /** The line on which the record last returned by {@link #next()} starts (1-based). */
    int line() {
        return recordLine;
    }

    /** Reads a quoted field's content after its opening quote; returns the character after the closing quote. */
    private int readQuoted(StringBuilder field) throws IOException {
        int openedOn = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw SeriesCsvReader.problem(source, openedOn, "quoted field is never closed");
            }
            if (c == '"') {
                c = read();
                if (c != '"') {
                    if (c != ',' && c != '\n' && c != EOF) {
                        throw SeriesCsvReader.problem(source, line, "unexpected '" + (char) c
                                + "' after a closing quote (write a quote inside a quoted field as \"\")");
                    }
                    return c;
                }
            }
            field.append((char) c);
        }
    }

    /** The next character with CRLF and CR turned into LF, counting lines; {@link #EOF} at the end. */
    private int read() throws IOException {
        int c = rawRead();
        if (c == '\r') {
            if (peek() == '\n') {
                position++;
            }
            c = '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private int rawRead() throws IOException {
        int c = peek();
        if (c != EOF) {
            position++;
        }
        return c;
    }

    private int peek() throws IOException {
        if (position == limit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return EOF;
            }
            position = 0;
            limit = n;
        }
        return buffer[position];
    }
}
