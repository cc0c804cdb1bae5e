package dev.mamori.phishing.dkim;

import dev.mamori.phishing.dkim.DkimVerifier.Algorithm;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** The tags of one {@code DKIM-Signature} header, checked as RFC 6376 section 6.1.1 requires. */
final class ParsedSignature {
    final String algorithmName;
    final Algorithm algorithm;
    final byte[] signature;
    final byte[] bodyHash;
    final Canonicalization headerCanon;
    final Canonicalization bodyCanon;
    final String domain;
    final List<String> signedHeaders;
    final String identity;
    /** {@code l=}, or -1 when absent. */
    final long bodyLength;
    final String selector;
    /** {@code t=} in seconds since the epoch, or -1. */
    final long timestamp;
    /** {@code x=} in seconds since the epoch, or -1. */
    final long expires;

    private ParsedSignature(TagList tags) throws DkimSyntaxException {
        for (String required : new String[] {"v", "a", "b", "bh", "d", "h", "s"}) {
            if (!tags.has(required)) {
                throw new DkimSyntaxException("signature lacks required tag " + required + "=");
            }
        }
        if (!"1".equals(tags.get("v"))) {
            throw new DkimSyntaxException("incompatible signature version v=" + tags.get("v"));
        }
        algorithmName = tags.get("a");
        algorithm = switch (algorithmName.toLowerCase(Locale.ROOT)) {
            case "rsa-sha256" -> Algorithm.RSA_SHA256;
            case "ed25519-sha256" -> Algorithm.ED25519_SHA256;
            case "rsa-sha1" -> throw new DkimSyntaxException(
                    "rsa-sha1 signatures are not acceptable (RFC 8301)");
            default -> throw new DkimSyntaxException("unknown signature algorithm a=" + algorithmName);
        };
        signature = base64("b", tags.get("b"));
        bodyHash = base64("bh", tags.get("bh"));
        if (signature.length == 0) {
            throw new DkimSyntaxException("empty signature b=");
        }
        if (bodyHash.length != 32) {
            throw new DkimSyntaxException("body hash bh= is not a SHA-256 digest");
        }

        String c = tags.has("c") ? TagList.stripFws(tags.get("c")) : "simple/simple";
        int slash = c.indexOf('/');
        headerCanon = Canonicalization.of(slash < 0 ? c : c.substring(0, slash));
        bodyCanon = slash < 0 ? Canonicalization.SIMPLE : Canonicalization.of(c.substring(slash + 1));

        domain = tags.get("d");
        if (!isDomain(domain)) {
            throw new DkimSyntaxException("invalid signing domain d=");
        }
        selector = tags.get("s");
        if (!isDomain(selector)) {
            throw new DkimSyntaxException("invalid selector s=");
        }

        signedHeaders = new ArrayList<>();
        for (String name : TagList.stripFws(tags.get("h")).split(":", -1)) {
            if (name.isEmpty()) {
                throw new DkimSyntaxException("empty header name in h=");
            }
            signedHeaders.add(name);
        }
        if (signedHeaders.stream().noneMatch("from"::equalsIgnoreCase)) {
            throw new DkimSyntaxException("h= does not include From");
        }

        identity = tags.has("i") ? tags.get("i") : "@" + domain;
        int at = identity.lastIndexOf('@');
        if (at < 0) {
            throw new DkimSyntaxException("i= has no '@'");
        }
        String iDomain = identity.substring(at + 1).toLowerCase(Locale.ROOT);
        String dLower = domain.toLowerCase(Locale.ROOT);
        if (!iDomain.equals(dLower) && !iDomain.endsWith("." + dLower)) {
            throw new DkimSyntaxException("i= domain is not d= or a subdomain of it");
        }

        if (tags.has("q")) {
            boolean dnsTxt = false;
            for (String method : TagList.stripFws(tags.get("q")).split(":", -1)) {
                dnsTxt |= method.equalsIgnoreCase("dns/txt");
            }
            if (!dnsTxt) {
                throw new DkimSyntaxException("no supported query method in q=");
            }
        }
        bodyLength = number("l", tags.get("l"));
        timestamp = number("t", tags.get("t"));
        expires = number("x", tags.get("x"));
        if (expires >= 0 && timestamp >= 0 && expires < timestamp) {
            throw new DkimSyntaxException("x= is before t=");
        }
    }

    static ParsedSignature parse(String headerValue) throws DkimSyntaxException {
        return new ParsedSignature(TagList.parse(headerValue));
    }

    /** The domain part of {@code i=}. */
    String identityDomain() {
        return identity.substring(identity.lastIndexOf('@') + 1);
    }

    private static byte[] base64(String tag, String value) throws DkimSyntaxException {
        try {
            return Base64.getDecoder().decode(TagList.stripFws(value));
        } catch (IllegalArgumentException e) {
            throw new DkimSyntaxException("invalid base64 in " + tag + "=");
        }
    }

    /** A decimal tag value ({@code 1*76DIGIT}; values past {@code Long.MAX_VALUE} are refused). */
    private static long number(String tag, String value) throws DkimSyntaxException {
        if (value == null) {
            return -1;
        }
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new DkimSyntaxException("invalid number in " + tag + "=");
        }
        return Long.parseLong(value);
    }

    private static boolean isDomain(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
