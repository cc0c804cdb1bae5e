package dev.mamori.phishing.dkim;

import dev.mamori.phishing.dkim.DkimResult.Result;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.DnsResolver.DnsAnswer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies the DKIM signatures of a received message (RFC 6376 section 6, with RFC 8301 and
 * RFC 8463).
 *
 * <p><b>Security guarantees.</b> A {@link Result#PASS} means the domain in {@code d=} signed the
 * listed header fields and the body (or its first {@code l=} octets, see
 * {@link DkimResult#bodyLengthLimited()}) with a key it publishes in DNS. It says nothing about the
 * {@code From} domain unless DMARC alignment is checked on top. Header fields not listed in
 * {@code h=} and body content after {@code l=} octets are not covered. Keys are only as
 * trustworthy as the DNS answers of the {@link DnsResolver}.
 *
 * <p>Never throws for a malformed message or signature; every problem becomes a result.
 * Thread-safe if the resolver is.
 */
public final class DkimVerifier {
    /** Allowance for the signer's clock running ahead of ours before {@code t=} counts as future. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final String SIGNATURE_HEADER = "dkim-signature";

    private final DnsResolver resolver;
    private final Clock clock;
    private final Duration clockSkew;

    /** A verifier using the system clock (UTC) and {@link #DEFAULT_CLOCK_SKEW}. */
    public DkimVerifier(DnsResolver resolver) {
        this(resolver, Clock.systemUTC(), DEFAULT_CLOCK_SKEW);
    }

    /**
     * @param resolver where keys are looked up
     * @param clock the time {@code t=} and {@code x=} are compared with
     * @param clockSkew how far {@code t=} may lie in the future before the signature fails
     */
    public DkimVerifier(DnsResolver resolver, Clock clock, Duration clockSkew) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
    }

    /**
     * Verifies every {@code DKIM-Signature} of {@code rawMessage}.
     *
     * @param rawMessage the message as received (RFC 5322), CRLF or LF line endings
     * @return one result per signature, top-most header first; a single {@link Result#NONE}
     *     result when the message has no signature
     */
    public List<DkimResult> verify(byte[] rawMessage) {
        Objects.requireNonNull(rawMessage, "rawMessage");
        Message message = Message.parse(rawMessage);
        List<DkimResult> results = new ArrayList<>();
        // Body hashes shared between signatures with the same canonicalization and length.
        Map<String, byte[]> bodyHashes = new HashMap<>();
        for (Message.Field field : message.fields()) {
            if (field.lowerName().equals(SIGNATURE_HEADER)) {
                results.add(verifyOne(message, field, bodyHashes));
            }
        }
        return results.isEmpty() ? List.of(DkimResult.none()) : List.copyOf(results);
    }

    private DkimResult verifyOne(Message message, Message.Field sigField, Map<String, byte[]> bodyHashes) {
        String raw = sigField.raw();
        String value = raw.substring(raw.indexOf(':') + 1);
        ParsedSignature sig;
        try {
            sig = ParsedSignature.parse(value);
        } catch (DkimSyntaxException e) {
            return partial(value, Result.PERMERROR, e.getMessage());
        }
        Outcome outcome = check(message, sigField, sig, bodyHashes);
        String reason = outcome.reason;
        if (outcome.result == Result.PASS && sig.bodyLength >= 0) {
            reason += "; l=" + sig.bodyLength + " signs only the first " + sig.bodyLength
                    + " body octets, content appended after them is not covered";
        }
        return new DkimResult(outcome.result, sig.domain, sig.selector, sig.algorithmName, reason,
                sig.bodyLength >= 0, sig.identity, outcome.testing);
    }

    private record Outcome(Result result, String reason, boolean testing) {}

    private Outcome check(Message message, Message.Field sigField, ParsedSignature sig,
            Map<String, byte[]> bodyHashes) {
        long now = clock.instant().getEpochSecond();
        if (sig.expires >= 0 && sig.expires < now) {
            return new Outcome(Result.PERMERROR, "signature expired (x=)", false);
        }
        if (sig.timestamp >= 0 && sig.timestamp > now + clockSkew.getSeconds()) {
            return new Outcome(Result.FAIL, "signature timestamp (t=) is in the future", false);
        }

        String keyName = sig.selector + "._domainkey." + sig.domain;
        DnsAnswer<String> answer = resolver.txt(keyName);
        switch (answer.status()) {
            case TEMPORARY_FAILURE:
                return new Outcome(Result.TEMPERROR, "key lookup failed temporarily", false);
            case NO_SUCH_NAME:
            case NO_RECORDS:
                return new Outcome(Result.PERMERROR, "no key for signature", false);
            case FOUND:
            default:
                break;
        }
        KeyRecord key = null;
        String keyError = null;
        for (String txt : answer.records()) {
            try {
                key = KeyRecord.parse(txt);
                break;
            } catch (DkimSyntaxException e) {
                if (keyError == null) {
                    keyError = e.getMessage();
                }
            }
        }
        if (key == null) {
            return new Outcome(Result.PERMERROR, "key record syntax error: " + keyError, false);
        }
        boolean testing = key.testing;
        if (key.revoked()) {
            return new Outcome(Result.PERMERROR, "key revoked (empty p=)", testing);
        }
        if (key.keyType != sig.algorithm.keyType) {
            return new Outcome(Result.PERMERROR, "key type k=" + key.keyTypeName
                    + " does not match algorithm " + sig.algorithmName, testing);
        }
        if (key.hashAlgorithms != null && !key.hashAlgorithms.contains("sha256")) {
            return new Outcome(Result.PERMERROR, "key record h= does not allow sha256", testing);
        }
        if (key.strict && !sig.identityDomain().equalsIgnoreCase(sig.domain)) {
            return new Outcome(Result.PERMERROR,
                    "key record t=s requires the i= domain to equal d=", testing);
        }
        PublicKey publicKey;
        try {
            publicKey = key.publicKey();
        } catch (DkimSyntaxException e) {
            return new Outcome(Result.PERMERROR, e.getMessage(), testing);
        }

        // Body hash (section 3.7).
        String cacheKey = sig.bodyCanon + "/" + sig.bodyLength;
        byte[] bodyHash = bodyHashes.get(cacheKey);
        if (bodyHash == null) {
            byte[] canonBody = sig.bodyCanon.body(message.body()).getBytes(StandardCharsets.ISO_8859_1);
            if (sig.bodyLength > canonBody.length) {
                return new Outcome(Result.FAIL, "l= is longer than the body", testing);
            }
            int length = sig.bodyLength >= 0 ? (int) sig.bodyLength : canonBody.length;
            bodyHash = sha256().digest(Arrays.copyOf(canonBody, length));
            bodyHashes.put(cacheKey, bodyHash);
        }
        if (!MessageDigest.isEqual(bodyHash, sig.bodyHash)) {
            return new Outcome(Result.FAIL, "body hash did not verify", testing);
        }

        // Header hash input (section 3.7): selected fields, then this signature with b= emptied.
        byte[] signedData = headerData(message, sigField, sig).getBytes(StandardCharsets.ISO_8859_1);
        boolean valid;
        try {
            valid = sig.algorithm.verify(publicKey, signedData, sig.signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            return new Outcome(Result.FAIL, "signature did not verify", testing);
        }
        return new Outcome(Result.PASS, testing ? "signature verified (key in testing mode, t=y)"
                : "signature verified", testing);
    }

    /** The canonicalized header fields named in {@code h=}, then the signature field itself. */
    static String headerData(Message message, Message.Field sigField, ParsedSignature sig) {
        List<Message.Field> fields = message.fields();
        // Per name, how many instances (from the bottom) are already used (section 5.4.2).
        Map<String, Integer> used = new HashMap<>();
        StringBuilder data = new StringBuilder();
        for (String name : sig.signedHeaders) {
            String lower = name.toLowerCase(Locale.ROOT);
            int skip = used.getOrDefault(lower, 0);
            int seen = 0;
            for (int i = fields.size() - 1; i >= 0; i--) {
                Message.Field f = fields.get(i);
                if (f.lowerName().equals(lower)) {
                    if (seen == skip) {
                        data.append(sig.headerCanon.header(f.raw()));
                        break;
                    }
                    seen++;
                }
            }
            // A name with no instance left (over-signing) contributes nothing.
            used.put(lower, skip + 1);
        }
        String own = sig.headerCanon.header(withoutSignatureValue(sigField.raw()));
        data.append(own, 0, own.length() - 2); // without its trailing CRLF
        return data.toString();
    }

    /** The field with the value of its {@code b=} tag, and the whitespace around it, removed. */
    static String withoutSignatureValue(String rawField) {
        int colon = rawField.indexOf(':');
        StringBuilder out = new StringBuilder(rawField.length());
        out.append(rawField, 0, colon + 1);
        int pos = colon + 1;
        while (pos <= rawField.length()) {
            int semi = rawField.indexOf(';', pos);
            int end = semi < 0 ? rawField.length() : semi;
            String spec = rawField.substring(pos, end);
            int eq = spec.indexOf('=');
            if (eq >= 0 && TagList.stripFws(spec.substring(0, eq)).equals("b")) {
                out.append(spec, 0, eq + 1);
            } else {
                out.append(spec);
            }
            if (semi < 0) {
                break;
            }
            out.append(';');
            pos = semi + 1;
        }
        return out.toString();
    }

    private static DkimResult partial(String value, Result result, String reason) {
        // Report d= and s= when they can be read, even though the signature as a whole cannot.
        String d = null;
        String s = null;
        String a = null;
        try {
            TagList tags = TagList.parse(value);
            d = tags.get("d");
            s = tags.get("s");
            a = tags.get("a");
        } catch (DkimSyntaxException ignored) {
            // nothing readable
        }
        return new DkimResult(result, d, s, a, reason, false, null, false);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** The signature algorithms accepted for verification. */
    enum Algorithm {
        RSA_SHA256(KeyRecord.KeyType.RSA) {
            @Override
            boolean verify(PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(key);
                verifier.update(data);
                return verifier.verify(signature);
            }
        },
        ED25519_SHA256(KeyRecord.KeyType.ED25519) {
            @Override
            boolean verify(PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
                // RFC 8463 section 3: Ed25519 (pure) signs the SHA-256 hash of the header data.
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(sha256().digest(data));
                return verifier.verify(signature);
            }
        };

        final KeyRecord.KeyType keyType;

        Algorithm(KeyRecord.KeyType keyType) {
            this.keyType = keyType;
        }

        abstract boolean verify(PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException;
    }
}
