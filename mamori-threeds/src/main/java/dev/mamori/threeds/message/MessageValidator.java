package dev.mamori.threeds.message;

import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.message.internal.Checker;
import java.util.List;

/**
 * Checks a received message against the EMV 3DS data element table (Table A.1) for its type, version,
 * device channel and message category.
 *
 * <p>Only the AReq carries deviceChannel and only the AReq and RReq carry messageCategory. For the
 * other messages the channel and category come from the {@link #validate(ThreeDsMessage, MessageType,
 * Context) context} the caller knows from its transaction; without it, sdkTransID marks an app
 * transaction, and a CReq/CRes without it is taken as browser-based. Conditions that depend on an
 * unknown channel or category do not require their element (its format is checked all the same).
 */
public final class MessageValidator {

    /**
     * What the receiver knows of the transaction a message belongs to.
     *
     * @param channel the transaction's deviceChannel, or null when unknown (the message's own deviceChannel wins)
     * @param category the transaction's messageCategory, or null when unknown (the message's own wins)
     * @param fromDirectoryServer whether the message was sent by the DS: an AReq from the DS carries
     *     dsTransID, dsReferenceNumber and (app) deviceInfo where the 3DS Server's carries sdkEncData
     *     and threeDSServerURL
     */
    public record Context(DeviceChannel channel, MessageCategory category, boolean fromDirectoryServer) {

        /** Nothing known beyond the message; an AReq as the 3DS Server sends it. */
        public static final Context NONE = new Context(null, null, false);

        /** An AReq as the ACS receives it from the DS. */
        public static final Context AREQ_FROM_DS = new Context(null, null, true);

        public static Context of(DeviceChannel channel, MessageCategory category) {
            return new Context(channel, category, false);
        }
    }

    private MessageValidator() {
    }

    /**
     * Checks a received message against the spec's rules for {@code expected} in its version, channel and
     * category: 101 when messageType is missing/unknown or not {@code expected}; 102 unsupported
     * messageVersion (errorDetail: the supported versions, "2.2.0,2.3.1", as Table A.4 asks); 201 a required
     * element missing (errorDetail = the element's name, e.g. "browserAcceptHeader"; several missing:
     * comma-separated in the spec's order; inside an object: "deviceRenderOptions.sdkInterface"); 203 wrong
     * format/length/value (errorDetail names it); 202 a critical message extension (none is recognised);
     * 304 ISO code invalid (currency, country). 204 (duplicate) is found by {@link ThreeDsMessage#parse}.
     */
    public static void validate(ThreeDsMessage message, MessageType expected) throws ThreeDsException {
        validate(message, expected, Context.NONE);
    }

    /** As {@link #validate(ThreeDsMessage, MessageType)}, with what the receiver knows of the transaction. */
    public static void validate(ThreeDsMessage message, MessageType expected, Context context)
            throws ThreeDsException {
        MessageType type = message.type();
        if (type == null || type != expected) {
            throw new ThreeDsException(ErrorCode.MESSAGE_RECEIVED_INVALID, "messageType",
                    "the message is not " + expected.name());
        }
        if (!message.has("messageVersion")) {
            throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "messageVersion", null);
        }
        if (!MessageVersions.supported(message.version())) {
            // Table A.4: the detail of a 102 lists the supported versions.
            throw new ThreeDsException(ErrorCode.MESSAGE_VERSION_NUMBER_NOT_SUPPORTED,
                    String.join(",", MessageVersions.SUPPORTED),
                    "Message Version Number received is not supported by the receiving component");
        }
        Checker.check(message.json(), type, message.version(), channel(message, type, context),
                category(message, context), context.fromDirectoryServer());
    }

    /**
     * The top-level data elements the table requires of this message in its version, channel and
     * category, in the spec's order: what a sender must fill in, and what the validator answers 201 for.
     *
     * @throws ThreeDsException 101 or 102 when the type or version is not one this implementation speaks
     */
    public static List<String> requiredElements(ThreeDsMessage message, MessageType type, Context context)
            throws ThreeDsException {
        if (message.type() != type) {
            throw new ThreeDsException(ErrorCode.MESSAGE_RECEIVED_INVALID, "messageType",
                    "the message is not " + type.name());
        }
        if (!MessageVersions.supported(message.version())) {
            throw new ThreeDsException(ErrorCode.MESSAGE_VERSION_NUMBER_NOT_SUPPORTED, "messageVersion", null);
        }
        return Checker.required(message.json(), type, message.version(), channel(message, type, context),
                category(message, context), context.fromDirectoryServer());
    }

    private static DeviceChannel channel(ThreeDsMessage message, MessageType type, Context context) {
        if (message.has("deviceChannel")) {
            return DeviceChannel.fromCode(message.text("deviceChannel")); // null when invalid: a 203 follows
        }
        return context.channel() != null ? context.channel() : inferredChannel(message, type);
    }

    private static MessageCategory category(ThreeDsMessage message, Context context) {
        if (message.has("messageCategory")) {
            return MessageCategory.fromCode(message.text("messageCategory"));
        }
        return context.category();
    }

    private static DeviceChannel inferredChannel(ThreeDsMessage message, MessageType type) {
        if (type == MessageType.AReq) {
            return null; // its own deviceChannel is required: no guessing
        }
        if (message.has("sdkTransID")) {
            return DeviceChannel.APP;
        }
        if (type == MessageType.CReq) {
            return message.has("sdkCounterStoA") ? DeviceChannel.APP : DeviceChannel.BROWSER;
        }
        if (type == MessageType.CRes) {
            return message.has("acsCounterAtoS") ? DeviceChannel.APP : DeviceChannel.BROWSER;
        }
        return null;
    }
}
