package dev.mamori.server.hostedfields;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mamori.common.Role;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.Channel;
import dev.mamori.risk.Decision;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.threeds.requestor.Authentication;
import dev.mamori.threeds.requestor.AuthenticationRejected;
import dev.mamori.threeds.requestor.AuthenticationRequest;
import dev.mamori.threeds.requestor.ThreeDsServer;
import dev.mamori.vault.RevealedCard;
import dev.mamori.vault.Vault;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Currency;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The demo shop's server paying with 3-D Secure. It plays the merchant's server: it holds the demo
 * tenant's identity in process (no API key ever reaches the page), starts the authentication of the
 * hosted fields' token through the 3DS Server, and once the result is final authorizes the payment
 * through the authorization host with the result in {@code ec.threeDs}. The page only ever sees the
 * checkout's id, the ACS's addresses and the outcome.
 */
@Controller
class DemoCheckoutController {
    static final String MERCHANT_ID = "DEMO-SHOP-0001";
    static final String MERCHANT_NAME = "Mamori Tea House";
    static final String MCC = "5499";
    static final String RETURN_PATH = "/demo/shop/checkout/return";
    /** Checkouts kept in memory: the demo stores nothing, the oldest go first. */
    static final int MAX_CHECKOUTS = 1000;

    /** One payment in progress. The outcome is settled once: the page's poll and the cardholder's return may race. */
    static final class Checkout {
        final UUID id;
        final TenantId tenant;
        final String token;
        final String language;
        final String windowSize;
        final String ip;
        Outcome outcome;

        Checkout(UUID id, TenantId tenant, String token, String language, String windowSize, String ip) {
            this.id = id;
            this.tenant = tenant;
            this.token = token;
            this.language = language;
            this.windowSize = windowSize;
            this.ip = ip;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Outcome(String outcome, String message, String transStatus, String transStatusReason, String eci, UUID authorizationId,
                   String responseCode) {
    }

    record BrowserData(Integer colorDepth, Integer screenHeight, Integer screenWidth, Integer timeZone, Boolean javaEnabled,
                       String language) {
    }

    record StartRequest(String publishableKey, String token, String challengeWindowSize, String lang, BrowserData browser) {
    }

    record ContinueRequest(String methodCompleted) {
    }

    record MethodView(String url, String threeDSMethodData) {
    }

    record ChallengeView(String acsUrl, String creq, String windowSize, Integer width, Integer height) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CheckoutView(UUID id, String step, MethodView method, ChallengeView challenge, Outcome result, String error) {
    }

    private final ThreeDsServer server;
    private final PublishableKeyService keys;
    private final HostedFieldsProperties properties;
    private final RiskModule risk;
    private final Vault vault;
    private final MessageSource messages;
    private final Clock clock;
    private final Map<UUID, Checkout> checkouts = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Checkout> eldest) {
            return size() > MAX_CHECKOUTS;
        }
    });

    DemoCheckoutController(ThreeDsServer server, PublishableKeyService keys, HostedFieldsProperties properties, RiskModule risk,
                           Vault vault, MessageSource messages, Clock clock) {
        this.server = server;
        this.keys = keys;
        this.properties = properties;
        this.risk = risk;
        this.vault = vault;
        this.messages = messages;
        this.clock = clock;
    }

    @PostMapping(value = "/demo/shop/checkout/start", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<CheckoutView> start(@RequestBody(required = false) StartRequest body, HttpServletRequest request) {
        if (!properties.demo()) {
            return refuse(HttpStatus.NOT_FOUND, "the demo shop is disabled");
        }
        if (body == null || body.publishableKey() == null || body.token() == null) {
            return refuse(HttpStatus.BAD_REQUEST, "publishableKey and token are required");
        }
        String shopOrigin = HostedFieldsController.ownOrigin(request, new HostedFieldsProperties(null, null, null, null));
        Optional<PublishableKey> key = keys.lookup(body.publishableKey()).filter(k -> k.active() && k.allows(shopOrigin));
        if (key.isEmpty()) {
            return refuse(HttpStatus.BAD_REQUEST, "publishableKey is not a key of this shop");
        }
        String windowSize = body.challengeWindowSize() != null && body.challengeWindowSize().matches("0[1-5]") ? body.challengeWindowSize() : "02";
        String language = "en".equals(body.lang()) ? "en" : "ja";
        BrowserData b = body.browser() == null ? new BrowserData(null, null, null, null, null, null) : body.browser();
        String accept = request.getHeader("Accept");
        AuthenticationRequest authentication = new AuthenticationRequest(body.token(), DemoShopController.total(), "JPY",
                new AuthenticationRequest.Merchant(MERCHANT_ID, MERCHANT_NAME, MCC, "JP", "400551"),
                new AuthenticationRequest.Browser(accept == null || accept.isBlank() ? "text/html" : accept, request.getHeader("User-Agent"),
                        b.language() != null ? b.language() : language, b.colorDepth(), b.screenHeight(), b.screenWidth(), b.timeZone(),
                        b.javaEnabled() != null ? b.javaEnabled() : Boolean.FALSE, Boolean.TRUE, request.getRemoteAddr()),
                shopOrigin + RETURN_PATH, windowSize, "no-preference", "demo-" + UUID.randomUUID().toString().substring(0, 8), null, null,
                "payment", "browser", false);
        TenantId tenant = key.get().tenant();
        Authentication a;
        try {
            a = asMerchant(tenant, () -> server.start(tenant, authentication));
        } catch (AuthenticationRejected e) {
            return refuse(HttpStatus.BAD_REQUEST, e.field() + ": " + e.rule());
        }
        Checkout checkout = new Checkout(a.id(), tenant, body.token(), language, windowSize, request.getRemoteAddr());
        remember(checkout);
        return ResponseEntity.ok(view(checkout, a));
    }

    @PostMapping(value = "/demo/shop/checkout/{id}/continue", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<CheckoutView> continueAfterMethod(@PathVariable UUID id, @RequestBody(required = false) ContinueRequest body) {
        Checkout checkout = checkouts.get(id);
        if (checkout == null) {
            return refuse(HttpStatus.NOT_FOUND, "no such checkout");
        }
        try {
            Authentication a = asMerchant(checkout.tenant, () -> server.continueAfterMethod(checkout.tenant, id,
                    body == null ? null : body.methodCompleted()));
            return ResponseEntity.ok(view(checkout, a));
        } catch (AuthenticationRejected e) {
            // Continued twice (the page's timer and the method's load): the current state answers.
            return get(id);
        }
    }

    @GetMapping(value = "/demo/shop/checkout/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<CheckoutView> get(@PathVariable UUID id) {
        Checkout checkout = checkouts.get(id);
        Optional<Authentication> a = checkout == null ? Optional.empty() : server.get(checkout.tenant, id);
        if (a.isEmpty()) {
            return refuse(HttpStatus.NOT_FOUND, "no such checkout");
        }
        return ResponseEntity.ok(view(checkout, a.get()));
    }

    /** Where the 3DS Server sends the cardholder (the whole window) after the challenge. Works without JavaScript. */
    @GetMapping(RETURN_PATH)
    String returned(@RequestParam(name = "authenticationId", required = false) UUID id, HttpServletResponse response, Model model) {
        Checkout checkout = id == null ? null : checkouts.get(id);
        Optional<Authentication> a = checkout == null ? Optional.empty() : server.get(checkout.tenant, id);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                + "base-uri 'none'; frame-ancestors 'none'");
        model.addAttribute("lang", checkout == null ? "ja" : checkout.language);
        if (a.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("outcome", "unknown");
            model.addAttribute("message", text(checkout == null ? "ja" : checkout.language, "unknown"));
            return "demo/checkout-result";
        }
        CheckoutView view = view(checkout, a.get());
        Outcome outcome = view.result() != null ? view.result()
                : new Outcome("pending", text(checkout.language, "pending"), null, null, null, null, null);
        model.addAttribute("outcome", outcome.outcome());
        model.addAttribute("message", outcome.message());
        model.addAttribute("result", outcome);
        return "demo/checkout-result";
    }

    // --- the merchant server's steps --------------------------------------------------------------

    private CheckoutView view(Checkout checkout, Authentication a) {
        return switch (a.status()) {
            case "method" -> new CheckoutView(a.id(), "method", new MethodView(a.methodUrl(), a.methodData()), null, null, null);
            case "challenge" -> {
                int[] size = windowSize(checkout.windowSize);
                yield new CheckoutView(a.id(), "challenge", null, new ChallengeView(a.acsUrl(), a.creq(), checkout.windowSize,
                        size == null ? null : size[0], size == null ? null : size[1]), null, null);
            }
            case "completed", "failed" -> new CheckoutView(a.id(), "done", null, null, settle(checkout, a), null);
            default -> new CheckoutView(a.id(), "waiting", null, null, null, null);
        };
    }

    /** Decides once what the shop does with a final authentication: authorize, or stop. */
    private Outcome settle(Checkout checkout, Authentication a) {
        synchronized (checkout) {
            if (checkout.outcome == null) {
                checkout.outcome = decide(checkout, a);
            }
            return checkout.outcome;
        }
    }

    private Outcome decide(Checkout checkout, Authentication a) {
        String lang = checkout.language;
        String status = a.transStatus();
        if ("failed".equals(a.status()) || status == null) {
            return new Outcome("error", text(lang, "error"), null, null, null, null, null);
        }
        if ("R".equals(status)) {
            return new Outcome("refused", text(lang, "refused"), status, a.transStatusReason(), null, null, null);
        }
        if ("14".equals(a.transStatusReason())) {
            return new Outcome("timed-out", text(lang, "timed-out"), status, a.transStatusReason(), null, null, null);
        }
        if (!"Y".equals(status) && !"A".equals(status)) {
            return new Outcome("not-authenticated", text(lang, "not-authenticated"), status, a.transStatusReason(), null, null, null);
        }
        Decision decision = authorize(checkout, a);
        if (decision == null) {
            return new Outcome("error", text(lang, "error"), status, a.transStatusReason(), a.eci(), null, null);
        }
        return new Outcome(decision.approved() ? "approved" : "declined", text(lang, decision.approved() ? "approved" : "declined"),
                status, a.transStatusReason(), a.eci(), decision.id(), decision.responseCode().code());
    }

    /** The authorization as {@code POST /v1/authorizations} by token builds it, with the 3-D Secure result. */
    private Decision authorize(Checkout checkout, Authentication a) {
        Optional<RevealedCard> card = vault.detokenize(checkout.tenant, checkout.token);
        if (card.isEmpty()) {
            return null;
        }
        SecurityCode code = vault.takeSecurityCode(checkout.tenant, checkout.token).orElse(null);
        try {
            var expiry = card.get().metadata().expiry();
            TenantId issuer = AuthorizationRequests.issuerOf(risk.binRoutes(), card.get().pan(), checkout.tenant);
            AuthorizationRequest request = new AuthorizationRequest(issuer, MessageKind.AUTHORIZATION,
                    new AuthorizationRequest.PresentedCard(card.get().pan(), expiry == null ? null : YearMonth.of(expiry.year(), expiry.month()),
                            code, null, checkout.token),
                    a.amountMinor(), Currency.getInstance(a.currency()), "000000", Channel.ECOMMERCE,
                    new AuthorizationRequest.Merchant(MERCHANT_ID, null, MERCHANT_NAME, MCC, AuthorizationRequests.country("JP", "merchant.country")),
                    new AuthorizationRequest.Trace(null, null, null, null, null, null, null),
                    new AuthorizationRequest.EcData(null, checkout.ip, null, null,
                            new AuthorizationRequest.ThreeDsResult(a.eci(), a.authenticationValue(), a.transStatus())),
                    clock.instant());
            return risk.host().decide(request, "json", checkout.tenant.value().toString());
        } finally {
            if (code != null) {
                code.wipe();
            }
        }
    }

    /** The 3DS Server's calls audit their caller: the shop's server acts as a merchant of the key's tenant. */
    private static <T> T asMerchant(TenantId tenant, Supplier<T> action) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        MamoriPrincipal principal = new MamoriPrincipal(tenant, "demo-shop", ActorType.SYSTEM, EnumSet.of(Role.MERCHANT), null);
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, java.util.List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return action.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    /** EMV 3DS challengeWindowSize: 01 250×400, 02 390×400, 03 500×600, 04 600×400, 05 full page (null). */
    static int[] windowSize(String code) {
        return switch (code) {
            case "01" -> new int[] {250, 400};
            case "03" -> new int[] {500, 600};
            case "04" -> new int[] {600, 400};
            case "05" -> null;
            default -> new int[] {390, 400};
        };
    }

    private void remember(Checkout checkout) {
        checkouts.put(checkout.id, checkout);
    }

    private String text(String lang, String outcome) {
        Locale locale = "en".equals(lang) ? Locale.ENGLISH : Locale.JAPANESE;
        return messages.getMessage("threeds.shop.outcome." + outcome, null, outcome, locale);
    }

    private static ResponseEntity<CheckoutView> refuse(HttpStatus status, String error) {
        return ResponseEntity.status(status).body(new CheckoutView(null, "error", null, null, null, error));
    }

}
