package dev.mamori.phishing;

import java.net.IDN;
import java.util.Locale;

/**
 * A DNS host name in canonical form: lower case, no trailing dot, internationalized labels as
 * A-labels ({@code xn--...}, IDNA via {@link IDN}), so {@code ＭＡＭＯＲＩ.jp.}, {@code mamori.JP} and
 * {@code mamori.jp} are one domain. Each label is 1–63 letters, digits or hyphens not starting or
 * ending with a hyphen; at least two labels; at most 253 characters.
 *
 * @param ascii the canonical A-label form
 */
public record DomainName(String ascii) implements Comparable<DomainName> {

    public DomainName {
        ascii = canonical(ascii);
    }

    /** Parses user input (Unicode or ASCII, any case, optional trailing dot). */
    public static DomainName of(String input) {
        return new DomainName(input);
    }

    /** The Unicode form for display, e.g. {@code まもり.jp} for {@code xn--u9jt50g.jp}. */
    public String unicode() {
        String unicode = IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED);
        if (unicode.contains("xn--")) {
            // IDNA 2003 leaves an A-label of a deviation character (xn--strae-oqa) as it is; UTS #46 decodes it.
            StringBuilder out = new StringBuilder();
            com.ibm.icu.text.IDNA.Info info = new com.ibm.icu.text.IDNA.Info();
            NON_TRANSITIONAL.nameToUnicode(ascii, out, info);
            return info.hasErrors() ? unicode : out.toString();
        }
        return unicode;
    }

    /** The labels, leftmost first. */
    public String[] labels() {
        return ascii.split("\\.");
    }

    /** Whether this is {@code other} or a subdomain of it. */
    public boolean isWithin(DomainName other) {
        return ascii.equals(other.ascii) || ascii.endsWith("." + other.ascii);
    }

    @Override
    public int compareTo(DomainName other) {
        return ascii.compareTo(other.ascii);
    }

    @Override
    public String toString() {
        return ascii;
    }

    private static String canonical(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidDomainException("required", "a domain name is required");
        }
        String name = input.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        // Ideographic and full-width full stops separate labels too (IDNA 2003, RFC 3490 section 3.1).
        name = name.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
        if (name.startsWith(".") || name.contains("..")) {
            throw new InvalidDomainException("empty-label", "a domain name has no empty label (two dots in a row)");
        }
        String ascii;
        try {
            // NFKC-maps full-width letters; Unicode labels become A-labels (xn--).
            ascii = hasDeviation(name) ? nonTransitional(name) : IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidDomainException("invalid-characters",
                    "a domain name has letters, digits and hyphens in labels of at most 63 characters (" + e.getMessage() + ")");
        }
        if (ascii.length() > 253) {
            throw new InvalidDomainException("too-long", "a domain name has at most 253 characters");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidDomainException("single-label", "a domain name has at least two labels, e.g. example.jp");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new InvalidDomainException("empty-label", "a domain name has no empty label (two dots in a row)");
            }
            if (label.length() > 63) {
                throw new InvalidDomainException("label-too-long", "each label of a domain name has at most 63 characters");
            }
            if (!label.chars().allMatch(ch -> ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-')) {
                throw new InvalidDomainException("invalid-characters",
                        "a label of a domain name has only letters, digits and hyphens: " + label);
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidDomainException("hyphen-at-edge", "a label of a domain name does not start or end with a hyphen");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new InvalidDomainException("numeric-tld", "a domain name does not end in a number (an IP address is not a domain)");
        }
        return ascii;
    }

    /** ß, final sigma, ZWNJ and ZWJ: IDNA 2003 maps or deletes them, IDNA 2008 keeps them (UTS #46 section 4). */
    private static boolean hasDeviation(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\u00DF' || c == '\u03C2' || c == '\u200C' || c == '\u200D') {
                return true;
            }
        }
        return false;
    }

    /**
     * The A-label form browsers and registries use for a name with a deviation character (UTS #46
     * non-transitional): {@code straße.de} is {@code xn--strae-oqa.de}, not {@code strasse.de}.
     */
    private static String nonTransitional(String name) {
        StringBuilder out = new StringBuilder();
        com.ibm.icu.text.IDNA.Info info = new com.ibm.icu.text.IDNA.Info();
        NON_TRANSITIONAL.nameToASCII(name, out, info);
        if (info.hasErrors()) {
            throw new IllegalArgumentException("not a valid internationalized domain name " + info.getErrors());
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static final com.ibm.icu.text.IDNA NON_TRANSITIONAL = com.ibm.icu.text.IDNA.getUTS46Instance(
            com.ibm.icu.text.IDNA.NONTRANSITIONAL_TO_ASCII | com.ibm.icu.text.IDNA.NONTRANSITIONAL_TO_UNICODE
                    | com.ibm.icu.text.IDNA.CHECK_BIDI | com.ibm.icu.text.IDNA.CHECK_CONTEXTJ);
}
