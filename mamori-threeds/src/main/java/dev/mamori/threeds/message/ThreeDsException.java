package dev.mamori.threeds.message;

/**
 * A 3-D Secure protocol error: what the receiving component answers with an Erro message
 * ({@link Erro#of(ThreeDsException, char, ThreeDsMessage)}).
 *
 * <p>The error detail names data elements, never their values, so the exception (and its message,
 * which may be logged) never holds a card number or other personal data.
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
        super(code.code() + " " + (description == null ? code.description() : description)
                + (errorDetail == null ? "" : ": " + errorDetail), null, false, false);
        this.code = code;
        this.errorDetail = errorDetail;
        this.description = description == null ? code.description() : description;
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
