package dev.mamori.phishing.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A web address found in a report, normalised: scheme lower case ({@code http} when the report
 * gave none), user info dropped (in {@code https://bank.example@evil.example/} the site is
 * {@code evil.example}), host in lower-case A-label form, default port and fragment removed, an
 * empty path written {@code /}. Two reports of one phishing page have one {@link #key()} (host and
 * path, scheme and query ignored), which is how reports are grouped into cases.
 *
 * @param url the normalised URL
 * @param host the host (A-label domain or IP literal)
 * @param path the path, starting with {@code /}
 * @param defanged whether the report wrote it defanged ({@code hxxp}, {@code [.]}, ...)
 */
public record ReportedUrl(String url, String host, String path, boolean defanged) {

    /** Host and path, the trailing slash dropped: {@code evil.example/login}. */
    public String hostAndPath() {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return host + (p.equals("/") ? "" : p);
    }

    /** SHA-256 (hex) of {@link #hostAndPath()}: the case key, fixed length whatever the URL's. */
    public String key() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hostAndPath().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The URL written so nobody follows it by accident: {@code hxxps://evil[.]example/login}. */
    public String defangedForm() {
        return Defang.of(url);
    }
}
