package dev.mamori.phishing.dkim;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A minimal DKIM signer for tests, on JDK crypto; only what the tests need. */
final class TestSigner {
    static final KeyPair RSA = generate("RSA", 2048);
    static final KeyPair ED25519 = generate("Ed25519", 0);

    String algorithm = "ed25519-sha256";
    PrivateKey key = ED25519.getPrivate();
    String domain = "bank.example";
    String selector = "s1";
    String canon = "relaxed/relaxed";
    String headers = "from:to:subject";
    /** Extra tags, e.g. {@code "l=10; x=123; "}, placed before {@code bh=}. */
    String extraTags = "";
    /** Whether to add {@code l=} with the whole canonical body length. */
    boolean lengthOfBody;

    static String rsaRecord() {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(RSA.getPublic().getEncoded());
    }

    static String ed25519Record() {
        byte[] spki = ED25519.getPublic().getEncoded(); // 12-byte prefix + 32 raw bytes
        byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw);
    }

    /** Signs {@code message} (CRLF line endings) and answers it with the signature on top. */
    String sign(String message) throws Exception {
        Message parsed = Message.parse(message.getBytes(StandardCharsets.ISO_8859_1));
        String[] c = canon.split("/");
        Canonicalization hc = Canonicalization.valueOf(c[0].toUpperCase(Locale.ROOT));
        Canonicalization bc = Canonicalization.valueOf(c[1].toUpperCase(Locale.ROOT));
        byte[] body = bc.body(parsed.body()).getBytes(StandardCharsets.ISO_8859_1);
        String tags = extraTags;
        if (lengthOfBody) {
            tags += "l=" + body.length + "; ";
        }
        String bh = Base64.getEncoder().encodeToString(DkimVerifier.sha256().digest(body));
        String field = "DKIM-Signature: v=1; a=" + algorithm + "; c=" + canon + "; d=" + domain
                + "; s=" + selector + ";\r\n h=" + headers + "; " + tags + "bh=" + bh + ";\r\n b=";

        StringBuilder data = new StringBuilder();
        List<Message.Field> fields = new ArrayList<>(parsed.fields());
        Map<String, Integer> used = new HashMap<>();
        for (String name : headers.split(":")) {
            String lower = name.toLowerCase(Locale.ROOT);
            List<Message.Field> same = fields.stream().filter(f -> f.lowerName().equals(lower)).toList();
            int n = used.merge(lower, 1, Integer::sum);
            if (n <= same.size()) {
                data.append(hc.header(same.get(same.size() - n).raw()));
            }
        }
        String own = hc.header(field);
        data.append(own, 0, own.length() - 2);
        byte[] signed = data.toString().getBytes(StandardCharsets.ISO_8859_1);

        byte[] signature;
        if (algorithm.startsWith("ed25519")) {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(DkimVerifier.sha256().digest(signed));
            signature = s.sign();
        } else {
            Signature s = Signature.getInstance(algorithm.equals("rsa-sha1") ? "SHA1withRSA" : "SHA256withRSA");
            s.initSign(key);
            s.update(signed);
            signature = s.sign();
        }
        return field + Base64.getEncoder().encodeToString(signature) + "\r\n" + message;
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
