package dev.mamori.server.v1;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.dmarc.DmarcResult;
import dev.mamori.phishing.mail.MalformedMessageException;
import dev.mamori.phishing.mail.MessageAuthentication;
import dev.mamori.phishing.mail.MessageAuthenticator;
import dev.mamori.phishing.mail.SmtpEnvelope;
import dev.mamori.phishing.spf.SpfResult;
import dev.mamori.server.risk.AuthorizationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Message authentication as a service: SPF, DKIM and DMARC for a received message and its SMTP
 * envelope, as a receiving mail server would decide (what {@code ./mamori mail verify} prints).
 * Nothing is stored; the message is read and dropped.
 */
@RestController
@Tag(name = "Anti-phishing: message authentication")
class MessageVerificationController {
    static final String PATH = "/v1/phishing/messages/verify";
    private final MessageAuthenticator authenticator;

    MessageVerificationController(MessageAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * @param message the message as received (RFC 5322 text), or
     * @param messageBase64 its bytes in base64 (8-bit and binary messages)
     */
    record VerifyRequest(String ip, String helo, String mailFrom, String message, String messageBase64) {
    }

    record SpfView(String result, String domain, String identity, String mechanism, String explanation, int dnsLookups) {
    }

    record DkimView(String result, String domain, String selector, String algorithm, String reason, boolean testing) {
    }

    record DmarcView(String result, String authorDomain, String policyDomain, String requestedPolicy, String disposition,
                     boolean spfAligned, String dkimAlignedDomain, String reason) {
    }

    record VerifyResponse(String fromDomain, SpfView spf, List<DkimView> dkim, DmarcView dmarc, String authenticationResults,
                          List<String> reasons) {
    }

    @Operation(summary = "Authenticate a message given as JSON: ip, helo, mailFrom and message (text) or messageBase64")
    @PostMapping(path = PATH, consumes = "application/json")
    VerifyResponse verifyJson(@RequestBody VerifyRequest request) {
        if (request == null) {
            throw AuthorizationRequests.invalid("message", "required", "the body is a JSON object with ip, helo, mailFrom and message");
        }
        byte[] raw;
        if (request.messageBase64() != null && request.message() != null) {
            throw AuthorizationRequests.invalid("message", "one-of", "give message or messageBase64, not both");
        } else if (request.messageBase64() != null) {
            try {
                // Line breaks allowed (MIME-style wrapping), anything else outside the alphabet refused.
                raw = Base64.getDecoder().decode(request.messageBase64().replaceAll("[\\r\\n\\t ]", ""));
            } catch (IllegalArgumentException e) {
                throw AuthorizationRequests.invalid("messageBase64", "base64", "messageBase64 is not valid base64");
            }
        } else if (request.message() != null) {
            raw = request.message().getBytes(StandardCharsets.UTF_8);
        } else {
            throw AuthorizationRequests.invalid("message", "required", "message (the raw RFC 5322 text) or messageBase64 is required");
        }
        return verify(raw, request.ip(), request.helo(), request.mailFrom());
    }

    @Operation(summary = "Authenticate a raw message (message/rfc822 body); the SMTP envelope in the query: ip, helo, mailFrom")
    @PostMapping(path = PATH, consumes = "message/rfc822")
    VerifyResponse verifyRaw(@RequestBody byte[] raw, @RequestParam(required = false) String ip, @RequestParam(required = false) String helo,
                             @RequestParam(required = false) String mailFrom) {
        return verify(raw, ip, helo, mailFrom);
    }

    private VerifyResponse verify(byte[] raw, String ip, String helo, String mailFrom) {
        try {
            return view(authenticator.authenticate(raw, SmtpEnvelope.parse(ip, helo, mailFrom)));
        } catch (MalformedMessageException e) {
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        }
    }

    static VerifyResponse view(MessageAuthentication a) {
        SpfResult spf = a.spf();
        SmtpEnvelope envelope = a.envelope();
        SpfView spfView = new SpfView(spf.result().keyword(), envelope.spfDomain(), envelope.spfChecksHelo() ? "helo" : "mailfrom",
                spf.mechanism(), spf.explanation(), spf.dnsLookups());
        List<DkimView> dkim = a.dkim().stream().map(MessageVerificationController::view).toList();
        DmarcResult d = a.dmarc();
        DmarcView dmarc = new DmarcView(d.result().keyword(), d.authorDomain(), d.policyDomain(),
                d.requestedPolicy() == null ? null : lower(d.requestedPolicy().name()), lower(d.disposition().name()), d.spfAligned(),
                d.dkimAlignedDomain(), d.reason());
        return new VerifyResponse(a.fromDomain(), spfView, dkim, dmarc, a.authenticationResults(), a.reasons());
    }

    private static DkimView view(DkimResult r) {
        return new DkimView(r.result().word(), r.domain(), r.selector(), r.algorithm(), r.reason(), r.testing());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
