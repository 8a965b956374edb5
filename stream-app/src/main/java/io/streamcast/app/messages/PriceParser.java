package io.streamcast.app.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses and validates a {@code prices} record: {@code {"series":"DAX","ts":"2026-01-02T10:00:00Z","value":1628.75}}
 * with {@code ts} an ISO-8601 instant/offset date-time or epoch milliseconds. The series is the field, or the
 * key when the field is absent; when both are there they must agree (the key decides the partition, and so
 * the order of a series' points). Unknown fields are ignored. Every failure is a {@link BadRecordException}.
 */
public final class PriceParser {
    private final int maxPayloadBytes;
    private final int maxSeriesIdLength;
    private final long minTimestampMs;
    private final long maxFutureMs;
    private final double maxAbsValue;

    public PriceParser(int maxPayloadBytes, int maxSeriesIdLength, long minTimestampMs, long maxFutureMs, double maxAbsValue) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxSeriesIdLength = maxSeriesIdLength;
        this.minTimestampMs = minTimestampMs;
        this.maxFutureMs = maxFutureMs;
        this.maxAbsValue = maxAbsValue;
    }

    /**
     * @param key   the record key (may be null)
     * @param value the record value bytes (may be null)
     * @param nowMs the wall clock, for the far-future check
     */
    public PricePoint parse(String key, byte[] value, long nowMs) {
        JsonNode node = parseObject(value, maxPayloadBytes);
        String series = seriesId(key, node.get("series"));
        long ts = timestamp(node.get("ts"), nowMs);
        JsonNode v = node.get("value");
        if (v == null || v.isNull()) {
            throw new BadRecordException(ErrorCode.MISSING_FIELD, "field 'value' is missing");
        }
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual() && isNonFiniteWord(v.textValue())) {
            throw new BadRecordException(ErrorCode.NOT_FINITE, "value '" + v.textValue() + "' is not finite");
        } else {
            throw new BadRecordException(ErrorCode.WRONG_TYPE, "field 'value' must be a number, was " + v.getNodeType());
        }
        if (!Double.isFinite(d)) {
            throw new BadRecordException(ErrorCode.NOT_FINITE, "value " + d + " is not finite");
        }
        if (Math.abs(d) > maxAbsValue) {
            throw new BadRecordException(ErrorCode.ABSURD_VALUE, "value " + d + " exceeds the limit " + maxAbsValue);
        }
        return new PricePoint(series, ts, d);
    }

    /** Decodes strict UTF-8 and parses a JSON object, enforcing the payload limit. */
    public static JsonNode parseObject(byte[] value, int maxPayloadBytes) {
        if (value == null || value.length == 0) {
            throw new BadRecordException(ErrorCode.EMPTY_VALUE, "record value is empty");
        }
        if (value.length > maxPayloadBytes) {
            throw new BadRecordException(ErrorCode.OVERSIZE_PAYLOAD,
                    "record value has " + value.length + " bytes, the limit is " + maxPayloadBytes);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRecordException(ErrorCode.INVALID_UTF8, "record value is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRecordException(ErrorCode.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRecordException(ErrorCode.NOT_AN_OBJECT, "record value must be a JSON object");
        }
        return node;
    }

    private String seriesId(String key, JsonNode field) {
        String series;
        if (field == null || field.isNull()) {
            series = key;
            if (series == null) {
                throw new BadRecordException(ErrorCode.MISSING_FIELD, "no 'series' field and no record key");
            }
        } else if (!field.isTextual()) {
            throw new BadRecordException(ErrorCode.WRONG_TYPE, "field 'series' must be a string, was " + field.getNodeType());
        } else {
            series = field.textValue();
            if (key != null && !key.equals(series)) {
                throw new BadRecordException(ErrorCode.KEY_MISMATCH,
                        "record key '" + abbreviate(key) + "' differs from series '" + abbreviate(series) + "'");
            }
        }
        if (series.isBlank() || series.length() > maxSeriesIdLength || series.chars().anyMatch(Character::isISOControl)) {
            throw new BadRecordException(ErrorCode.INVALID_SERIES_ID,
                    "series id must be 1-" + maxSeriesIdLength + " characters without control characters");
        }
        return series;
    }

    private long timestamp(JsonNode ts, long nowMs) {
        if (ts == null || ts.isNull()) {
            throw new BadRecordException(ErrorCode.MISSING_FIELD, "field 'ts' is missing");
        }
        long ms;
        if (ts.isIntegralNumber() && ts.canConvertToLong()) {
            ms = ts.longValue();
        } else if (ts.isTextual()) {
            ms = parseTime(ts.textValue());
        } else {
            throw new BadRecordException(ErrorCode.WRONG_TYPE,
                    "field 'ts' must be an ISO-8601 string or epoch milliseconds, was " + ts.getNodeType());
        }
        if (ms < minTimestampMs || ms > nowMs + maxFutureMs) {
            throw new BadRecordException(ErrorCode.TIMESTAMP_OUT_OF_RANGE,
                    "timestamp " + Instant.ofEpochMilli(ms) + " is outside the accepted range "
                            + Instant.ofEpochMilli(minTimestampMs) + " .. now + " + maxFutureMs + " ms");
        }
        return ms;
    }

    private static long parseTime(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e3) {
                    throw new BadRecordException(ErrorCode.INVALID_TIMESTAMP,
                            "ts '" + abbreviate(text) + "' is neither ISO-8601 with a zone nor epoch milliseconds");
                }
            }
        } catch (ArithmeticException e) {
            throw new BadRecordException(ErrorCode.TIMESTAMP_OUT_OF_RANGE, "ts '" + abbreviate(text) + "' is out of range");
        }
    }

    private static boolean isNonFiniteWord(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        return t.equals("nan") || t.contains("infinity") || t.equals("inf") || t.equals("-inf") || t.equals("+inf");
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
