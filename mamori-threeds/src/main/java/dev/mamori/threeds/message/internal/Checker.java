package dev.mamori.threeds.message.internal;

import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.message.ErrorCode;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.ThreeDsException;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Runs a message through its data element table and answers with the first error the spec would send. */
public final class Checker {

    private Checker() {
    }

    /**
     * @param channel the transaction's channel, or null when unknown (conditions on it then do not require)
     * @param category the transaction's category, or null when unknown
     */
    public static void check(ObjectNode json, MessageType type, String version, DeviceChannel channel,
            MessageCategory category, boolean fromDirectoryServer) throws ThreeDsException {
        List<Element> table = Catalogue.elements(type, version);
        Problems problems = new Problems();
        checkObject(json, "", table, new Facts(channel, category, fromDirectoryServer, version, json), problems);
        // Listed in the spec's order of the message's elements (Annex B), members beside their object.
        Comparator<String> specOrder = Comparator.comparingInt(path -> Catalogue.position(type, topLevel(path)));
        problems.missing.sort(specOrder);
        problems.invalid.sort(specOrder);
        problems.isoInvalid.sort(specOrder);
        if (!problems.missing.isEmpty()) {
            throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, String.join(",", problems.missing),
                    null);
        }
        if (!problems.invalid.isEmpty()) {
            throw new ThreeDsException(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID,
                    String.join(",", problems.invalid), null);
        }
        if (!problems.criticalExtensions.isEmpty()) {
            throw new ThreeDsException(ErrorCode.CRITICAL_MESSAGE_EXTENSION_NOT_RECOGNISED,
                    String.join(",", problems.criticalExtensions), null);
        }
        if (!problems.isoInvalid.isEmpty()) {
            throw new ThreeDsException(ErrorCode.ISO_CODE_INVALID, String.join(",", problems.isoInvalid), null);
        }
    }

    /** @return the top-level elements the table requires of this message, in the table's order */
    public static List<String> required(ObjectNode json, MessageType type, String version, DeviceChannel channel,
            MessageCategory category, boolean fromDirectoryServer) {
        Facts facts = new Facts(channel, category, fromDirectoryServer, version, json);
        return Catalogue.elements(type, version).stream().filter(e -> e.inclusion().requiredIn(facts))
                .map(Element::name).toList();
    }

    private static String topLevel(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    static void checkObject(ObjectNode object, String prefix, List<Element> table, Facts facts, Problems problems) {
        String version = facts.version();
        for (Element element : table) {
            if (!element.in(version)) {
                continue;
            }
            JsonNode node = object.get(element.name());
            String path = prefix + element.name();
            if (node == null) {
                if (element.inclusion().requiredIn(facts)) {
                    problems.missing(path);
                }
            } else if (node.isNull() || (node.isString() && node.stringValue().isEmpty())) {
                // The spec: an element without a value is not sent; sent empty, it is invalid.
                problems.invalid(path);
            } else {
                element.format().check(node, path, facts, problems);
            }
        }
    }
}
