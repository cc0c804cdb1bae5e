package dev.mamori.threeds.requestor.internal;

import dev.mamori.threeds.message.ErrorCode;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The card ranges the 3DS Server learnt from the DS's PRes messages: a full list, then the changes
 * since its serial number. Used for the ACS's 3DS Method URL and protocol versions.
 */
public final class RangeCache {

    /** One cardRangeData entry, its bounds padded to 19 digits. */
    public record Entry(String startBound, String endBound, String acsStartProtocolVersion, String acsEndProtocolVersion,
                        String threeDsMethodUrl) {
    }

    private volatile List<Entry> entries = List.of();
    private volatile String serial;

    public String serial() {
        return serial;
    }

    /** Applies a PRes: a full list when {@code full}, else the A/M/D changes. */
    public synchronized void apply(ThreeDsMessage pres, boolean full) throws ThreeDsException {
        if (pres.type() != MessageType.PRes) {
            throw new ThreeDsException(ErrorCode.MESSAGE_RECEIVED_INVALID, "messageType", "not a PRes");
        }
        List<Entry> next = full ? new ArrayList<>() : new ArrayList<>(entries);
        JsonNode data = pres.node("cardRangeData");
        if (data != null && data.isArray()) {
            for (JsonNode e : data) {
                String from = text(e, "acsStartProtocolVersion");
                String to = text(e, "acsEndProtocolVersion");
                String method = text(e, "threeDSMethodURL");
                JsonNode versions = e.get("acsProtocolVersions");
                if (versions != null && versions.isArray() && !versions.isEmpty()) {
                    // 2.3.1: one entry per version, in order; the method URL of the highest is used.
                    from = text(versions.get(0), "version");
                    to = text(versions.get(versions.size() - 1), "version");
                    method = text(versions.get(versions.size() - 1), "threeDSMethodURL");
                }
                List<String[]> bounds = new ArrayList<>();
                JsonNode ranges231 = e.get("ranges");
                if (ranges231 != null && ranges231.isArray()) {
                    for (JsonNode r : ranges231) {
                        bounds.add(new String[] {text(r, "start"), text(r, "end")});
                    }
                } else {
                    bounds.add(new String[] {text(e, "startRange"), text(e, "endRange")});
                }
                for (String[] b : bounds) {
                    if (b[0] == null || b[1] == null || !b[0].matches("[0-9]{1,19}") || !b[1].matches("[0-9]{1,19}")) {
                        throw new ThreeDsException(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "cardRangeData", null);
                    }
                    Entry entry = new Entry(pad(b[0], '0'), pad(b[1], '9'), from, to, method);
                    next.removeIf(x -> x.startBound().equals(entry.startBound()) && x.endBound().equals(entry.endBound()));
                    if (!"D".equals(text(e, "actionInd"))) {
                        next.add(entry);
                    }
                }
            }
        }
        entries = List.copyOf(next);
        serial = pres.text("serialNum");
    }

    /** The narrowest range holding the card digits. */
    public Optional<Entry> find(String cardDigits) {
        String padded = pad(cardDigits, '0');
        return entries.stream()
                .filter(e -> e.startBound().compareTo(padded) <= 0 && e.endBound().compareTo(padded) >= 0)
                .min(Comparator.comparing(e -> new BigInteger(e.endBound()).subtract(new BigInteger(e.startBound()))));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    private static String pad(String digits, char with) {
        StringBuilder out = new StringBuilder(19).append(digits);
        while (out.length() < 19) {
            out.append(with);
        }
        return out.toString();
    }
}
