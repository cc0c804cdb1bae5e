package dev.mamori.phishing.dmarc;

/**
 * A TXT string that is not a DMARC record at all: its first tag is not {@code v=DMARC1}. Such a
 * record is ignored during policy discovery (RFC 9989 section 4.7, RFC 7489 section 6.3). Errors
 * in later tags do not throw; they are listed in {@link DmarcRecord#errors()}.
 */
public final class DmarcSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String tag;
    private final String rule;

    DmarcSyntaxException(String tag, String rule, String message) {
        super(tag + " (" + rule + "): " + message, null, false, false);
        this.tag = tag;
        this.rule = rule;
    }

    /** The tag at fault, e.g. {@code v}. */
    public String tag() {
        return tag;
    }

    /** The ABNF rule the value breaks, e.g. {@code dmarc-version}. */
    public String rule() {
        return rule;
    }
}
