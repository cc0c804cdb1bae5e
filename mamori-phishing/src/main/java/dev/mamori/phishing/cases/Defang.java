package dev.mamori.phishing.cases;

/** Writes a URL or host so that mail clients and chat tools do not turn it into a live link. */
public final class Defang {
    private Defang() {
    }

    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("(?i)\\bhttp(s?)://([^\\s/?#]+)");

    /** Free text with every {@code http(s)://host} in it defanged. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = LINK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("hxxp" + m.group(1) + "[://]" + m.group(2).replace(".", "[.]")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code https://evil.example/a.php} becomes {@code hxxps://evil[.]example/a.php}: dots of the host only. */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        String rest = url;
        String scheme = "";
        int colon = url.indexOf("://");
        if (colon > 0) {
            scheme = url.substring(0, colon).replace("http", "hxxp") + "[://]";
            rest = url.substring(colon + 3);
        }
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "" : rest.substring(slash);
        return scheme + host.replace(".", "[.]") + tail;
    }
}
