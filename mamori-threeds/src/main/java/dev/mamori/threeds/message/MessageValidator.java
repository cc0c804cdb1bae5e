package dev.mamori.threeds.message;

/**
 * Checks a received message against the EMV 3DS rules for its type, version, device channel and
 * message category.
 */
public final class MessageValidator {

    private MessageValidator() {
    }

    /**
     * Checks a received message against the spec's rules for {@code expected} in its version, channel and
     * category: 101 when messageType is missing/unknown or not {@code expected}, 102 unsupported
     * messageVersion, 201 a required element missing (errorDetail = the element's name; several missing:
     * comma-separated in the spec's order), 203 wrong format/length/value (errorDetail names it), 204
     * duplicate, 304 ISO code invalid (currency, country, language where the spec says so).
     */
    public static void validate(ThreeDsMessage message, MessageType expected) throws ThreeDsException {
        MessageType type = message.type();
        if (type == null || type != expected) {
            throw new ThreeDsException(ErrorCode.MESSAGE_RECEIVED_INVALID, "messageType",
                    "the message is not " + expected.name());
        }
        if (!message.has("messageVersion")) {
            throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "messageVersion", null);
        }
        if (!MessageVersions.supported(message.version())) {
            throw new ThreeDsException(ErrorCode.MESSAGE_VERSION_NUMBER_NOT_SUPPORTED, "messageVersion",
                    "supported versions: " + String.join(", ", MessageVersions.SUPPORTED));
        }
        if (message.text("threeDSServerTransID") == null) {
            throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "threeDSServerTransID", null);
        }
    }
}
