package dev.mamori.threeds.message.internal;

import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a condition of the data element table may depend on: the transaction's channel and category
 * (null when not known), whether the message comes from the Directory Server, the message version and
 * the JSON object the element sits in (its siblings).
 */
public record Facts(DeviceChannel channel, MessageCategory category, boolean fromDirectoryServer, String version,
        ObjectNode object) {

    Facts in(ObjectNode nested) {
        return new Facts(channel, category, fromDirectoryServer, version, nested);
    }

    /** @return a sibling's text, or null when absent or not a string */
    String text(String name) {
        JsonNode node = object.get(name);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    boolean present(String name) {
        JsonNode node = object.get(name);
        return node != null && !node.isNull();
    }

    boolean isTrue(String name) {
        JsonNode node = object.get(name);
        return node != null && node.isBoolean() && node.booleanValue();
    }
}
