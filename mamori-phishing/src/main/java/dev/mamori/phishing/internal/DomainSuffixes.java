package dev.mamori.phishing.internal;

import java.util.List;
import java.util.Set;

/**
 * Where the registrable part of a host name ends: {@code co.jp} is a suffix, so the label a brand
 * owns in {@code www.mamori.co.jp} is {@code mamori}. A short built-in list of the second-level
 * suffixes that matter for Japanese card brands (JPRS's attribute-type domains) and a few common
 * foreign ones; anything else counts as a one-label suffix. Not the whole Public Suffix List: a
 * geographic .jp name (tokyo.jp) is taken as registrable, which only lowers a score.
 */
public final class DomainSuffixes {
    /** The attribute-type second-level domains of .jp, plus .jp itself. */
    public static final List<String> JAPANESE = List.of("jp", "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp", "ed.jp",
            "lg.jp", "ad.jp");

    /** Common generic and country suffixes phishing sites register under. */
    public static final List<String> GENERIC = List.of("com", "net", "org", "info", "biz", "xyz", "top", "shop", "online", "site",
            "club", "app", "co", "cc", "io", "me", "asia", "tokyo", "vip", "icu", "cn", "store", "live", "support", "link",
            "work", "fun", "life", "website", "services", "com.cn", "co.uk");

    private static final Set<String> SECOND_LEVEL = Set.of("co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp", "ed.jp", "lg.jp",
            "ad.jp", "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "com.cn", "net.cn", "org.cn", "com.tw",
            "com.hk", "co.kr", "com.sg", "com.br", "co.nz", "co.in", "com.mx", "com.tr", "co.za");

    private DomainSuffixes() {
    }

    /**
     * The index in {@code ascii} (a canonical host name) where its public suffix starts, or -1 when
     * the whole name is a suffix (nothing registrable).
     */
    public static int suffixStart(String ascii) {
        int last = ascii.lastIndexOf('.');
        if (last < 0) {
            return -1;
        }
        int previous = ascii.lastIndexOf('.', last - 1);
        // previous + 1 is the start of the second-to-last label (0 when there are only two labels).
        if (SECOND_LEVEL.contains(ascii.substring(previous + 1))) {
            return previous < 0 ? -1 : previous + 1;
        }
        return last + 1;
    }

    /** The registrable domain (label + suffix) of {@code ascii}, or null when it is a bare suffix. */
    public static String registrable(String ascii) {
        int suffix = suffixStart(ascii);
        if (suffix <= 0) {
            return null;
        }
        int start = ascii.lastIndexOf('.', suffix - 2);
        return ascii.substring(start + 1);
    }
}
