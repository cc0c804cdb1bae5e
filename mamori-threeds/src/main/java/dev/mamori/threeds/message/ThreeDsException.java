package dev.mamori.threeds.message;

import dev.mamori.common.CardNumberDetector;

/**
 * A 3-D Secure protocol error: what the receiving component answers with an Erro message
 * ({@link Erro#of(ThreeDsException, char, ThreeDsMessage)}).
 *
 * <p>The error detail names data elements, never their values, so the exception (and its message,
 * which may be logged) holds no card number or other personal data; a card number in a caller's
 * detail or description is masked all the same.
 */
public final class ThreeDsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String errorDetail;
    private final String description;

    /**
     * @param errorDetail what is wrong, in the spec's terms: the name of the data element(s) concerned
     * @param description the errorDescription; null for the code's default description
     */
    public ThreeDsException(ErrorCode code, String errorDetail, String description) {
        super(messageOf(code, masked(errorDetail), description == null ? code.description() : masked(description)),
                null, false, false);
        this.code = code;
        this.errorDetail = masked(errorDetail);
        this.description = description == null ? code.description() : masked(description);
    }

    private static String messageOf(ErrorCode code, String errorDetail, String description) {
        return code.code() + " " + description + (errorDetail == null ? "" : ": " + errorDetail);
    }

    /** A caller's text that quotes a card number by mistake still shows at most its first six and last four digits. */
    private static String masked(String text) {
        return text == null ? null : CardNumberDetector.mask(text);
    }

    public ErrorCode code() {
        return code;
    }

    /** @return the errorDetail (names the data element concerned), or null */
    public String errorDetail() {
        return errorDetail;
    }

    /** @return the errorDescription: the caller's, or the code's default */
    public String description() {
        return description;
    }
}
