package dev.mamori.phishing.posture;

/**
 * A letter summarising a domain's posture, best first. The score starts at 100 and loses
 * {@value #CRITICAL_PENALTY} per critical, {@value #HIGH_PENALTY} per high, {@value #MEDIUM_PENALTY} per medium
 * and {@value #LOW_PENALTY} per low finding; any critical finding makes the grade {@link #F}, because one such
 * hole (no DMARC, {@code +all}) lets anyone send as the domain whatever else is right.
 */
public enum Grade {
    A, B, C, D, F;

    static final int CRITICAL_PENALTY = 40;
    static final int HIGH_PENALTY = 20;
    static final int MEDIUM_PENALTY = 8;
    static final int LOW_PENALTY = 3;

    /** The score of {@code findings}, 0 to 100. */
    public static int score(Iterable<PostureFinding> findings) {
        int score = 100;
        for (PostureFinding f : findings) {
            score -= switch (f.severity()) {
                case CRITICAL -> CRITICAL_PENALTY;
                case HIGH -> HIGH_PENALTY;
                case MEDIUM -> MEDIUM_PENALTY;
                case LOW -> LOW_PENALTY;
                case INFO -> 0;
            };
        }
        return Math.max(0, score);
    }

    /** The grade of {@code findings}. */
    public static Grade of(Iterable<PostureFinding> findings) {
        for (PostureFinding f : findings) {
            if (f.severity() == Severity.CRITICAL) {
                return F;
            }
        }
        int score = score(findings);
        return score >= 90 ? A : score >= 75 ? B : score >= 60 ? C : score >= 40 ? D : F;
    }

    /** Whether this grade is below {@code other}. */
    public boolean isWorseThan(Grade other) {
        return ordinal() > other.ordinal();
    }
}
