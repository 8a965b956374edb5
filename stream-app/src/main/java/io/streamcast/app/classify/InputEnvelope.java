package io.streamcast.app.classify;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.messages.BadRecordException;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.PriceParser;
import java.util.List;

/**
 * What every classification input shares: a JSON object within the payload limit, an {@code id} (the field, or
 * the record key when the field is absent; both there must agree) and an optional {@code label} naming one of the
 * model's classes. Ids and labels may be strings or integers (a digit's label {@code 7} is the class {@code "7"}).
 */
final class InputEnvelope {
    /** Longest accepted id. */
    static final int MAX_ID_LENGTH = 256;

    /**
     * A parsed envelope.
     *
     * @param id     the input's id
     * @param label  its label, or null
     * @param record the whole JSON object, for the kind's own fields
     */
    record Parsed(String id, String label, JsonNode record) {
    }

    private InputEnvelope() {
    }

    /** Parses and checks the envelope; the label must be one of {@code classes}. */
    static Parsed parse(String key, byte[] value, int maxPayloadBytes, List<String> classes) {
        JsonNode node = PriceParser.parseObject(value, maxPayloadBytes);
        String id = id(key, node.get("id"));
        String label = text(node.get("label"), "label");
        if (label != null && !classes.contains(label)) {
            throw new BadRecordException(ErrorCode.INVALID_LABEL, "label '" + abbreviate(label)
                    + "' is not one of the model's classes " + abbreviate(classes.toString()));
        }
        return new Parsed(id, label, node);
    }

    private static String id(String key, JsonNode field) {
        String id = text(field, "id");
        if (id == null) {
            id = key;
            if (id == null) {
                throw new BadRecordException(ErrorCode.MISSING_FIELD, "no 'id' field and no record key");
            }
        } else if (key != null && !key.equals(id)) {
            throw new BadRecordException(ErrorCode.KEY_MISMATCH, "record key '" + abbreviate(key) + "' differs from id '"
                    + abbreviate(id) + "'");
        }
        if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new BadRecordException(ErrorCode.INVALID_ID, "id must be 1-" + MAX_ID_LENGTH
                    + " characters without control characters");
        }
        return id;
    }

    /** A string or integer field as text; null when absent or JSON null. */
    private static String text(JsonNode field, String name) {
        if (field == null || field.isNull()) {
            return null;
        }
        if (field.isTextual()) {
            String s = field.textValue();
            if (name.equals("label") && s.isBlank()) {
                throw new BadRecordException(ErrorCode.INVALID_LABEL, "label is blank");
            }
            return s;
        }
        if (field.isIntegralNumber()) {
            return field.bigIntegerValue().toString();
        }
        throw new BadRecordException(ErrorCode.WRONG_TYPE, "field '" + name + "' must be a string or an integer, was "
                + field.getNodeType());
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
