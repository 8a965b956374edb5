package io.streamcast.app.classify.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.classify.InputDecoder;
import io.streamcast.app.messages.BadRecordException;
import io.streamcast.app.messages.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * The input field of a {@code texts} record: {@code "text"}, a non-blank string of at most {@code maxChars}
 * characters. Invalid UTF-8 in the record is caught before (the envelope); an unpaired surrogate written as a JSON
 * escape ({@code "\ud800"}) is no valid text either and is rejected here with the same code.
 */
public final class TextInputDecoder implements InputDecoder<String> {
    private final int maxChars;

    public TextInputDecoder(int maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public String decode(JsonNode record) {
        JsonNode field = record.get("text");
        if (field == null || field.isNull()) {
            throw new BadRecordException(ErrorCode.MISSING_FIELD, "no 'text' field");
        }
        if (!field.isTextual()) {
            throw new BadRecordException(ErrorCode.WRONG_TYPE, "field 'text' must be a string, was " + field.getNodeType());
        }
        String text = field.textValue();
        if (text.isBlank()) {
            throw new BadRecordException(ErrorCode.EMPTY_TEXT, "field 'text' is empty or only white space");
        }
        if (text.length() > maxChars) {
            throw new BadRecordException(ErrorCode.TEXT_TOO_LONG, "text has " + text.length()
                    + " characters, more than streamcast.text.max-chars (" + maxChars + ")");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new BadRecordException(ErrorCode.INVALID_UTF8, "text holds an unpaired surrogate at character " + i);
            }
        }
        return text;
    }

    @Override
    public byte[] toBytes(String input) {
        return input.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String fromBytes(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
