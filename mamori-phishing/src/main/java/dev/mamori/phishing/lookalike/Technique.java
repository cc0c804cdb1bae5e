package dev.mamori.phishing.lookalike;

import java.util.Locale;

/**
 * How an observed domain imitates a brand domain. {@link #id()} is the stable name used in the API,
 * the database and the command line; {@link #baseScore()} is the similarity a match by this
 * technique starts from (the matcher lowers it when the suffix differs or the imitation sits inside
 * a longer label).
 */
public enum Technique {
    /** Unicode characters that look like the brand's (UTS #39 confusables), e.g. Cyrillic а in mаmori. */
    IDN_HOMOGLYPH(0.97, "Unicode look-alike characters (IDN homograph)"),
    /** ASCII look-alikes: rn for m, 1 for l, 0 for o, vv for w. */
    HOMOGLYPH(0.95, "ASCII look-alike characters (rn/m, l/1, 0/o)"),
    /** The brand's own label under another suffix: mamori.com for mamori.jp, mamori.co.jp. */
    TLD_SWAP(0.95, "same name under another top-level or second-level domain"),
    TRANSPOSITION(0.9, "two neighbouring letters swapped"),
    REPLACEMENT(0.9, "a letter replaced by a neighbouring key"),
    REPETITION(0.9, "a letter doubled"),
    HYPHENATION(0.9, "a hyphen inserted"),
    OMISSION(0.88, "a letter left out"),
    INSERTION(0.88, "a neighbouring key inserted"),
    BITSQUATTING(0.88, "one bit of a letter flipped"),
    VOWEL_SWAP(0.87, "a vowel replaced by another"),
    /** The brand with a phishing word: mamori-login.com, securemamori.jp. */
    KEYWORD(0.85, "brand name with a phishing keyword (login, secure, card ...)"),
    /** The brand domain inside a longer name: secure.mamori.jp.evil.com. */
    SUBDOMAIN(0.85, "brand domain used as a subdomain of another domain"),
    /** The brand name inside a longer label or another label: mamori-shop-sale.com. */
    EMBEDDED(0.75, "brand name inside a longer name"),
    /** Within a small edit distance (Damerau–Levenshtein) of the brand name. */
    SIMILAR(0.85, "a few letters different (edit distance)");

    private final double baseScore;
    private final String description;

    Technique(double baseScore, String description) {
        this.baseScore = baseScore;
        this.description = description;
    }

    /** The stable name: {@code idn-homoglyph}, {@code tld-swap}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public double baseScore() {
        return baseScore;
    }

    public String description() {
        return description;
    }

    /** @throws IllegalArgumentException for an unknown id */
    public static Technique ofId(String id) {
        for (Technique technique : values()) {
            if (technique.id().equalsIgnoreCase(id)) {
                return technique;
            }
        }
        throw new IllegalArgumentException("unknown technique");
    }
}
