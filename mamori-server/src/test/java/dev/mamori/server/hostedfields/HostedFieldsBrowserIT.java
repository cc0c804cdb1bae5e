package dev.mamori.server.hostedfields;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.HeadlessChromium;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A shop on another origin ({@code http://127.0.0.1:<shop port>}, a JDK HTTP server started here)
 * embeds Mamori's hosted fields ({@code http://localhost:<port>}) with the published SRI hash, in
 * Debian's headless Chromium. A cardholder types the card into the iframe; the shop page gets a
 * token, and neither the shop's page nor its server ever holds a byte of the card number.
 * Browser set-up as in {@code ConsoleBrowserIT}: Debian's Chromium and chromedriver only.
 */
class HostedFieldsBrowserIT extends IntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PAN = "4111111111111111";
    private static final String TYPED_PAN = "4111 1111 1111 1111";

    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private final List<String> browserLog = new ArrayList<>();

    private HttpServer shop;
    private String shopOrigin;
    /** Everything the shop's server received: request line, headers and body of each request. */
    private final List<String> shopReceived = Collections.synchronizedList(new ArrayList<>());
    private final List<String> orders = Collections.synchronizedList(new ArrayList<>());
    private TestTenant tenant;
    private String publishableKey;

    @BeforeEach
    void startShop() throws IOException {
        shop = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        shopOrigin = "http://127.0.0.1:" + shop.getAddress().getPort();
        shop.createContext("/", this::serveShop);
        shop.start();
        tenant = Tenants.create(api, unique("browser-shop"));
        Api.Reply key = api.post("/v1/publishable-keys", "{\"name\":\"test shop\",\"allowedOrigins\":[\"" + shopOrigin + "\"]}",
                Api.withKey(tenant.adminKey()));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        publishableKey = key.json().get("key").asString();
    }

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = HeadlessChromium.start("ja");
        browser = chromium.driver();
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (shop != null) {
                shop.stop(0);
            }
        }
    }

    @Test
    void aCardTypedIntoTheFrameReachesTheShopOnlyAsAToken() {
        openShop("ja");
        WebElement iframe = wait.until(d -> d.findElement(By.cssSelector("#card iframe")));
        browser.switchTo().frame(iframe);
        wait.until(d -> d.findElement(By.id("card-number")).isDisplayed());
        assertThat(browser.findElement(By.cssSelector("html")).getDomAttribute("lang")).isEqualTo("ja");
        assertThat(browser.findElement(By.cssSelector("label[for=card-number]")).getText()).isEqualTo("カード番号");
        assertThat(browser.findElement(By.cssSelector("label[for=card-expiry]")).getText()).isEqualTo("有効期限（月/年）");
        assertThat(browser.findElement(By.cssSelector("label[for=card-cvc]")).getText()).isEqualTo("セキュリティコード");
        WebElement number = browser.findElement(By.id("card-number"));
        assertThat(number.getDomAttribute("autocomplete")).isEqualTo("cc-number");
        assertThat(number.getDomAttribute("inputmode")).isEqualTo("numeric");
        number.sendKeys(PAN);
        assertThat(number.getDomProperty("value")).as("grouped as typed").isEqualTo(TYPED_PAN);
        assertThat(browser.findElement(By.id("card-brand")).getText()).isEqualTo("Visa");
        String yy = String.valueOf((Year.now().getValue() + 2) % 100);
        browser.findElement(By.id("card-expiry")).sendKeys("12" + yy);
        assertThat(browser.findElement(By.id("card-expiry")).getDomProperty("value")).isEqualTo("12/" + yy);
        browser.findElement(By.id("card-cvc")).sendKeys("123");
        browser.switchTo().defaultContent();

        browser.findElement(By.id("pay")).click();
        String token = wait.until(d -> {
            String value = d.findElement(By.id("result")).getDomAttribute("data-token");
            return value == null || value.isEmpty() ? null : value;
        });
        wait.until(d -> !orders.isEmpty());
        assertThat(browser.findElement(By.id("result")).getText()).isEqualTo("visa 1111");

        // The shop's server got the token and last 4 digits, and no byte of the card number anywhere.
        assertThat(orders).singleElement().satisfies(order -> assertThat(order).contains(token).contains("\"last4\":\"1111\""));
        assertThat(shopReceived).isNotEmpty().allSatisfy(request ->
                assertThat(request).doesNotContain(PAN).doesNotContain(TYPED_PAN).doesNotContain("4111111111"));

        // The shop page never held it: not in its DOM, not in its storage, and the frame is out of its reach.
        assertThat(browser.getPageSource()).doesNotContain(PAN).doesNotContain(TYPED_PAN);
        assertThat(js("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie;"))
                .asString().doesNotContain(PAN);
        assertThat(js("return document.querySelector('iframe').contentDocument;")).as("cross-origin frame document").isNull();
        assertThat(js("try { return window.frames[0].document.body.innerHTML; } catch (e) { return 'blocked: ' + e.name; }"))
                .isEqualTo("blocked: SecurityError");

        // The frame forgot the card after tokenizing.
        browser.switchTo().frame(browser.findElement(By.cssSelector("#card iframe")));
        assertThat(browser.findElement(By.id("card-number")).getDomProperty("value")).isEmpty();
        assertThat(browser.findElement(By.id("card-cvc")).getDomProperty("value")).isEmpty();
        browser.switchTo().defaultContent();

        // The token is in the key's tenant: the merchant sees brand and last 4, the PSP the number.
        Api.Reply metadata = api.get("/v1/tokens/" + token, Api.withKey(tenant.key(Role.MERCHANT)));
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json().get("brand").asString()).isEqualTo("visa");
        assertThat(metadata.json().get("last4").asString()).isEqualTo("1111");
        Api.Reply card = api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"authorization\"}", Api.withKey(tenant.key(Role.PSP)));
        assertThat(card.json().get("pan").asString()).isEqualTo(PAN);

        collectBrowserLog();
        assertCleanBrowserLog();
    }

    @Test
    void aNumberFailingTheLuhnCheckIsRefusedInTheCardholdersLanguageAndMakesNoToken() {
        openShop("en");
        enterFrame();
        wait.until(d -> d.findElement(By.id("card-number")).isDisplayed());
        assertThat(browser.findElement(By.cssSelector("label[for=card-number]")).getText()).isEqualTo("Card number");
        browser.switchTo().defaultContent();
        openShop("ja");
        enterFrame();
        wait.until(d -> d.findElement(By.id("card-number")).isDisplayed());
        browser.findElement(By.id("card-number")).sendKeys("4111111111111112");
        browser.findElement(By.id("card-expiry")).sendKeys("12" + (Year.now().getValue() + 2) % 100);
        browser.findElement(By.id("card-cvc")).sendKeys("123");
        browser.switchTo().defaultContent();
        browser.findElement(By.id("pay")).click();
        wait.until(d -> d.findElement(By.id("result")).getDomAttribute("data-error") != null);
        assertThat(browser.findElement(By.id("result")).getDomAttribute("data-error")).isEqualTo("validation:pan:luhn");
        assertThat(browser.findElement(By.id("result")).getText()).isEqualTo("カード番号が正しくありません。もう一度ご確認ください。");

        browser.switchTo().frame(browser.findElement(By.cssSelector("#card iframe")));
        assertThat(browser.findElement(By.id("error-number")).getText()).isEqualTo("カード番号が正しくありません。もう一度ご確認ください。");
        assertThat(browser.findElement(By.id("card-number")).getDomAttribute("aria-invalid")).isEqualTo("true");
        browser.switchTo().defaultContent();

        assertThat(orders).isEmpty();
        assertThat(jdbc.sql("select count(*) from vault.cards where tenant_id = ?").param(UUID.fromString(tenant.id()))
                .query(Long.class).single()).as("no token made").isZero();
        collectBrowserLog();
        assertCleanBrowserLog();
    }

    @Test
    void theFrameIsRefusedToOtherOriginsAndTheTokenizeEndpointToTheShopsScripts() {
        String mamori = "http://localhost:" + port;
        Api.Reply other = api.get("/hosted-fields/v1/frame?key=" + publishableKey + "&origin="
                + URLEncoder.encode("http://127.0.0.1:1", StandardCharsets.UTF_8) + "&locale=ja");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.header("Content-Security-Policy")).contains("frame-ancestors 'none'");

        // A script on the shop's page that tries to post card data itself is stopped by the browser (no CORS)...
        openShop("ja");
        wait.until(d -> d.findElement(By.cssSelector("#card iframe")));
        Object outcome = ((JavascriptExecutor) browser).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                fetch(arguments[0] + '/hosted-fields/v1/tokens', {method: 'POST', headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({publishableKey: arguments[1], pan: '4012888888881881'})})
                  .then(function (r) { done('status ' + r.status); }, function (e) { done('blocked ' + e.name); });""",
                mamori, publishableKey);
        assertThat(outcome).isEqualTo("blocked TypeError");
        // ...and by Mamori, which refuses any Origin but its own, even with a valid frame session.
        String html = api.get("/hosted-fields/v1/frame?key=" + publishableKey + "&origin="
                + URLEncoder.encode(shopOrigin, StandardCharsets.UTF_8) + "&locale=ja").body();
        String session = html.replaceAll("(?s).*data-session=\"([^\"]+)\".*", "$1");
        Api.Reply refused = api.post("/hosted-fields/v1/tokens", "{\"publishableKey\":\"" + publishableKey + "\",\"session\":\""
                + session + "\",\"origin\":\"" + shopOrigin + "\",\"pan\":\"4012888888881881\",\"expiryMonth\":12,\"expiryYear\":"
                + (Year.now().getValue() + 2) + ",\"cvc\":\"123\"}", "Origin", shopOrigin);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("code").asString()).isEqualTo("origin-not-allowed");
        assertThat(refused.body()).doesNotContain("4012888888881881");
    }

    // --- the shop --------------------------------------------------------------------------------

    private void enterFrame() {
        WebElement iframe = wait.until(d -> d.findElement(By.cssSelector("#card iframe")));
        browser.switchTo().frame(iframe);
    }

    private void openShop(String locale) {
        browser.get(shopOrigin + "/checkout?locale=" + locale);
        wait.until(d -> "complete".equals(js("return document.readyState;")));
    }

    private void serveShop(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        shopReceived.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + exchange.getRequestHeaders() + "\n" + body);
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/checkout" -> {
                String query = exchange.getRequestURI().getQuery();
                String locale = query != null && query.contains("locale=en") ? "en" : "ja";
                respond(exchange, 200, "text/html; charset=utf-8", checkoutPage(locale));
            }
            case "/shop.js" -> respond(exchange, 200, "text/javascript; charset=utf-8", SHOP_SCRIPT);
            case "/order" -> {
                orders.add(body);
                respond(exchange, 200, "application/json", "{\"ok\":true}");
            }
            case "/favicon.ico" -> respond(exchange, 204, null, "");
            default -> respond(exchange, 404, "text/plain", "not found");
        }
    }

    private String checkoutPage(String locale) {
        String integrity = api.get("/hosted-fields/v1/integrity.json").json().get("files").get("mamori-fields.js").get("integrity").asString();
        return """
                <!DOCTYPE html>
                <html lang="ja"><head><meta charset="utf-8"><title>Test shop</title></head>
                <body data-key="%s" data-locale="%s">
                <h1>Checkout</h1>
                <div id="card"></div>
                <button id="pay" type="button">Pay</button>
                <p id="result"></p>
                <script src="http://localhost:%d/hosted-fields/v1/mamori-fields.js" integrity="%s" crossorigin="anonymous"></script>
                <script src="/shop.js"></script>
                </body></html>
                """.formatted(publishableKey, locale, port, integrity);
    }

    private static final String SHOP_SCRIPT = """
            var result = document.getElementById('result');
            var fields = MamoriFields.mount('#card', {
              publishableKey: document.body.getAttribute('data-key'),
              locale: document.body.getAttribute('data-locale'),
              onToken: function (card) {
                fetch('/order', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(card)})
                  .then(function () {
                    result.textContent = card.brand + ' ' + card.last4;
                    result.setAttribute('data-token', card.token);
                  });
              },
              onError: function (error) {
                result.textContent = error.message;
                result.setAttribute('data-error', error.code + ':' + error.field + ':' + error.rule);
              }
            });
            document.getElementById('pay').addEventListener('click', function () { fields.submit(); });
            """;

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    // --- browser ---------------------------------------------------------------------------------

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void collectBrowserLog() {
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            browserLog.add(entry.getLevel() + " " + entry.getMessage());
        }
    }

    private void assertCleanBrowserLog() {
        assertThat(browserLog).as("CSP violations reported by the browser")
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Content-Security-Policy"));
        assertThat(browserLog).as("JS errors and failed loads reported by the browser")
                .filteredOn(line -> !line.startsWith("INFO") && !line.startsWith("FINE") && !line.startsWith("CONFIG"))
                .isEmpty();
        assertThat(String.join("\n", browserLog)).doesNotContain(PAN);
    }
}
