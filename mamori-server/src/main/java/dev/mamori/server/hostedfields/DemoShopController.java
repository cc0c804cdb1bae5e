package dev.mamori.server.hostedfields;

import dev.mamori.common.CardNumberDetector;
import jakarta.servlet.http.HttpServletRequest;
import dev.mamori.server.threeds.ThreeDsUrls;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * A demo EC shop served by Mamori itself, at {@code http://localhost:<port>/demo/shop}, using the
 * hosted fields from another origin ({@code http://127.0.0.1:<port>}, or the reverse), with the
 * demo publishable key created at first start. Its "server" endpoint stores nothing: it shows what
 * a shop's server receives, which is a token and never a card number.
 */
@Controller
class DemoShopController {
    static final int MAX_ORDER_BYTES = 4096;

    record Item(String nameJa, String nameEn, long priceJpy, int quantity) {
        public long subtotal() {
            return priceJpy * quantity;
        }
    }

    static final List<Item> ITEMS = List.of(
            new Item("緑茶（100g）", "Green tea (100 g)", 1_200, 2),
            new Item("湯呑み", "Tea cup", 2_800, 1));

    static long total() {
        return ITEMS.stream().mapToLong(Item::subtotal).sum();
    }

    private final PublishableKeyService keys;
    private final HostedFieldsAssets assets;
    private final HostedFieldsProperties properties;
    private final ObjectMapper json;
    private final ThreeDsUrls threeDs;

    DemoShopController(PublishableKeyService keys, HostedFieldsAssets assets, HostedFieldsProperties properties, ObjectMapper json,
                       ThreeDsUrls threeDs) {
        this.threeDs = threeDs;
        this.keys = keys;
        this.assets = assets;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping("/demo/shop")
    String shop(@RequestParam(name = "lang", required = false) String lang,
                @RequestParam(name = "key", required = false) String requestedKey, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        if (!properties.demo()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
        }
        String language = "en".equals(lang) ? "en" : "ja";
        String shopOrigin = HostedFieldsController.ownOrigin(request, new HostedFieldsProperties(null, null, null, null));
        String fieldsOrigin = fieldsOrigin(request, shopOrigin);
        // A key of one's own (?key=pk_...) or the demo key created at first start; either must allow this origin.
        Optional<PublishableKey> key = !properties.demo() ? Optional.empty()
                : requestedKey != null ? keys.lookup(requestedKey).filter(k -> k.active() && k.allows(shopOrigin))
                : keys.demoKeyFor(shopOrigin);
        response.setHeader("Cache-Control", "no-store");
        // 3-D Secure: the ACS's 3DS Method and challenge run in frames of this page, posted to by its forms.
        String acsOrigin = URI.create(threeDs.base()).resolve("/").toString().replaceAll("/$", "");
        response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' " + fieldsOrigin
                + "; frame-src " + fieldsOrigin + " " + acsOrigin + "; connect-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "form-action 'self' " + acsOrigin + "; base-uri 'none'; object-src 'none'; frame-ancestors 'none'");
        response.setHeader("Referrer-Policy", "strict-origin");
        model.addAttribute("lang", language);
        model.addAttribute("enabled", properties.demo());
        model.addAttribute("items", ITEMS);
        model.addAttribute("total", ITEMS.stream().mapToLong(Item::subtotal).sum());
        model.addAttribute("shopOrigin", shopOrigin);
        model.addAttribute("fieldsOrigin", fieldsOrigin);
        model.addAttribute("scriptUrl", fieldsOrigin + HostedFieldsAssets.BASE + HostedFieldsAssets.SCRIPT);
        model.addAttribute("scriptIntegrity", assets.integrity(HostedFieldsAssets.SCRIPT));
        model.addAttribute("demoCards", DemoIssuer.CARDS);
        model.addAttribute("demoExpiry", String.format("%02d/%02d", DemoIssuer.EXPIRY.getMonthValue(), DemoIssuer.EXPIRY.getYear() % 100));
        model.addAttribute("publishableKey", key.map(PublishableKey::key).orElse(null));
        return "demo/shop";
    }

    /** The demo shop's server: echoes what it received and says whether it held a card number. */
    @PostMapping(value = "/demo/shop/orders", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> order(@RequestBody(required = false) String body) {
        Map<String, Object> reply = new LinkedHashMap<>();
        if (!properties.demo() || body == null || body.length() > MAX_ORDER_BYTES) {
            reply.put("error", body == null ? "empty order" : "demo disabled or order too large");
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(reply);
        }
        boolean cardNumber = CardNumberDetector.containsCardNumber(body);
        Object received;
        try {
            received = cardNumber ? "(withheld: it contained a card number)" : json.readValue(body, Object.class);
        } catch (JacksonException e) {
            reply.put("error", "the order is not JSON");
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(reply);
        }
        reply.put("receivedAt", Instant.now().toString());
        reply.put("received", received);
        reply.put("containsCardNumber", cardNumber);
        reply.put("next", "A real shop's server now charges the token through its PSP, "
                + "or reads its brand and last 4 digits with GET /v1/tokens/{token} and its merchant API key.");
        return ResponseEntity.ok(reply);
    }

    /** The fields come from the other loopback name, so the demo shows a real cross-origin embedding. */
    private String fieldsOrigin(HttpServletRequest request, String shopOrigin) {
        if (properties.publicOrigin() != null) {
            return properties.publicOrigin();
        }
        String host = request.getServerName();
        String other = "127.0.0.1".equals(host) ? "localhost" : "127.0.0.1";
        return shopOrigin.replaceFirst("://[^:/]+", "://" + other);
    }
}
