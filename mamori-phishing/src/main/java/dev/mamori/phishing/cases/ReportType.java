package dev.mamori.phishing.cases;

import java.util.Locale;

/** What was reported: a URL, an SMS text (smishing), a forwarded mail (.eml) or a screenshot. */
public enum ReportType {
    URL, SMS, EMAIL, SCREENSHOT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReportType of(String id) {
        if (id != null) {
            for (ReportType t : values()) {
                if (t.id().equalsIgnoreCase(id.strip())) {
                    return t;
                }
            }
        }
        throw new InvalidReportException("type", "one-of", "type must be url, sms, email or screenshot");
    }
}
