package dev.mamori.threeds.message;

/** The EMV 3-D Secure messageType values this implementation knows. */
public enum MessageType {
    AReq, ARes, CReq, CRes, RReq, RRes, PReq, PRes, Erro;

    /** @return the type named exactly {@code text} (case-sensitive, as the spec writes it), or null when it is none */
    public static MessageType of(String text) {
        if (text == null) {
            return null;
        }
        for (MessageType t : values()) {
            if (t.name().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
