package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import dev.mamori.vault.keys.KeyCheckValue;
import dev.mamori.common.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.StaleElementReferenceException;

/**
 * Drives the console in a real headless Chromium, as a person would: Japanese by default, a wrong
 * password, the right one, TOTP enrolment from the shown key, the dashboard in both languages, the
 * audit trail, and log out. Throughout, the browser must report no CSP violation and no JS error.
 *
 * <p>Uses only the Debian Chromium and chromedriver under {@code /usr/bin}; Selenium Manager is
 * never consulted (the build has no network). If the browser cannot start the test fails: CI
 * installs it, so a missing browser is a broken build, not a reason to skip.
 */
class ConsoleBrowserIT extends IntegrationTest {
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "console-dashboard.png");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ConsoleBrowser ui;
    private ChromeDriver browser;
    private WebDriverWait wait;

    private String username;
    private String password;

    @BeforeEach
    void createConsoleUser() {
        username = unique("browser");
        password = "Correct-Horse-" + System.nanoTime() + "-x";
        Api.Reply created = api.post("/v1/users", """
                {"username": "%s", "password": "%s", "roles": ["admin", "auditor"]}""".formatted(username, password),
                Api.withKey(OPERATOR_API_KEY));
        assertThat(created.status()).as("create console user: %s", created).isEqualTo(201);
    }

    @BeforeEach
    void startBrowser() throws IOException {
        ui = ConsoleBrowser.start(port, "ja", WAIT);
        browser = ui.browser;
        wait = ui.wait;
    }

    @AfterEach
    void quitBrowser() {
        if (ui != null) {
            ui.close();
        }
    }

    @Test
    void aNewUserEnrolsTotpSeesTheDashboardInBothLanguagesReadsTheAuditTrailAndLogsOut() {
        ui.open("/console");
        ui.waitForPath("/console/login");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ja");
        assertThat(ui.text(By.tagName("h1"))).isEqualTo("ログイン");
        assertThat(browser.findElements(By.id("login-error"))).isEmpty();

        logIn(password + "-wrong");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).contains("ログインできませんでした");
        assertThat(browser.getCurrentUrl()).endsWith("/console/login?error");

        logIn(password);
        ui.waitForPath("/console/mfa");
        assertThat(browser.findElement(By.id("enrolment")).isDisplayed()).isTrue();
        WebElement qr = browser.findElement(By.cssSelector("#enrolment img"));
        assertThat(qr.getDomProperty("src")).endsWith("/console/mfa/qr.svg");
        wait.until(driver -> Boolean.TRUE.equals(ui.js("return arguments[0].complete;", qr)));
        assertThat(((Number) ui.js("return arguments[0].naturalWidth;", qr)).intValue()).as("QR code loaded").isPositive();
        String secret = ui.text(By.id("totp-secret"));
        assertThat(secret).matches("[A-Z2-7]{32}");

        browser.findElement(By.id("code")).sendKeys(ConsoleBrowser.currentCode(secret));
        browser.findElement(By.id("mfa-submit")).click();
        ui.waitForPath("/console");
        assertThat(ui.text(By.id("dashboard-title"))).isEqualTo("ダッシュボード");
        assertThat(ui.text(By.id("tenant-name"))).isNotBlank();
        ui.collectLog();

        browser.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.textToBe(By.id("dashboard-title"), "Dashboard"));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        screenshot();
        ui.collectLog();

        browser.findElement(By.cssSelector("nav a[href='/console/audit']")).click();
        ui.waitForPath("/console/audit");
        assertThat(ui.text(By.id("chain-status"))).isEqualTo("Not verified yet.");
        // htmx verifies in place: the POST carries the CSRF token from console.js, or it would be refused.
        browser.findElement(By.id("verify-chain")).click();
        wait.ignoring(StaleElementReferenceException.class) // the fragment is being swapped
                .until(driver -> driver.findElement(By.id("chain-status")).getText().startsWith("Hash chain intact:"));
        assertThat(browser.findElement(By.id("chain-status")).getDomAttribute("class")).contains("ok");
        assertThat(browser.findElements(By.id("verified-at"))).hasSize(1);
        assertThat(browser.getCurrentUrl()).endsWith("/console/audit");
        List<String> myEvents = browser.findElements(By.cssSelector("table.events tbody tr")).stream()
                .map(WebElement::getText)
                .filter(row -> row.contains(username))
                .toList();
        assertThat(myEvents).anySatisfy(row -> assertThat(row).contains("auth.login.mfa").contains("success"));
        assertThat(myEvents).anySatisfy(row -> assertThat(row).contains("auth.login.password").contains("failure"));
        ui.collectLog();

        browser.findElement(By.id("logout")).click();
        ui.waitForPath("/console/login");
        assertThat(browser.getCurrentUrl()).endsWith("/console/login?logout");
        assertThat(browser.findElements(By.id("login-form"))).hasSize(1);
        ui.open("/console");
        ui.waitForPath("/console/login");
        assertThat(browser.findElements(By.id("dashboard-title"))).isEmpty();
        ui.collectLog();

        ui.assertNoCspViolationOrJsError();
    }

    /**
     * An operator admin opens the vault pages from the dashboard: rotates a tenant's keys (with the
     * confirmation step), watches the progress block poll itself, starts a key ceremony and submits
     * a component, then opens the tenant vault page. No CSP violation, no JS error.
     */
    @Test
    void anOperatorAdminUsesTheVaultPagesWithoutCspViolations() {
        TestTenant shop = Tenants.create(api, unique("browser-vault"));
        Api.Reply card = api.post("/v1/tokens", "{\"pan\":\"4539578763621486\",\"expiryMonth\":12,\"expiryYear\":"
                + (java.time.Year.now().getValue() + 1) + "}", Api.withKey(shop.key(Role.PSP)));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);

        ui.open("/console");
        ui.waitForPath("/console/login");
        logIn(password);
        ui.waitForPath("/console/mfa");
        browser.findElement(By.id("code")).sendKeys(ConsoleBrowser.currentCode(ui.text(By.id("totp-secret"))));
        browser.findElement(By.id("mfa-submit")).click();
        ui.waitForPath("/console");
        browser.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.textToBe(By.id("dashboard-title"), "Dashboard"));

        browser.findElement(By.id("nav-vault-keys")).click();
        ui.waitForPath("/console/vault/keys");
        assertThat(ui.text(By.id("keys-title"))).isEqualTo("Key management");
        assertThat(browser.findElements(By.cssSelector("#master-keys .tag.current"))).hasSize(1);
        ui.collectLog();

        browser.findElement(By.cssSelector("a[href='/console/vault/keys/tenants/" + shop.id() + "/rotate']")).click();
        ui.waitForPath("/console/vault/keys/tenants/" + shop.id() + "/rotate");
        assertThat(ui.text(By.id("confirm-question"))).contains(shop.id());
        browser.findElement(By.id("confirm-rotate")).click();
        ui.waitForPath("/console/vault/keys");
        assertThat(ui.text(By.id("notice"))).startsWith("Keys of ");
        WebElement rotations = browser.findElement(By.id("rotations"));
        if (rotations.getDomAttribute("hx-trigger") != null) {
            // htmx replaces the block with a fresh copy every 2 s: the marked element goes away.
            ui.js("arguments[0].setAttribute('data-seen', 'yes');", rotations);
            wait.until(driver -> driver.findElements(By.cssSelector("#rotations[data-seen]")).isEmpty()
                    && !driver.findElements(By.id("rotations")).isEmpty());
        }
        assertThat(browser.findElements(By.cssSelector("#rotations progress"))).isNotEmpty();
        ui.collectLog();

        WebElement components = browser.findElement(By.id("components"));
        components.clear();
        components.sendKeys("2");
        browser.findElement(By.id("start-ceremony-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Key ceremony started"));
        WebElement ceremony = browser.findElement(By.cssSelector("article.ceremony[data-state='open']"));
        WebElement component = ceremony.findElement(By.name("component"));
        assertThat(component.getDomAttribute("type")).isEqualTo("password");
        assertThat(component.getDomAttribute("autocomplete")).isEqualTo("off");
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        component.sendKeys(java.util.HexFormat.of().formatHex(bytes));
        ceremony.findElement(By.name("checkValue")).sendKeys(KeyCheckValue.of(bytes));
        ceremony.findElement(By.cssSelector("button.submit-component")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Component accepted: 1 of 2"));
        ui.collectLog();

        ui.open("/console");
        browser.findElement(By.id("nav-vault")).click();
        ui.waitForPath("/console/vault");
        assertThat(browser.findElements(By.id("policy-form"))).hasSize(1);
        assertThat(browser.findElements(By.id("role-merchant"))).isEmpty();
        ui.collectLog();

        ui.assertNoCspViolationOrJsError();
    }

    @Test
    void theLoginPageForbidsInlineScriptAndFraming() {
        Api.Reply page = api.get("/console/login");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    }

    private void logIn(String withPassword) {
        WebElement user = browser.findElement(By.id("username"));
        user.clear();
        user.sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(withPassword);
        browser.findElement(By.id("login-submit")).click();
    }

    private void screenshot() {
        try {
            Files.createDirectories(SCREENSHOT.getParent());
            Path taken = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(taken, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
