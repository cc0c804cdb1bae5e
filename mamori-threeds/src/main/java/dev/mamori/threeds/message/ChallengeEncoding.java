package dev.mamori.threeds.message;

import java.util.Base64;

/**
 * The browser challenge's form fields {@code creq} and {@code cres}: the CReq / CRes JSON in base64url
 * without padding (EMV 3DS, browser-based challenge flow).
 */
public final class ChallengeEncoding {

    private ChallengeEncoding() {
    }

    public static String encode(ThreeDsMessage message) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(message.toBytes());
    }

    /**
     * Accepts base64url with or without padding (the JDK's URL decoder takes both; some 3DS Servers pad).
     *
     * @throws ThreeDsException 101 when the text is not base64url or does not decode to one JSON object,
     *     204 for a duplicate element
     */
    public static ThreeDsMessage decode(String base64url) throws ThreeDsException {
        if (base64url == null || base64url.isEmpty()) {
            throw new ThreeDsException(ErrorCode.MESSAGE_RECEIVED_INVALID, "message", "the challenge message is empty");
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(base64url.strip());
        } catch (IllegalArgumentException e) {
            throw new ThreeDsException(ErrorCode.MESSAGE_RECEIVED_INVALID, "message",
                    "the challenge message is not base64url");
        }
        return ThreeDsMessage.parse(json);
    }
}
