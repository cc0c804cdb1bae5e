package dev.mamori.phishing.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.NoSuchNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile messages get a MalformedMessageException or a result, never another exception. */
class MessageAuthenticatorPropertiesTest {
    /** Every name is unknown: the checks run to the end without a network. */
    private static final DnsResolver NOTHING = new NoSuchNames();
    private final MessageAuthenticator authenticator = new MessageAuthenticator(NOTHING,
            Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC), "mx.mamori.test");
    private final SmtpEnvelope envelope = SmtpEnvelope.parse("192.0.2.1", "mail.example.jp", "bounce@example.jp");

    @Property(tries = 400)
    void hostileFromFieldsNeverThrowAnythingElse(@ForAll("fromValues") String from) {
        check(("From: " + from + "\r\nSubject: x\r\nDKIM-Signature: v=1; a=rsa-sha256; d=" + from + "; s=s; h=from; bh=; b=\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 400)
    void arbitraryBytesNeverThrowAnythingElse(@ForAll("messages") byte[] message) {
        check(message);
    }

    @Example
    void aNonAsciiAuthorDomainIsCheckedOrRefused() {
        check("From: a@ドメイン.example\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
        check("From: a@xn--.example\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
        check("From: a@a..b\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
        check(("From: a@" + "a".repeat(300) + ".example\r\n\r\nx\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private void check(byte[] message) {
        try {
            MessageAuthentication result = authenticator.authenticate(message, envelope);
            assertThat(result.authenticationResults()).isNotBlank();
        } catch (MalformedMessageException e) {
            assertThat(e.field()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> fromValues() {
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> domain = Arbitraries.strings().withChars("abc.-_[]:@\"\\ ()<>,;ü日本\u0000\t%").ofMinLength(0).ofMaxLength(80);
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(120);
        return Arbitraries.oneOf(net.jqwik.api.Combinators.combine(local, domain).as((l, d) -> l + "@" + d),
                net.jqwik.api.Combinators.combine(local, domain).as((l, d) -> "\"x\" <" + l + "@" + d + ">"), any);
    }

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
        Arbitrary<byte[]> prefix = Arbitraries.of("From: a@example.jp\r\n".getBytes(StandardCharsets.US_ASCII),
                "From: a@example.jp\r\nDKIM-Signature: v=1; a=rsa-sha256; d=example.jp; s=s; c=relaxed/relaxed; h=from; bh=".getBytes(
                        StandardCharsets.US_ASCII), new byte[0]);
        return net.jqwik.api.Combinators.combine(prefix, random).as((p, r) -> {
            byte[] out = new byte[p.length + r.length];
            System.arraycopy(p, 0, out, 0, p.length);
            System.arraycopy(r, 0, out, p.length, r.length);
            return out;
        });
    }
}
