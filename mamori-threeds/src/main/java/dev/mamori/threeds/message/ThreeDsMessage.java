package dev.mamori.threeds.message;

import dev.mamori.threeds.message.internal.StrictJsonReader;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An immutable view of one EMV 3-D Secure message: a JSON object. Parsing checks only that it is one
 * JSON object without duplicate names; {@link MessageValidator} checks it against the spec.
 *
 * <p>{@link #toString()} shows the type, version and transaction ids only, never the card number
 * ({@code acctNumber}) or other personal data.
 */
public final class ThreeDsMessage {

    private static final JsonMapper MAPPER = JsonMapper.shared();
    private static final Pattern PRINTABLE_VERSION = Pattern.compile("\\d{1,2}\\.\\d{1,2}\\.\\d{1,2}");
    private static final Pattern PRINTABLE_ID = Pattern.compile("[0-9a-fA-F-]{1,36}");

    private final ObjectNode json;

    private ThreeDsMessage(ObjectNode json) {
        this.json = json;
    }

    /**
     * @throws ThreeDsException 101 when the bytes are not one JSON object, 204 when an object holds a name
     *     twice (errorDetail names it, dotted inside nested objects: {@code acctInfo.chAccAgeInd})
     */
    public static ThreeDsMessage parse(byte[] json) throws ThreeDsException {
        return new ThreeDsMessage(StrictJsonReader.readObject(json));
    }

    /** @return a message holding a copy of {@code json} (later changes to it do not show) */
    public static ThreeDsMessage of(ObjectNode json) {
        return new ThreeDsMessage(Objects.requireNonNull(json, "json").deepCopy());
    }

    /** @return the messageType, or null when it is missing, not a string or not a type this implementation knows */
    public MessageType type() {
        return MessageType.of(text("messageType"));
    }

    /** @return the messageVersion, or null when it is missing or not a string */
    public String version() {
        return text("messageVersion");
    }

    /** @return a top-level string element, or null when it is absent or not a JSON string */
    public String text(String field) {
        JsonNode node = json.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /** @return a copy of a top-level element, or null when absent */
    public JsonNode node(String field) {
        JsonNode node = json.get(field);
        return node == null ? null : node.deepCopy();
    }

    public boolean has(String field) {
        return json.has(field);
    }

    /** @return a deep copy of the message's JSON */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** @return the message as compact UTF-8 JSON */
    public byte[] toBytes() {
        return MAPPER.writeValueAsBytes(json);
    }

    /** Type, version and transaction ids only; an id that is not id-like (it might be anything) is shown as '?'. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ThreeDsMessage{");
        MessageType type = type();
        out.append(type == null ? "?" : type.name());
        String version = version();
        out.append(' ').append(version != null && PRINTABLE_VERSION.matcher(version).matches() ? version : "?");
        for (String id : new String[] {"threeDSServerTransID", "acsTransID", "dsTransID", "sdkTransID"}) {
            if (json.has(id)) {
                String value = text(id);
                out.append(", ").append(id).append('=')
                        .append(value != null && PRINTABLE_ID.matcher(value).matches() ? value : "?");
            }
        }
        return out.append('}').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ThreeDsMessage m && m.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }
}
