package dev.mamori.server.hostedfields;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.SecurityCode;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.security.MamoriAuthentication;
import dev.mamori.vault.CardExpiry;
import dev.mamori.vault.CardInput;
import dev.mamori.vault.CardMetadata;
import dev.mamori.vault.InvalidCardException;
import dev.mamori.vault.TokenizeOptions;
import dev.mamori.vault.Vault;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.ObjectMapper;

/**
 * The payment frame, its integrity list, and the tokenize endpoint the frame calls. Authenticated
 * by the publishable key plus the signed frame session, never by cookies (see SecurityConfig's
 * hosted-fields chain: no session, no CSRF token, no CORS).
 */
@Controller
class HostedFieldsController {
    private final PublishableKeyService keys;
    private final FrameSessions sessions;
    private final TokenizeRateLimiter limiter;
    private final HostedFieldsAssets assets;
    private final HostedFieldsProperties properties;
    private final Vault vault;
    private final RequestAudit audit;
    private final ObjectMapper json;

    HostedFieldsController(PublishableKeyService keys, FrameSessions sessions, TokenizeRateLimiter limiter,
                           HostedFieldsAssets assets, HostedFieldsProperties properties, Vault vault, RequestAudit audit,
                           ObjectMapper json) {
        this.keys = keys;
        this.sessions = sessions;
        this.limiter = limiter;
        this.assets = assets;
        this.properties = properties;
        this.vault = vault;
        this.audit = audit;
        this.json = json;
    }

    // --- the frame page ----------------------------------------------------------------------

    @GetMapping("/hosted-fields/v1/frame")
    String frame(@RequestParam(name = "key", required = false) String key,
                 @RequestParam(name = "origin", required = false) String origin,
                 @RequestParam(name = "locale", required = false) String locale,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        String language = FrameMessages.locale(locale);
        model.addAttribute("lang", language);
        model.addAttribute("t", FrameMessages.of(language));
        model.addAttribute("styleIntegrity", assets.integrity(HostedFieldsAssets.FRAME_STYLE));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");

        Optional<PublishableKey> found = keys.lookup(key);
        String shopOrigin = null;
        String refusal = null;
        try {
            shopOrigin = origin == null ? null : AllowedOrigins.normalise(origin, "origin");
        } catch (AllowedOrigins.InvalidOrigin e) {
            refusal = "origin parameter is not a valid origin (" + e.rule + ")";
        }
        if (found.isEmpty()) {
            refusal = "unknown publishable key";
        } else if (!found.get().active()) {
            refusal = "revoked publishable key";
        } else if (refusal == null && shopOrigin == null) {
            refusal = "origin parameter missing";
        } else if (refusal == null && !found.get().allows(shopOrigin)) {
            refusal = "origin " + CardNumberDetector.mask(shopOrigin) + " is not allowed by the key";
        } else if (refusal == null && shopOrigin.equals(ownOrigin(request))) {
            // Embedded by a page of Mamori's own origin, the page's scripts could read the card form.
            refusal = "the embedding origin must differ from Mamori's own origin";
        }
        if (refusal != null) {
            if (found.isPresent()) {
                PublishableKey k = found.get();
                authenticateAs(k);
                if (limiter.attempt("frame-refused:" + k.id(), RequestAudit.origin(request)) != TokenizeRateLimiter.Outcome.REFUSED) {
                    audit.failure(AuditEventTypes.HOSTED_FIELDS_REFUSED, "publishable-key:" + k.id(), "frame page: " + refusal);
                }
            }
            // Not embeddable by anyone: an unauthorised embedder learns nothing.
            response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return "hosted-fields/unavailable";
        }
        PublishableKey publishable = found.get();
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; object-src 'none'; "
                + "frame-ancestors " + shopOrigin);
        model.addAttribute("publishableKey", publishable.key());
        model.addAttribute("shopOrigin", shopOrigin);
        model.addAttribute("frameSession", sessions.issue(publishable.id(), shopOrigin));
        model.addAttribute("scriptIntegrity", assets.integrity(HostedFieldsAssets.FRAME_SCRIPT));
        model.addAttribute("messages", json.writeValueAsString(FrameMessages.of(language)));
        return "hosted-fields/frame";
    }

    // --- integrity ---------------------------------------------------------------------------

    @GetMapping(value = "/hosted-fields/v1/integrity.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> integrity(HttpServletRequest request) {
        String base = ownOrigin(request) + HostedFieldsAssets.BASE;
        String script = base + HostedFieldsAssets.SCRIPT;
        String sri = assets.integrity(HostedFieldsAssets.SCRIPT);
        Map<String, Object> files = new LinkedHashMap<>();
        for (String file : List.of(HostedFieldsAssets.SCRIPT, HostedFieldsAssets.FRAME_SCRIPT, HostedFieldsAssets.FRAME_STYLE)) {
            files.put(file, Map.of("url", base + file, "integrity", assets.integrity(file)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "v1");
        body.put("files", files);
        body.put("scriptTag", "<script src=\"" + script + "\" integrity=\"" + sri + "\" crossorigin=\"anonymous\"></script>");
        return body;
    }

    // --- tokenize ----------------------------------------------------------------------------

    /** What the frame posts. Not a record, so it never prints the card number or code. */
    static final class FrameTokenizeRequest {
        private final String publishableKey;
        private final String session;
        private final String origin;
        private final String pan;
        private final Integer expiryMonth;
        private final Integer expiryYear;
        private final String cvc;

        @JsonCreator
        FrameTokenizeRequest(@JsonProperty("publishableKey") String publishableKey, @JsonProperty("session") String session,
                             @JsonProperty("origin") String origin, @JsonProperty("pan") String pan,
                             @JsonProperty("expiryMonth") Integer expiryMonth, @JsonProperty("expiryYear") Integer expiryYear,
                             @JsonProperty("cvc") String cvc) {
            this.publishableKey = publishableKey;
            this.session = session;
            this.origin = origin;
            this.pan = pan;
            this.expiryMonth = expiryMonth;
            this.expiryYear = expiryYear;
            this.cvc = cvc;
        }

        CardInput toInput() {
            if (pan == null || pan.isBlank()) {
                throw new InvalidCardException("pan", "required", "pan is required");
            }
            if (expiryMonth == null || expiryYear == null) {
                throw new InvalidCardException("expiry", "required", "expiryMonth and expiryYear are required");
            }
            if (cvc == null || cvc.isBlank()) {
                throw new InvalidCardException("cvc", "required", "cvc is required");
            }
            if (!cvc.chars().allMatch(Character::isDigit)) {
                throw new InvalidCardException("cvc", "digits", "cvc must be digits only");
            }
            SecurityCode code;
            try {
                code = SecurityCode.of(cvc);
            } catch (IllegalArgumentException e) {
                throw new InvalidCardException("cvc", "length", "cvc must be 3 or 4 digits");
            }
            return new CardInput(Vault.parsePan(pan), new CardExpiry(expiryMonth, expiryYear), null, code);
        }

        @Override
        public String toString() {
            return "FrameTokenizeRequest[***]";
        }
    }

    /** Exactly what the frame hands to the shop's page. */
    record FrameTokenView(String token, String brand, String last4, int expiryMonth, int expiryYear) {}

    @PostMapping(value = "/hosted-fields/v1/tokens", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<FrameTokenView> tokenize(@RequestBody FrameTokenizeRequest body, HttpServletRequest request) {
        String address = RequestAudit.origin(request);
        Optional<PublishableKey> found = keys.lookup(body.publishableKey);
        if (found.isEmpty()) {
            limit("unknown-key", address);
            refuse(HostedFieldsRefusal.Kind.PUBLISHABLE_KEY_INVALID, "publishableKey", "unknown",
                    "The publishable key is unknown", "tokenize: unknown publishable key", null);
        }
        PublishableKey key = found.get();
        authenticateAs(key); // from here on, audit records and rejections land in the key's tenant
        limit(key.id().toString(), address);
        if (!key.active()) {
            refuse(HostedFieldsRefusal.Kind.PUBLISHABLE_KEY_INVALID, "publishableKey", "revoked",
                    "The publishable key has been revoked", "tokenize: revoked publishable key", key);
        }
        String own = ownOrigin(request);
        String origin = request.getHeader("Origin");
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (origin == null || !origin.equals(own) || (fetchSite != null && !fetchSite.equals("same-origin"))) {
            // Shop scripts must never hold card data: only the frame, on Mamori's origin, may post it.
            refuse(HostedFieldsRefusal.Kind.ORIGIN_NOT_ALLOWED, "Origin", "same-origin",
                    "Only Mamori's payment frame may tokenize; the request did not come from Mamori's origin",
                    "tokenize: request from another origin" + (origin == null ? " (no Origin header)" : " " + safeOrigin(origin)), key);
        }
        String shopOrigin;
        try {
            shopOrigin = AllowedOrigins.normalise(body.origin, "origin");
        } catch (AllowedOrigins.InvalidOrigin e) {
            shopOrigin = null;
        }
        if (shopOrigin == null || !key.allows(shopOrigin)) {
            refuse(HostedFieldsRefusal.Kind.ORIGIN_NOT_ALLOWED, "origin", "allowed-origins",
                    "The shop origin is not one the publishable key allows",
                    "tokenize: shop origin not allowed by the key", key);
        }
        FrameSessions.Verdict verdict = sessions.verify(body.session, key.id(), shopOrigin);
        if (verdict != FrameSessions.Verdict.VALID) {
            String rule = verdict.name().toLowerCase(Locale.ROOT);
            refuse(HostedFieldsRefusal.Kind.FRAME_SESSION_INVALID, "session", verdict == FrameSessions.Verdict.MISSING ? "required" : rule,
                    verdict == FrameSessions.Verdict.EXPIRED ? "The frame session has expired; reload the payment form"
                            : "The frame session is missing or was not issued by Mamori for this key and origin",
                    "tokenize: frame session " + rule, key);
        }
        CardInput card = body.toInput();
        CardMetadata created = vault.tokenize(key.tenant(), card, TokenizeOptions.defaults());
        audit.success(AuditEventTypes.CARD_TOKENIZED, "token:" + created.token(), "card " + created.maskedPan()
                + " via hosted fields, publishable key " + key.id() + ", shop origin " + shopOrigin);
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(new FrameTokenView(
                created.token(), created.brand().id(), created.last4(), created.expiry().month(), created.expiry().year()));
    }

    private void limit(String bucket, String address) {
        TokenizeRateLimiter.Outcome outcome = limiter.attempt(bucket, address);
        if (outcome == TokenizeRateLimiter.Outcome.ALLOWED) {
            return;
        }
        if (outcome == TokenizeRateLimiter.Outcome.REFUSED_FIRST) {
            // One record per window: the flood itself must not flood the audit trail.
            audit.failure(AuditEventTypes.HOSTED_FIELDS_RATE_LIMITED, bucket.equals("unknown-key") ? "publishable-keys" : "publishable-key:" + bucket,
                    "more than " + properties.tokenizePerMinute() + " tokenization attempts in a minute from this address; refusing until the minute ends");
        }
        throw new HostedFieldsRefusal(HostedFieldsRefusal.Kind.RATE_LIMITED, "publishableKey", "rate-limit",
                "More than " + properties.tokenizePerMinute() + " attempts in a minute; retry later", limiter.retryAfterSeconds());
    }

    private void refuse(HostedFieldsRefusal.Kind kind, String field, String rule, String detail, String auditDetail, PublishableKey key) {
        audit.failure(AuditEventTypes.HOSTED_FIELDS_REFUSED, key == null ? "publishable-keys" : "publishable-key:" + key.id(), auditDetail);
        throw new HostedFieldsRefusal(kind, field, rule, detail);
    }

    /** An Origin header is input: recorded only when it is a well-formed origin. */
    private static String safeOrigin(String origin) {
        try {
            return CardNumberDetector.mask(AllowedOrigins.normalise(origin, "Origin"));
        } catch (AllowedOrigins.InvalidOrigin e) {
            return "(malformed)";
        }
    }

    /** The publishable key acts for its tenant in this request, for the audit trail only: it has no role. */
    private static void authenticateAs(PublishableKey key) {
        MamoriPrincipal principal = new MamoriPrincipal(key.tenant(), "publishable-key:" + key.id(), ActorType.API_KEY, Set.of(), null);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new MamoriAuthentication(principal, List.of()));
        SecurityContextHolder.setContext(context);
    }

    /** Mamori's origin as the browser sees it: configured, else this request's scheme, host and port. */
    String ownOrigin(HttpServletRequest request) {
        return ownOrigin(request, properties);
    }

    static String ownOrigin(HttpServletRequest request, HostedFieldsProperties properties) {
        if (properties.publicOrigin() != null) {
            return properties.publicOrigin();
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
