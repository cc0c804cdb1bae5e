package dev.mamori.phishing.posture;

import java.util.Locale;
import java.util.Objects;

/**
 * One finding of a posture check.
 *
 * @param code what was found
 * @param detail the evidence, language-neutral: the record, a count, the selector; empty when none
 */
public record PostureFinding(PostureCode code, String detail) {
    /** Details are clipped to this many characters so one odd record cannot bloat a report. */
    public static final int MAX_DETAIL = 1000;

    public PostureFinding {
        Objects.requireNonNull(code, "code");
        detail = detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - 1) + "…" : detail;
    }

    public Severity severity() {
        return code.severity();
    }

    public String message(Locale locale) {
        return code.message(locale);
    }

    public String fix(Locale locale) {
        return code.fix(locale);
    }
}
