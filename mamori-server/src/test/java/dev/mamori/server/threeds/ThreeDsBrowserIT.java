package dev.mamori.server.threeds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.server.Api;
import dev.mamori.server.HeadlessChromium;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.risk.CardStatus;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.hostedfields.DemoIssuer;
import dev.mamori.server.hostedfields.PublishableKeyService;
import dev.mamori.threeds.acs.Acs;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo shop pays with 3-D Secure end to end in Debian's headless Chromium: hosted fields (the
 * other loopback origin) → the shop's server → 3DS Server → DS → ACS → (3DS Method, challenge in
 * the shop's iframe or the whole window) → the authorization host with the result. One-time codes
 * come by e-mail through a real SMTP server ({@link TestMailbox}).
 */
class ThreeDsBrowserIT extends IntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestMailbox.shared().register(registry);
    }

    @Autowired
    DemoIssuer demoIssuer;
    @Autowired
    PublishableKeyService publishableKeys;
    @Autowired
    Acs acs;
    @Autowired
    Clock clock;
    @Autowired
    RiskModule risk;

    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private TenantId issuer;
    private String key;

    @BeforeEach
    void setUp() throws IOException {
        issuer = demoIssuer.issuerTenant().orElseThrow(() -> new AssertionError("the demo issuer was not set up at start"));
        key = publishableKeys.create(issuer, "browser 3DS test", List.of("http://localhost:" + port), "test").key();
        chromium = HeadlessChromium.start("ja");
        browser = chromium.driver();
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void tearDown() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void theFrictionlessDemoCardIsApprovedWithEci05AndAVerifiedValue() {
        pay(card(DemoIssuer.Kind.FRICTIONLESS), "ja", "02");
        String outcome = awaitOutcome();
        assertThat(outcome).isEqualTo("approved");
        assertThat(browser.findElement(By.id("outcome")).getText()).isEqualTo("お支払いが承認されました。ご注文ありがとうございます。");
        assertThat(browser.findElements(By.id("challenge-frame"))).as("no challenge").isEmpty();
        JsonNode result = resultShown();
        assertThat(result.get("transStatus").asString()).isEqualTo("Y");
        assertThat(result.get("eci").asString()).isEqualTo("05");
        JsonNode authorization = authorization(result.get("authorizationId").asString());
        assertThat(authorization.get("eci").asString()).isEqualTo("05");
        assertThat(authorization.get("threeDsValueCheck").asString()).isEqualTo("valid");
        assertThat(authorization.get("liabilityShift").asBoolean()).isTrue();
        assertThat(authorization.get("merchantId").asString()).isEqualTo("DEMO-SHOP-0001");
        Map<String, Object> row = authenticationOf(token());
        assertThat(row.get("trans_status")).isEqualTo("Y");
        // The shop ran the ACS's 3DS Method in its hidden frame before the AReq: the 3DS Server was notified
        // (threeDSCompInd Y) and the ACS saw the cardholder's browser.
        assertThat(row.get("method_notified")).isEqualTo(true);
        assertThat(row.get("comp_ind")).isEqualTo("Y");
        assertThat(jdbc.sql("select method_completed from threeds.acs_transactions where acs_trans_id = ?").param(row.get("acs_trans_id"))
                .query(Boolean.class).single()).isTrue();
        assertNoCspViolations();
    }

    @Test
    void theDemoIssuerIsSetUpOnceAndNeverTakesAnotherTenantsBin() {
        int lists = risk.lists().list(issuer).size();
        int cards = risk.cardAccounts().list(issuer, null, false, 1000).size();
        assertThat(demoIssuer.ensure(issuer)).isTrue();
        assertThat(risk.lists().list(issuer)).hasSize(lists);
        assertThat(risk.cardAccounts().list(issuer, null, false, 1000)).hasSize(cards);
        assertThat(risk.cardAccounts().list(issuer, "0038", false, 10).stream()
                .filter(a -> a.bin().startsWith("499990")).findFirst().orElseThrow().status()).isEqualTo(CardStatus.LOST);
        TenantId other = TenantId.parse(Tenants.create(api, unique("not-demo")).id());
        assertThat(demoIssuer.ensure(other)).isFalse();
        assertThat(demoIssuer.issuerTenant()).contains(issuer);
    }

    @Test
    void theShopPageLetsOnlyTheAcsOriginIntoItsFramesAndForms() {
        Api.Reply page = api.get("/demo/shop?key=" + key);
        String csp = page.header("Content-Security-Policy");
        String self = "http://localhost:" + port;
        assertThat(csp).contains("frame-src http://127.0.0.1:" + port + " " + self + ";")
                .contains("form-action 'self' " + self + ";").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        // The demo cards are listed (numbers only of the demo BIN), in Japanese by default.
        assertThat(page.body()).contains("4999 9000 1000 0012").contains("紛失届のあるカード");
        Api.Reply unknown = api.post("/demo/shop/checkout/start", "{\"publishableKey\":\"pk_unknown\",\"token\":\"tok_x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asString()).contains("publishableKey");
        Api.Reply noBrowser = api.post("/demo/shop/checkout/start", "{\"publishableKey\":\"" + key + "\",\"token\":\"tok_unknown\"}");
        assertThat(noBrowser.status()).isEqualTo(400);
        assertThat(noBrowser.json().get("error").asString()).isEqualTo("browser.colorDepth: one-of");
        Api.Reply unknownToken = api.post("/demo/shop/checkout/start", "{\"publishableKey\":\"" + key + "\",\"token\":\"tok_unknown\","
                + "\"browser\":{\"colorDepth\":24,\"screenHeight\":900,\"screenWidth\":1440,\"timeZone\":-540,\"language\":\"ja-JP\"}}");
        assertThat(unknownToken.status()).as(unknownToken.toString()).isBetween(400, 499);
        assertThat(unknownToken.body()).doesNotContain("Exception");
        assertThat(api.post("/demo/shop/checkout/start", "not json").status()).as("malformed JSON: refused, never a 500").isBetween(400, 499);
        assertThat(api.get("/demo/shop/checkout/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/demo/shop/checkout/return?authenticationId=" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void aChallengedCardShowsTheAcsPageInTheFrameAWrongCodeLeavesTriesAndTheRightCodeIsApproved() {
        String email = unique("chal") + "@example.jp";
        String pan = freshCard(email);
        pay(pan, "ja", "03");
        String code = answerChallengeInFrame(email, "500", "600", "ja", "残り 2 回");
        assertThat(browser.findElement(By.id("eci")).getText()).isEqualTo("05");
        JsonNode authorization = authorization(browser.findElement(By.id("authorization-id")).getText());
        assertThat(authorization.get("threeDsValueCheck").asString()).isEqualTo("valid");
        assertThat(authorization.get("liabilityShift").asBoolean()).isTrue();
        assertThat(browser.getPageSource()).doesNotContain(pan).doesNotContain(code);
        assertNoCspViolations();
    }

    @Test
    void aCardholderWhoseBrowserSpeaksEnglishGetsTheChallengeInEnglishInTheSmallestWindow() throws IOException {
        chromium.close();
        chromium = HeadlessChromium.start("en-US");
        browser = chromium.driver();
        wait = new WebDriverWait(browser, WAIT);
        String email = unique("en") + "@example.jp";
        pay(freshCard(email), "en", "01");
        answerChallengeInFrame(email, "250", "400", "en", "Tries left: 2");
        assertNoCspViolations();
    }

    /**
     * The challenge in the shop's frame of {@code width} x {@code height}, in {@code lang}: a wrong code
     * (the page says {@code triesLeft}), then the right one; ends on the shop's return page, approved.
     *
     * @return the code that was right
     */
    private String answerChallengeInFrame(String email, String width, String height, String lang, String triesLeft) {
        WebElement frame = wait.until(d -> d.findElement(By.id("challenge-frame")));
        assertThat(frame.getDomAttribute("width")).isEqualTo(width);
        assertThat(frame.getDomAttribute("height")).isEqualTo(height);
        browser.switchTo().frame(frame);
        wait.until(d -> d.findElement(By.id("otp")));
        assertThat(browser.findElement(By.cssSelector("html")).getDomAttribute("lang")).isEqualTo(lang);
        if ("en".equals(lang)) {
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("Confirm your purchase").contains("One-time code")
                    .doesNotContain("ワンタイム");
        }
        String code = TestMailbox.shared().awaitOtp(email, 0);
        browser.findElement(By.id("otp")).sendKeys(wrong(code));
        browser.findElement(By.id("submit")).click();
        wait.until(d -> d.findElement(By.id("attempts")).getText().equals(triesLeft));
        browser.findElement(By.id("otp")).sendKeys(code);
        browser.findElement(By.id("submit")).click();
        // The ACS's result page returns through the 3DS Server, which sends the whole window to the shop's return page.
        browser.switchTo().defaultContent();
        wait.until(d -> d.getCurrentUrl().contains("/demo/shop/checkout/return"));
        assertThat(browser.findElement(By.id("outcome")).getDomAttribute("data-outcome")).isEqualTo("approved");
        return code;
    }

    @Test
    void aLostCardIsRefusedAndNoAuthorizationIsSent() {
        int before = authorizationsOf("0038");
        pay(card(DemoIssuer.Kind.LOST), "en", "02");
        assertThat(awaitOutcome()).isEqualTo("refused");
        assertThat(browser.findElement(By.id("outcome")).getText())
                .isEqualTo("The card issuer refused this card. The payment was not sent.");
        JsonNode result = resultShown();
        assertThat(result.get("transStatus").asString()).isEqualTo("R");
        assertThat(result.get("transStatusReason").asString()).isEqualTo("10");
        assertThat(result.has("authorizationId")).isFalse();
        assertThat(authorizationsOf("0038")).isEqualTo(before);
    }

    @Test
    void aCardNotEnrolledIsNotAuthenticatedAndNotCharged() {
        pay(card(DemoIssuer.Kind.NOT_ENROLLED), "ja", "02");
        assertThat(awaitOutcome()).isEqualTo("not-authenticated");
        JsonNode result = resultShown();
        assertThat(result.get("transStatus").asString()).isEqualTo("N");
        assertThat(result.get("transStatusReason").asString()).isEqualTo("13");
        assertThat(result.has("authorizationId")).isFalse();
    }

    @Test
    void aChallengeNobodyAnswersTimesOutTheShopShowsItAndNothingIsApproved() {
        String email = unique("late") + "@example.jp";
        pay(freshCard(email), "ja", "02");
        WebElement frame = wait.until(d -> d.findElement(By.id("challenge-frame")));
        browser.switchTo().frame(frame);
        wait.until(d -> d.findElement(By.id("otp")));
        browser.switchTo().defaultContent();
        // The ACS's timeout job, run as if the challenge timeout had passed: RReq N/14 → DS → 3DS Server.
        acs.expire(clock.instant().plus(Duration.ofMinutes(11)));
        assertThat(awaitOutcome()).isEqualTo("timed-out");
        assertThat(browser.findElement(By.id("outcome")).getText()).isEqualTo("本人認証がタイムアウトしました。お支払いは行われていません。");
        assertThat(browser.findElements(By.id("challenge-frame"))).isEmpty();
        Map<String, Object> row = authenticationOf(token());
        assertThat(row.get("status")).isEqualTo("completed");
        assertThat(row.get("trans_status")).isIn("N", "U");
        assertThat(row.get("trans_status_reason")).isEqualTo("14");
        assertThat(resultShown().has("authorizationId")).isFalse();
    }

    @Test
    void theFullPageChallengeWorksWithJavaScriptOff() {
        String email = unique("nojs") + "@example.jp";
        String pan = freshCard(email);
        pay(pan, "ja", "05");
        WebElement go = wait.until(d -> d.findElement(By.id("challenge-go")));
        browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        go.click();
        wait.until(d -> d.findElement(By.id("otp")));
        assertThat(browser.getCurrentUrl()).contains("/threeds/acs/challenge");
        browser.findElement(By.id("otp")).sendKeys(TestMailbox.shared().awaitOtp(email, 0));
        browser.findElement(By.id("submit")).click();
        // Without scripts the result page waits for the cardholder's Continue.
        WebElement proceed = wait.until(d -> d.findElement(By.id("continue")));
        assertThat(browser.getCurrentUrl()).contains("/threeds/acs/challenge");
        proceed.click();
        wait.until(d -> d.findElement(By.id("mamori-return"))).click();
        wait.until(d -> d.getCurrentUrl().contains("/demo/shop/checkout/return"));
        assertThat(browser.findElement(By.id("outcome")).getDomAttribute("data-outcome")).isEqualTo("approved");
        assertThat(browser.findElement(By.id("outcome")).getText()).isEqualTo("お支払いが承認されました。ご注文ありがとうございます。");
    }

    // --- the shop --------------------------------------------------------------------------------

    private void pay(String pan, String lang, String windowSize) {
        browser.get("http://localhost:" + port + "/demo/shop?lang=" + lang + "&key=" + key);
        new Select(browser.findElement(By.id("window-size"))).selectByValue(windowSize);
        WebElement fields = wait.until(d -> d.findElement(By.cssSelector("#card-fields iframe")));
        browser.switchTo().frame(fields);
        wait.until(d -> d.findElement(By.id("card-number")).isDisplayed());
        browser.findElement(By.id("card-number")).sendKeys(pan);
        browser.findElement(By.id("card-expiry")).sendKeys(String.format("%02d%02d", DemoIssuer.EXPIRY.getMonthValue(),
                DemoIssuer.EXPIRY.getYear() % 100));
        browser.findElement(By.id("card-cvc")).sendKeys("123");
        browser.switchTo().defaultContent();
        browser.findElement(By.id("pay")).click();
    }

    private void assertNoCspViolations() {
        List<String> log = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
        assertThat(log).as("CSP violations reported by the browser")
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Content-Security-Policy"));
    }

    private String awaitOutcome() {
        return wait.until(d -> {
            String outcome = d.findElement(By.id("outcome")).getDomAttribute("data-outcome");
            return outcome == null || outcome.isEmpty() ? null : outcome;
        });
    }

    private JsonNode resultShown() {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(browser.findElement(By.id("received")).getText());
    }

    private String token() {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.body.getAttribute('data-token');");
    }

    private Map<String, Object> authenticationOf(String token) {
        return jdbc.sql("select status, trans_status, trans_status_reason, method_notified, comp_ind, acs_trans_id "
                + "from threeds.server_authentications where token = ?")
                .param(token).query().singleRow();
    }

    private JsonNode authorization(String id) {
        Api.Reply reply = api.get("/v1/authorizations/" + UUID.fromString(id), Api.withKey(OPERATOR_API_KEY));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private int authorizationsOf(String last4) {
        Api.Reply reply = api.get("/v1/authorizations?last4=" + last4 + "&limit=1000", Api.withKey(OPERATOR_API_KEY));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().size();
    }

    private static String card(DemoIssuer.Kind kind) {
        return DemoIssuer.CARDS.stream().filter(c -> c.kind() == kind).findFirst().orElseThrow().number();
    }

    /** A card of the demo issuer used by this test only: its first browser is new to it, so it is challenged. */
    private String freshCard(String email) {
        StringBuilder digits = new StringBuilder(DemoIssuer.BIN);
        while (digits.length() < 15) {
            digits.append(RANDOM.nextInt(10));
        }
        String pan = digits.append(luhnDigit(digits.toString())).toString();
        demoIssuer.openCard(issuer, pan, email);
        return pan;
    }

    private static int luhnDigit(String partial) {
        int sum = 0;
        for (int i = 0; i < partial.length(); i++) {
            int d = partial.charAt(partial.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    private static String wrong(String code) {
        Matcher m = Pattern.compile("\\d").matcher(code);
        StringBuilder other = new StringBuilder();
        while (m.find()) {
            other.append((Integer.parseInt(m.group()) + 1) % 10);
        }
        return other.toString();
    }
}
