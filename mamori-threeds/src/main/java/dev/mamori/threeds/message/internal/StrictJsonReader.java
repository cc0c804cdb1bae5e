package dev.mamori.threeds.message.internal;

import dev.mamori.threeds.message.ErrorCode;
import dev.mamori.threeds.message.ThreeDsException;
import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one JSON object into a tree, answering in 3-D Secure error codes: 101 when the bytes are not
 * one JSON object, 204 when an object holds a name twice (Jackson's tree reader would keep the last
 * value silently, and the spec says a duplicate data element is an error of its own).
 *
 * <p>Built from the token stream with an explicit stack rather than recursion, so deep nesting ends
 * in Jackson's nesting-depth limit (a 101), never in a StackOverflowError.
 */
public final class StrictJsonReader {

    private static final JsonMapper MAPPER = JsonMapper.shared();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StrictJsonReader() {
    }

    public static ObjectNode readObject(byte[] json) throws ThreeDsException {
        if (json == null || json.length == 0) {
            throw invalid("the message is empty");
        }
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("the message is not a JSON object");
            }
            ObjectNode root = NODES.objectNode();
            Deque<JsonNode> open = new ArrayDeque<>();
            // The dotted path of each open container, for the errorDetail of a duplicate.
            Deque<String> paths = new ArrayDeque<>();
            open.push(root);
            paths.push("");
            String name = null;
            while (!open.isEmpty()) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw invalid("the message ends inside a JSON value");
                }
                JsonNode parent = open.peek();
                if (token == JsonToken.PROPERTY_NAME) {
                    name = parser.currentName();
                    if (((ObjectNode) parent).has(name)) {
                        throw new ThreeDsException(ErrorCode.DUPLICATE_DATA_ELEMENT, join(paths.peek(), name), null);
                    }
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    open.pop();
                    paths.pop();
                    continue;
                }
                JsonNode value;
                switch (token) {
                    case START_OBJECT -> value = NODES.objectNode();
                    case START_ARRAY -> value = NODES.arrayNode();
                    case VALUE_STRING -> value = NODES.stringNode(parser.getString());
                    case VALUE_NUMBER_INT -> value = switch (parser.getNumberType()) {
                        case INT -> NODES.numberNode(parser.getIntValue());
                        case LONG -> NODES.numberNode(parser.getLongValue());
                        default -> NODES.numberNode(parser.getBigIntegerValue());
                    };
                    case VALUE_NUMBER_FLOAT -> value = NODES.numberNode(parser.getDecimalValue());
                    case VALUE_TRUE -> value = NODES.booleanNode(true);
                    case VALUE_FALSE -> value = NODES.booleanNode(false);
                    case VALUE_NULL -> value = NODES.nullNode();
                    default -> throw invalid("unexpected JSON token");
                }
                if (parent instanceof ObjectNode object) {
                    object.set(name, value);
                } else {
                    ((ArrayNode) parent).add(value);
                }
                if (value.isContainer()) {
                    open.push(value);
                    // Elements of an array are reported under the array's name.
                    paths.push(parent instanceof ObjectNode ? join(paths.peek(), name) : paths.peek());
                }
            }
            if (parser.nextToken() != null) {
                throw invalid("content after the JSON object");
            }
            return root;
        } catch (JacksonException e) {
            // Jackson's message quotes the input: never passed on, it may hold a card number.
            throw invalid("the message is not valid JSON");
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static ThreeDsException invalid(String description) {
        return new ThreeDsException(ErrorCode.MESSAGE_RECEIVED_INVALID, "message", description);
    }
}
