package dev.mamori.threeds.message;

import dev.mamori.common.CardNumberDetector;

import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds Erro messages (EMV 3DS Table A.1, Erro). */
public final class Erro {

    /** The transaction ids an Erro echoes from the message it is about. */
    private static final String[] IDS = {"threeDSServerTransID", "acsTransID", "dsTransID", "sdkTransID"};
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** errorDescription and errorDetail are at most 2048 characters. */
    private static final int MAX_TEXT = 2048;

    private Erro() {
    }

    /**
     * An Erro message: errorCode, errorComponent, errorDescription, errorDetail, errorMessageType (the
     * type of {@code about} when known), messageType "Erro", messageVersion (that of {@code about} when
     * supported, else the highest supported) and the transaction ids of {@code about}.
     *
     * <p>Only ids in the UUID form are echoed: a malformed id may be anything, even a card number.
     *
     * @param component 'A' ACS, 'D' DS, 'S' 3DS Server, 'C' 3DS SDK
     * @param description the errorDescription; null for the code's default
     * @param about the message the error is about, or null when there is none (it could not be read)
     */
    public static ThreeDsMessage of(ErrorCode code, char component, String errorDetail, String description,
            ThreeDsMessage about) {
        Objects.requireNonNull(code, "code");
        if ("ADSC".indexOf(component) < 0) {
            throw new IllegalArgumentException("errorComponent is one of A, D, S, C");
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (about != null) {
            for (String id : IDS) {
                String value = about.text(id);
                if (value != null && UUID.matcher(value).matches()) {
                    json.put(id, value);
                }
            }
        }
        json.put("errorCode", code.code());
        json.put("errorComponent", String.valueOf(component));
        json.put("errorDescription", clip(description == null || description.isBlank() ? code.description()
                : CardNumberDetector.mask(description)));
        json.put("errorDetail", clip(errorDetail == null || errorDetail.isBlank() ? code.description()
                : CardNumberDetector.mask(errorDetail)));
        MessageType aboutType = about == null ? null : about.type();
        if (aboutType != null) {
            json.put("errorMessageType", aboutType.name());
        }
        json.put("messageType", MessageType.Erro.name());
        String version = about == null ? null : about.version();
        json.put("messageVersion", MessageVersions.supported(version) ? version : MessageVersions.highest());
        return ThreeDsMessage.of(json);
    }

    /** The Erro message of a protocol error. */
    public static ThreeDsMessage of(ThreeDsException e, char component, ThreeDsMessage about) {
        return of(e.code(), component, e.errorDetail(), e.description(), about);
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
