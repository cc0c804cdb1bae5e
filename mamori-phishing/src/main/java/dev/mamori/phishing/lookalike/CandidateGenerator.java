package dev.mamori.phishing.lookalike;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.internal.Confusables;
import dev.mamori.phishing.internal.DomainSuffixes;
import dev.mamori.phishing.internal.QwertyKeyboard;
import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the lookalikes of a brand domain that phishing sites register (dnstwist's families):
 * typos by keyboard proximity, bitsquatting, hyphenation, vowel swaps, ASCII and Unicode (UTS #39)
 * homoglyphs, other suffixes (including the Japanese second-level domains) and the brand with a
 * phishing keyword. A candidate is never the brand itself nor one of its subdomains.
 *
 * <p>The variants work on the brand's registrable label ({@code mamori} of {@code www.mamori.co.jp});
 * a brand whose label is an IDN ({@code xn--...}) gets only suffix and keyword variants here, and
 * is matched by skeleton.
 */
public final class CandidateGenerator {
    /** Words phishing domains add to a brand name. */
    public static final List<String> KEYWORDS = List.of("login", "secure", "support", "account", "verify", "card", "mypage",
            "update", "auth", "signin", "member", "members", "info", "pay", "payment", "service", "help", "confirm", "security",
            "online", "web", "net", "official", "jp", "japan", "id", "user", "check", "points");

    /** ASCII strings that look like one another in common fonts; each pair works both ways. */
    private static final String[][] ASCII_HOMOGLYPHS = {{"m", "rn"}, {"w", "vv"}, {"d", "cl"}, {"l", "1"}, {"l", "i"}, {"i", "1"},
            {"o", "0"}, {"g", "q"}, {"s", "5"}, {"b", "6"}, {"z", "2"}, {"e", "3"}, {"a", "4"}, {"u", "v"}, {"n", "m"}};

    /** Unicode look-alikes tried per letter when generating (matching compares skeletons and needs no cap). */
    private static final int IDN_PER_LETTER = 4;

    private static final String VOWELS = "aeiou";

    private CandidateGenerator() {
    }

    /** Every candidate for {@code brand}, most convincing techniques first, without duplicates. */
    public static List<Candidate> generate(DomainName brand) {
        String registrable = DomainSuffixes.registrable(brand.ascii());
        if (registrable == null) {
            return List.of();
        }
        int dot = registrable.indexOf('.');
        String label = registrable.substring(0, dot);
        String suffix = registrable.substring(dot + 1);
        Map<String, Technique> domains = new LinkedHashMap<>();
        for (Map.Entry<String, Technique> variant : labelVariants(label).entrySet()) {
            if (variant.getValue() != Technique.KEYWORD) {
                domains.putIfAbsent(variant.getKey() + "." + suffix, variant.getValue());
            }
        }
        List<String> suffixes = new ArrayList<>(DomainSuffixes.JAPANESE);
        suffixes.addAll(DomainSuffixes.GENERIC);
        for (String other : suffixes) {
            if (!other.equals(suffix)) {
                domains.putIfAbsent(label + "." + other, Technique.TLD_SWAP);
            }
        }
        for (Map.Entry<String, Technique> variant : labelVariants(label).entrySet()) {
            if (variant.getValue() == Technique.KEYWORD) {
                domains.putIfAbsent(variant.getKey() + "." + suffix, Technique.KEYWORD);
                domains.putIfAbsent(variant.getKey() + ".com", Technique.KEYWORD);
            }
        }
        domains.remove(registrable);
        List<Candidate> out = new ArrayList<>(domains.size());
        for (Map.Entry<String, Technique> entry : domains.entrySet()) {
            if (!entry.getKey().equals(DomainSuffixes.registrable(entry.getKey()))) {
                continue; // e.g. "co.jp" from omitting a letter of "cop.jp": a suffix, nobody can register it
            }
            String unicode = entry.getKey().contains("xn--") ? IDN.toUnicode(entry.getKey(), IDN.ALLOW_UNASSIGNED) : entry.getKey();
            out.add(new Candidate(entry.getKey(), unicode, entry.getValue()));
        }
        return out;
    }

    /**
     * The variants of one registrable label (A-labels for IDN homographs) with the technique that
     * makes each, most convincing first; never {@code label} itself, only valid DNS labels.
     */
    public static Map<String, Technique> labelVariants(String label) {
        Map<String, Technique> out = new LinkedHashMap<>();
        boolean ascii = !label.startsWith("xn--");
        if (ascii) {
            idnHomoglyphs(label, out);
            asciiHomoglyphs(label, out);
            typos(label, out);
            vowelSwaps(label, out);
            bitsquats(label, out);
        }
        for (String keyword : KEYWORDS) {
            add(out, label + "-" + keyword, Technique.KEYWORD);
            add(out, keyword + "-" + label, Technique.KEYWORD);
            add(out, label + keyword, Technique.KEYWORD);
            add(out, keyword + label, Technique.KEYWORD);
        }
        out.remove(label);
        return out;
    }

    private static void idnHomoglyphs(String label, Map<String, Technique> out) {
        StringBuilder whole = new StringBuilder();
        boolean everyLetter = true;
        for (int i = 0; i < label.length(); i++) {
            int[] lookalikes = Confusables.lookalikes(label.charAt(i));
            everyLetter &= lookalikes.length > 0 || label.charAt(i) == '-';
            whole.appendCodePoint(lookalikes.length > 0 ? lookalikes[lookalikes.length - 1] : label.charAt(i));
            for (int k = 0; k < Math.min(IDN_PER_LETTER, lookalikes.length); k++) {
                String unicode = label.substring(0, i) + new String(Character.toChars(lookalikes[k])) + label.substring(i + 1);
                addUnicode(out, unicode);
            }
        }
        if (everyLetter) {
            addUnicode(out, whole.toString());
        }
    }

    private static void addUnicode(Map<String, Technique> out, String unicode) {
        try {
            add(out, IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED), Technique.IDN_HOMOGLYPH);
        } catch (IllegalArgumentException e) {
            // Not a valid IDN label (mixed directions, too long): an attacker cannot register it either.
        }
    }

    private static void asciiHomoglyphs(String label, Map<String, Technique> out) {
        for (String[] pair : ASCII_HOMOGLYPHS) {
            replaceEach(label, pair[0], pair[1], out);
            replaceEach(label, pair[1], pair[0], out);
        }
    }

    private static void replaceEach(String label, String from, String to, Map<String, Technique> out) {
        for (int at = label.indexOf(from); at >= 0; at = label.indexOf(from, at + 1)) {
            add(out, label.substring(0, at) + to + label.substring(at + from.length()), Technique.HOMOGLYPH);
        }
    }

    private static void typos(String label, Map<String, Technique> out) {
        int n = label.length();
        for (int i = 0; i + 1 < n; i++) {
            if (label.charAt(i) != label.charAt(i + 1)) {
                add(out, label.substring(0, i) + label.charAt(i + 1) + label.charAt(i) + label.substring(i + 2), Technique.TRANSPOSITION);
            }
        }
        for (int i = 0; i < n; i++) {
            for (char near : QwertyKeyboard.neighbours(label.charAt(i)).toCharArray()) {
                add(out, label.substring(0, i) + near + label.substring(i + 1), Technique.REPLACEMENT);
            }
        }
        for (int i = 0; i < n; i++) {
            add(out, label.substring(0, i + 1) + label.charAt(i) + label.substring(i + 1), Technique.REPETITION);
        }
        for (int i = 1; i < n; i++) {
            add(out, label.substring(0, i) + "-" + label.substring(i), Technique.HYPHENATION);
        }
        for (int i = 0; i < n; i++) {
            add(out, label.substring(0, i) + label.substring(i + 1), Technique.OMISSION);
        }
        for (int i = 0; i < n; i++) {
            for (char near : QwertyKeyboard.neighbours(label.charAt(i)).toCharArray()) {
                add(out, label.substring(0, i) + near + label.substring(i), Technique.INSERTION);
                add(out, label.substring(0, i + 1) + near + label.substring(i + 1), Technique.INSERTION);
            }
        }
    }

    private static void bitsquats(String label, Map<String, Technique> out) {
        for (int i = 0; i < label.length(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                char flipped = (char) (label.charAt(i) ^ (1 << bit));
                // A flipped upper-case letter reaches DNS lower-cased; it is then another letter.
                char c = flipped >= 'A' && flipped <= 'Z' ? (char) (flipped + 32) : flipped;
                if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
                    add(out, label.substring(0, i) + c + label.substring(i + 1), Technique.BITSQUATTING);
                }
            }
        }
    }

    private static void vowelSwaps(String label, Map<String, Technique> out) {
        for (int i = 0; i < label.length(); i++) {
            if (VOWELS.indexOf(label.charAt(i)) >= 0) {
                for (char vowel : VOWELS.toCharArray()) {
                    add(out, label.substring(0, i) + vowel + label.substring(i + 1), Technique.VOWEL_SWAP);
                }
            }
        }
    }

    private static void add(Map<String, Technique> out, String label, Technique technique) {
        if (isLabel(label)) {
            out.putIfAbsent(label, technique);
        }
    }

    /** A valid DNS label: 1–63 of a-z, 0-9 and hyphen, no hyphen at either end, no accidental A-label prefix. */
    static boolean isLabel(String label) {
        int n = label.length();
        if (n == 0 || n > 63 || label.charAt(0) == '-' || label.charAt(n - 1) == '-') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        // "ab--cd" is reserved for IDNA A-labels unless it is one; never create a fake one.
        return n < 4 || label.charAt(2) != '-' || label.charAt(3) != '-' || label.startsWith("xn--") && isValidALabel(label);
    }

    private static boolean isValidALabel(String label) {
        try {
            IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
            return !IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED).equals(label);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
