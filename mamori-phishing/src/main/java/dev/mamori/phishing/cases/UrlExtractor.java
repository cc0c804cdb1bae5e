package dev.mamori.phishing.cases;

import com.google.common.net.InternetDomainName;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds the web addresses in a phishing report: a forwarded mail's text and HTML, an SMS in
 * Japanese, an analyst's paste. It reads them the way people write them:
 *
 * <ul>
 *   <li>full-width characters as Japanese input methods type them ({@code ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ},
 *       folded by Unicode NFKC);</li>
 *   <li>defanged forms analysts use so that nobody clicks: {@code hxxp}, {@code hxxps}, {@code h**p},
 *       {@code [:]//}, {@code [://]}, {@code [.]}, {@code (.)}, {@code {.}}, {@code [dot]}, {@code (dot)},
 *       and spaces around the dots of a host ({@code evil . example . com});</li>
 *   <li>addresses with no scheme ({@code evil-bank.com/login}), which count only when the host ends
 *       in a public suffix, so {@code index.html} or a sentence is not a site;</li>
 *   <li>the end of a URL: Japanese text, brackets ({@code 「」『』【】}) and trailing punctuation
 *       ({@code .,;:!?}, an unbalanced {@code )}) are not part of it.</li>
 * </ul>
 *
 * <p>A mail address ({@code mailto:}, {@code user@example.com}) is not a site. Each URL is
 * normalised ({@link ReportedUrl}) and reported once, in the order found; at most
 * {@link #MAX_URLS}. Never throws on any text (a jqwik property checks it).
 *
 * <p>Known gap: a host written in Japanese script ({@code 日本語.jp}) is not found, because
 * Japanese text runs into URLs with no space between; its punycode form ({@code xn--...}) is.
 */
public final class UrlExtractor {
    /** At most this many URLs are taken from one report. */
    public static final int MAX_URLS = 50;
    /** Longer URLs are not taken: no phishing page needs one, and the store keeps 2048 characters. */
    public static final int MAX_URL_LENGTH = 2048;
    /** Longer input is read only up to here. */
    public static final int MAX_TEXT_LENGTH = 1_000_000;

    private static final Pattern DEFANGED_SCHEME = Pattern.compile(
            "(?i)\\bh(?:xx|\\*\\*|tt)p(s?)(?:\\[://\\]|\\(://\\)|\\{://\\}|\\s*(?:\\[:\\]|\\(:\\)|\\{:\\}|:)\\s*//)");
    private static final Pattern DEFANGED_DOT = Pattern.compile(
            "(?i)[ \\t]*(?:\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]|\\(dot\\)|\\{dot\\})[ \\t]*");
    /**
     * A chain of host labels joined by dots with blanks around some of them, not inside a path;
     * whether its last label is a public suffix is checked after.
     */
    private static final Pattern SPACED_DOTS = Pattern.compile(
            "(?i)(?<![\\w.-])(?<![\\w.-]/)[a-z0-9-]{1,63}(?:[ \\t]*\\.[ \\t]*[a-z0-9-]{1,63}){1,10}");
    /** Characters that end a URL: blanks, quotes, angle brackets, Japanese brackets and script. */
    private static final String STOP = "\\s<>\"'`\\\\^{}|\\u3000-\\u30FF\\u3400-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF";
    private static final Pattern WITH_SCHEME = Pattern.compile("(?i)\\bhttps?://[^" + STOP + "]+");
    private static final Pattern BARE = Pattern.compile(
            "(?i)(?<![\\w@.\\-/%=])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59}))"
                    + "(?::[0-9]{1,5})?(?:[/?#][^" + STOP + "]*)?");
    private static final Pattern IPV4 = Pattern.compile("(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}");
    private static final String TRAILING = ".,;:!?'\"*»」』】）〕〉》]";

    private UrlExtractor() {
    }

    /** The URLs in plain text (an SMS, a mail's text part, a paste). */
    public static List<ReportedUrl> fromText(String text) {
        Map<String, ReportedUrl> found = new LinkedHashMap<>();
        collect(text, found);
        return List.copyOf(found.values());
    }

    /**
     * The URLs of an HTML mail part: link targets ({@code a}, {@code area}, {@code form action})
     * first, then addresses in the visible text outside links. The text of a link is not taken:
     * phishing mails show the brand's real address over a link to the phishing page.
     */
    public static List<ReportedUrl> fromHtml(String html) {
        Map<String, ReportedUrl> found = new LinkedHashMap<>();
        if (html == null || html.isEmpty()) {
            return List.of();
        }
        Document document = Jsoup.parse(html.length() > MAX_TEXT_LENGTH ? html.substring(0, MAX_TEXT_LENGTH) : html);
        for (Element link : document.select("a[href], area[href], form[action]")) {
            String target = link.hasAttr("href") ? link.attr("href") : link.attr("action");
            if (target.regionMatches(true, 0, "http", 0, 4) || target.regionMatches(true, 0, "hxxp", 0, 4)) {
                collect(target, found);
            }
            if (link.tagName().equals("a")) {
                link.empty();
            }
        }
        collect(document.text(), found);
        return List.copyOf(found.values());
    }

    /** One URL as an analyst or the API gives it (defanged or not); empty when it is not a web address. */
    public static Optional<ReportedUrl> parse(String url) {
        List<ReportedUrl> urls = fromText(url);
        return urls.size() == 1 ? Optional.of(urls.get(0)) : Optional.empty();
    }

    private static void collect(String input, Map<String, ReportedUrl> found) {
        if (input == null || input.isEmpty()) {
            return;
        }
        try {
            String text = input.length() > MAX_TEXT_LENGTH ? input.substring(0, MAX_TEXT_LENGTH) : input;
            // Full-width parentheses are Japanese punctuation, not URL characters: NFKC would make them "(" ")".
            String folded = Normalizer.normalize(text.replace('\uFF08', '\u3000').replace('\uFF09', '\u3000'), Normalizer.Form.NFKC);
            Marked refanged = refang(folded);
            boolean[] taken = new boolean[refanged.text.length()];
            Matcher m = WITH_SCHEME.matcher(refanged.text);
            while (m.find() && found.size() < MAX_URLS) {
                add(refanged, m.start(), m.end(), true, taken, found);
            }
            m = BARE.matcher(refanged.text);
            while (m.find() && found.size() < MAX_URLS) {
                if (!taken[m.start()]) {
                    add(refanged, m.start(), m.end(), false, taken, found);
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // A regex or IDN corner case must not fail the report: what was found so far stands.
        }
    }

    private static void add(Marked refanged, int start, int end, boolean hasScheme, boolean[] taken, Map<String, ReportedUrl> found) {
        int trimmed = trimEnd(refanged.text, start, end);
        for (int i = start; i < end; i++) {
            taken[i] = true;
        }
        String candidate = refanged.text.substring(start, trimmed);
        normalise(candidate, hasScheme, refanged.changedIn(start, trimmed)).ifPresent(url -> found.putIfAbsent(url.url(), url));
    }

    /** Drops trailing punctuation, keeping a {@code )} that closes a {@code (} inside the URL (Wikipedia style). */
    private static int trimEnd(String text, int start, int end) {
        int e = end;
        while (e > start) {
            char c = text.charAt(e - 1);
            if (TRAILING.indexOf(c) >= 0) {
                e--;
            } else if (c == ')' && count(text, start, e, '(') < count(text, start, e, ')')) {
                e--;
            } else {
                break;
            }
        }
        return e;
    }

    private static int count(String text, int start, int end, char c) {
        int n = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    static Optional<ReportedUrl> normalise(String candidate, boolean hasScheme, boolean defanged) {
        if (candidate.isEmpty() || candidate.length() > MAX_URL_LENGTH) {
            return Optional.empty();
        }
        String scheme = "http";
        String rest = candidate;
        int sep = candidate.indexOf("://");
        if (hasScheme && sep > 0) {
            scheme = candidate.substring(0, sep).toLowerCase(Locale.ROOT);
            rest = candidate.substring(sep + 3);
        }
        int authorityEnd = indexOfAny(rest, "/?#");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String tail = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1); // user info is a disguise, not the site
        }
        String port = "";
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]")) {
            String digits = authority.substring(colon + 1);
            authority = authority.substring(0, colon);
            if (!digits.isEmpty()) {
                if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                    return Optional.empty();
                }
                int number = Integer.parseInt(digits);
                boolean isDefault = (scheme.equals("http") && number == 80) || (scheme.equals("https") && number == 443);
                port = isDefault ? "" : ":" + number;
            }
        }
        Optional<String> host = host(authority, hasScheme);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        int hash = tail.indexOf('#');
        if (hash >= 0) {
            tail = tail.substring(0, hash);
        }
        int question = tail.indexOf('?');
        String path = question < 0 ? tail : tail.substring(0, question);
        String query = question < 0 ? "" : tail.substring(question);
        if (path.isEmpty()) {
            path = "/";
        }
        String url = scheme + "://" + host.get() + port + path + query;
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.empty(); // an added scheme or a punycode host made it longer than the store keeps
        }
        return Optional.of(new ReportedUrl(url, host.get(), path, defanged));
    }

    private static Optional<String> host(String raw, boolean hasScheme) {
        String name = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (IPV4.matcher(name).matches()) {
            return Optional.of(name);
        }
        if (name.startsWith("[") && name.endsWith("]") && name.length() > 2 && name.substring(1, name.length() - 1).matches("[0-9A-Fa-f:.]+")) {
            return Optional.of(name.toLowerCase(Locale.ROOT));
        }
        String ascii;
        try {
            ascii = DomainName.of(name).ascii();
        } catch (InvalidDomainException e) {
            return Optional.empty();
        }
        if (!hasScheme && !underPublicSuffix(ascii)) {
            return Optional.empty();
        }
        return Optional.of(ascii);
    }

    private static boolean underPublicSuffix(String ascii) {
        try {
            InternetDomainName domain = InternetDomainName.from(ascii);
            return domain.isUnderPublicSuffix();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    // ---- refanging, remembering which characters were rewritten ----------------------------------

    /** Text with a flag per character: true where a defanged form was rewritten. */
    private record Marked(String text, boolean[] changed) {
        boolean changedIn(int start, int end) {
            for (int i = start; i < end; i++) {
                if (changed[i]) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Marked refang(String text) {
        Marked marked = new Marked(text, new boolean[text.length()]);
        marked = replace(marked, DEFANGED_SCHEME, m -> "http" + m.group(1) + "://");
        marked = replace(marked, DEFANGED_DOT, m -> ".");
        marked = replace(marked, SPACED_DOTS, m -> {
            String chain = m.group();
            return isSuffixLabel(chain.substring(chain.lastIndexOf('.') + 1).strip()) ? chain.replace(" ", "").replace("\t", "") : null;
        });
        return marked;
    }

    /** Whether a label after a spaced dot ends a host ({@code com}, {@code jp}, {@code co}): a sentence's next word rarely is. */
    private static boolean isSuffixLabel(String label) {
        try {
            return InternetDomainName.from(label.toLowerCase(Locale.ROOT)).isPublicSuffix()
                    || InternetDomainName.from(label.toLowerCase(Locale.ROOT) + ".jp").isPublicSuffix();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Replaces each match (a null replacement keeps it), marking rewritten characters. */
    private static Marked replace(Marked in, Pattern pattern, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(in.text);
        StringBuilder out = null;
        List<Boolean> flags = null;
        int last = 0;
        while (m.find()) {
            String with = replacement.apply(m);
            if (with == null || with.equals(m.group())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(in.text.length());
                flags = new ArrayList<>(in.text.length());
            }
            for (int i = last; i < m.start(); i++) {
                out.append(in.text.charAt(i));
                flags.add(in.changed[i]);
            }
            for (int i = 0; i < with.length(); i++) {
                out.append(with.charAt(i));
                flags.add(Boolean.TRUE);
            }
            last = m.end();
        }
        if (out == null) {
            return in;
        }
        for (int i = last; i < in.text.length(); i++) {
            out.append(in.text.charAt(i));
            flags.add(in.changed[i]);
        }
        boolean[] changed = new boolean[flags.size()];
        for (int i = 0; i < changed.length; i++) {
            changed[i] = flags.get(i);
        }
        return new Marked(out.toString(), changed);
    }
}
