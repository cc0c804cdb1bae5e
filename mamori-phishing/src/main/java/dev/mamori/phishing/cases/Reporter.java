package dev.mamori.phishing.cases;

import java.util.Locale;

/** Who reported: a cardholder (through the call centre, an app, a mail) or the issuer's own staff. */
public enum Reporter {
    CARDHOLDER, STAFF;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Reporter of(String id) {
        if (id != null) {
            for (Reporter r : values()) {
                if (r.id().equalsIgnoreCase(id.strip())) {
                    return r;
                }
            }
        }
        throw new InvalidReportException("reporter", "one-of", "reporter must be cardholder or staff");
    }
}
