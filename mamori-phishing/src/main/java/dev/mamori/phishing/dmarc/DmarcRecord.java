package dev.mamori.phishing.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed DMARC policy record (RFC 7489 section 6.3, RFC 9989 section 4.7).
 *
 * <p>Only the version tag is fatal: a string whose first tag is not {@code v=DMARC1} is not a DMARC record
 * and {@link #parse} throws. Every other syntax error is listed in {@link #errors()} by tag and ABNF rule,
 * and the tag keeps its default, as RFC 9989 section 4.7 asks ("Syntax errors in the remainder of the
 * record MUST be discarded in favor of default values"). An invalid {@code p}, {@code sp} or {@code np}
 * is special: see {@link #policyInvalid()}. Unknown tags are ignored.
 *
 * @param policy {@code p=}; {@link Policy#NONE} when absent (RFC 9989) or invalid
 * @param subdomainPolicy {@code sp=}, or {@code null} when absent or invalid
 * @param nonExistentPolicy {@code np=} (RFC 9989), or {@code null} when absent or invalid
 * @param percent {@code pct=} (RFC 7489; removed by RFC 9989), 0 to 100, default 100
 * @param testing {@code t=y} (RFC 9989): the owner is testing and expects one level below its policy
 * @param dkimAlignment {@code adkim=}, default relaxed
 * @param spfAlignment {@code aspf=}, default relaxed
 * @param psd {@code psd=} (RFC 9989), default {@link Psd#UNKNOWN}
 * @param aggregateReports {@code rua=}, the valid URIs only
 * @param failureReports {@code ruf=}, the valid URIs only
 * @param failureOptions {@code fo=} options, default {@code [0]}
 * @param reportInterval {@code ri=} seconds (RFC 7489), default 86400
 * @param reportFormats {@code rf=} (RFC 7489), default {@code [afrf]}
 * @param tags the names of the tags present, lower case, in order
 * @param errors syntax errors, in record order; empty for a clean record
 */
public record DmarcRecord(
        Policy policy,
        Policy subdomainPolicy,
        Policy nonExistentPolicy,
        int percent,
        boolean testing,
        Alignment dkimAlignment,
        Alignment spfAlignment,
        Psd psd,
        List<ReportUri> aggregateReports,
        List<ReportUri> failureReports,
        List<String> failureOptions,
        long reportInterval,
        List<String> reportFormats,
        Set<String> tags,
        List<TagError> errors) {

    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,32}");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    public DmarcRecord {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(dkimAlignment, "dkimAlignment");
        Objects.requireNonNull(spfAlignment, "spfAlignment");
        Objects.requireNonNull(psd, "psd");
        aggregateReports = List.copyOf(aggregateReports);
        failureReports = List.copyOf(failureReports);
        failureOptions = List.copyOf(failureOptions);
        reportFormats = List.copyOf(reportFormats);
        tags = Set.copyOf(new LinkedHashSet<>(tags));
        errors = List.copyOf(errors);
    }

    /** A requested handling of mail that fails DMARC (dmarc-request). */
    public enum Policy {
        NONE, QUARANTINE, REJECT;

        /** The lower-case keyword, as in the record and in {@code Authentication-Results}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** One level below: reject to quarantine, quarantine to none, none stays none. */
        public Policy downgrade() {
            return this == REJECT ? QUARANTINE : NONE;
        }
    }

    /** Identifier alignment mode (dmarc-rors). */
    public enum Alignment { RELAXED, STRICT }

    /** The {@code psd} flag of RFC 9989 (dmarc-psd). */
    public enum Psd { YES, NO, UNKNOWN }

    /**
     * One syntax error.
     *
     * @param tag the tag at fault, lower case ({@code "?"} when the tag itself could not be read)
     * @param rule the ABNF rule of RFC 9989 section 4.8 / RFC 7489 section 6.4 that the value breaks
     * @param message what is wrong
     */
    public record TagError(String tag, String rule, String message) {
        @Override
        public String toString() {
            return tag + " (" + rule + "): " + message;
        }
    }

    /** Whether the record carried tag {@code name} (lower case), valid or not. */
    public boolean has(String name) {
        return tags.contains(name);
    }

    /**
     * Whether {@code p}, {@code sp} or {@code np} was present but invalid. RFC 9989 section 4.10.1: then the
     * receiver acts as if {@code p=none} was published if {@code rua} has a valid URI, else applies no
     * DMARC processing.
     */
    public boolean policyInvalid() {
        return errors.stream().anyMatch(e -> e.tag().equals("p") || e.tag().equals("sp") || e.tag().equals("np"));
    }

    /** Whether the TXT string starts with a {@code v=DMARC1} tag, the test for counting DMARC records. */
    public static boolean looksLikeDmarc(String txt) {
        int semi = txt.indexOf(';');
        String first = semi < 0 ? txt : txt.substring(0, semi);
        int eq = first.indexOf('=');
        return eq > 0 && first.substring(0, eq).strip().equals("v") && first.substring(eq + 1).strip().equals("DMARC1");
    }

    /**
     * Parses a DMARC TXT record.
     *
     * @throws DmarcSyntaxException when the first tag is not {@code v=DMARC1} (case-sensitive, RFC 9989)
     */
    public static DmarcRecord parse(String txt) throws DmarcSyntaxException {
        Objects.requireNonNull(txt, "txt");
        String[] parts = txt.split(";", -1);
        String first = parts[0];
        int eq = first.indexOf('=');
        if (eq < 0 || !first.substring(0, eq).strip().equals("v")) {
            throw new DmarcSyntaxException("v", "dmarc-record", "the first tag must be v");
        }
        if (!first.substring(eq + 1).strip().equals("DMARC1")) {
            throw new DmarcSyntaxException("v", "dmarc-version", "the version must be exactly DMARC1");
        }
        Builder b = new Builder();
        b.tags.add("v");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                continue; // a trailing or doubled separator
            }
            int e = part.indexOf('=');
            if (e < 0) {
                b.error("?", "dmarc-tag", "tag without '=': " + clip(part));
                continue;
            }
            String name = part.substring(0, e).strip();
            String value = part.substring(e + 1).strip();
            if (!TAG_NAME.matcher(name).matches()) {
                b.error("?", "dmarc-tag", "tag name must be letters: " + clip(name));
                continue;
            }
            name = name.toLowerCase(Locale.ROOT);
            if (!b.tags.add(name)) {
                b.error(name, "dmarc-record", "duplicate tag; the first one is used");
                continue;
            }
            if (value.isEmpty()) {
                b.error(name, "dmarc-value", "empty value");
                continue;
            }
            b.tag(name, value);
        }
        return b.build();
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static final class Builder {
        final Set<String> tags = new LinkedHashSet<>();
        final List<TagError> errors = new ArrayList<>();
        Policy p = Policy.NONE;
        Policy sp;
        Policy np;
        int pct = 100;
        boolean t;
        Alignment adkim = Alignment.RELAXED;
        Alignment aspf = Alignment.RELAXED;
        Psd psd = Psd.UNKNOWN;
        List<ReportUri> rua = List.of();
        List<ReportUri> ruf = List.of();
        List<String> fo = List.of("0");
        long ri = 86400;
        List<String> rf = List.of("afrf");

        void error(String tag, String rule, String message) {
            errors.add(new TagError(tag, rule, message));
        }

        void tag(String name, String value) {
            String v = value.toLowerCase(Locale.ROOT);
            switch (name) {
                case "p" -> p = policy(name, v, Policy.NONE);
                case "sp" -> sp = policy(name, v, null);
                case "np" -> np = policy(name, v, null);
                case "pct" -> {
                    if (DIGITS.matcher(v).matches() && v.length() <= 3 && Integer.parseInt(v) <= 100) {
                        pct = Integer.parseInt(v);
                    } else {
                        error(name, "1*3DIGIT", "must be an integer from 0 to 100");
                    }
                }
                case "t" -> {
                    if (v.equals("y") || v.equals("n")) {
                        t = v.equals("y");
                    } else {
                        error(name, "dmarc-yorn", "must be y or n");
                    }
                }
                case "psd" -> {
                    switch (v) {
                        case "y" -> psd = Psd.YES;
                        case "n" -> psd = Psd.NO;
                        case "u" -> psd = Psd.UNKNOWN;
                        default -> error(name, "dmarc-psd", "must be y, n or u");
                    }
                }
                case "adkim" -> adkim = alignment(name, v, adkim);
                case "aspf" -> aspf = alignment(name, v, aspf);
                case "rua" -> rua = uris(name, value);
                case "ruf" -> ruf = uris(name, value);
                case "fo" -> {
                    List<String> opts = List.of(v.split(":", -1));
                    if (opts.stream().allMatch(o -> o.strip().matches("[01ds]"))) {
                        fo = opts.stream().map(String::strip).toList();
                    } else {
                        error(name, "dmarc-fo", "options must be 0, 1, d or s separated by ':'");
                    }
                }
                case "ri" -> {
                    if (DIGITS.matcher(v).matches() && v.length() <= 10) {
                        ri = Long.parseLong(v);
                    } else {
                        error(name, "dmarc-ainterval", "must be an integer number of seconds (1*32DIGIT, at most 10 used)");
                    }
                }
                case "rf" -> {
                    List<String> formats = List.of(v.split(":", -1));
                    if (formats.stream().allMatch(f -> KEYWORD.matcher(f.strip()).matches())) {
                        rf = formats.stream().map(String::strip).toList();
                    } else {
                        error(name, "Keyword", "formats must be keywords separated by ':'");
                    }
                }
                default -> {
                    // RFC 7489 section 6.3 / RFC 9989 section 4.7: unknown tags MUST be ignored
                }
            }
        }

        private Policy policy(String name, String v, Policy fallback) {
            return switch (v) {
                case "none" -> Policy.NONE;
                case "quarantine" -> Policy.QUARANTINE;
                case "reject" -> Policy.REJECT;
                default -> {
                    error(name, "dmarc-request", "must be none, quarantine or reject");
                    yield fallback;
                }
            };
        }

        private Alignment alignment(String name, String v, Alignment fallback) {
            return switch (v) {
                case "r" -> Alignment.RELAXED;
                case "s" -> Alignment.STRICT;
                default -> {
                    error(name, "dmarc-rors", "must be r or s");
                    yield fallback;
                }
            };
        }

        private List<ReportUri> uris(String name, String value) {
            List<ReportUri> out = new ArrayList<>();
            for (String item : value.split(",", -1)) {
                String s = item.strip();
                if (s.isEmpty()) {
                    error(name, "dmarc-urilist", "empty list element");
                    continue;
                }
                try {
                    out.add(ReportUri.parse(s));
                } catch (IllegalArgumentException e) {
                    error(name, "dmarc-uri", e.getMessage());
                }
            }
            return out;
        }

        DmarcRecord build() {
            return new DmarcRecord(p, sp, np, pct, t, adkim, aspf, psd, rua, ruf, fo, ri, rf, tags, errors);
        }
    }
}
