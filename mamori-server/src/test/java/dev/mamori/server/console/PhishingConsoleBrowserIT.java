package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.mail.MessageAuthenticatorTest;
import dev.mamori.server.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A card company's anti-phishing analyst works every anti-phishing page in a real headless
 * Chromium: checks a received .eml (picked as a file, read into the form by the page's script),
 * registers a brand domain and reads its posture, uploads a DMARC aggregate report and sees who
 * sends in the domain's name, and reports an SMS into a case it confirms. The browser must report
 * no CSP violation and no JS error throughout.
 */
class PhishingConsoleBrowserIT extends IntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path files;

    private ConsoleBrowser ui;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private String username;

    @BeforeEach
    void analyst() throws IOException {
        RiskConsoleFixture tenant = new RiskConsoleFixture(api, port, unique("phishing-browser"));
        username = unique("analyst");
        tenant.createUser(username, "analyst", "admin");
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
    void anAnalystChecksAMessageReadsAPostureUploadsADmarcReportAndOpensACase() throws IOException {
        ui.open("/console");
        ui.waitForPath("/console/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(RiskConsoleFixture.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        ui.waitForPath("/console/mfa");
        browser.findElement(By.id("code")).sendKeys(ConsoleBrowser.currentCode(ui.text(By.id("totp-secret"))));
        browser.findElement(By.id("mfa-submit")).click();
        ui.waitForPath("/console");
        assertThat(ui.text(By.id("nav-phishing"))).isEqualTo("フィッシング対策");
        browser.findElement(By.id("nav-phishing")).click();
        ui.waitForPath("/console/phishing");
        assertThat(ui.text(By.id("phishing-title"))).isEqualTo("フィッシング対策");
        browser.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.textToBe(By.id("phishing-title"), "Anti-phishing"));
        ui.collectLog();

        // Check a message: the .eml is picked as a file; phishing.js reads it into the form.
        browser.findElement(By.id("tab-messages")).click();
        ui.waitForPath("/console/phishing/messages");
        Path eml = files.resolve("genuine.eml");
        Files.writeString(eml, MessageAuthenticatorTest.RFC8463.replace("\n", "\r\n"), StandardCharsets.US_ASCII);
        browser.findElement(By.name("ip")).sendKeys("192.0.2.25");
        browser.findElement(By.name("helo")).sendKeys("mx.football.example.com");
        browser.findElement(By.name("mailFrom")).sendKeys("joe@football.example.com");
        browser.findElement(By.id("message-file")).sendKeys(eml.toString());
        wait.until(driver -> String.valueOf(ui.js("return document.getElementById('message-source').value;")).contains("From: Joe SixPack"));
        browser.findElement(By.cssSelector("#message-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dmarc-ok")));
        assertThat(ui.text(By.id("authentication-results"))).contains("spf=pass").contains("dkim=pass").contains("dmarc=pass");
        assertThat(browser.findElements(By.cssSelector("#verdicts tr[data-check=DKIM]"))).hasSize(2);
        ui.collectLog();

        // Domain posture: register a domain of the test zones, check it, read its findings.
        ui.open("/console/phishing/domains");
        ui.waitForPath("/console/phishing/domains");
        browser.findElement(By.id("domain-name")).sendKeys("posture-weak.test");
        browser.findElement(By.id("domain-label")).sendKeys("Weak Brand");
        browser.findElement(By.id("domain-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        browser.findElement(By.linkText("posture-weak.test")).click();
        ui.waitForPath("/console/phishing/domains/posture-weak.test");
        if (!browser.findElements(By.id("check-now")).isEmpty()) {
            browser.findElement(By.id("check-now")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("domain-grade")));
        }
        assertThat(ui.text(By.id("domain-grade"))).isNotBlank();
        assertThat(ui.text(By.id("findings"))).isNotBlank();
        ui.collectLog();

        // DMARC aggregate reports: upload a report for a registered domain, read the senders.
        ui.open("/console/phishing/domains");
        ui.waitForPath("/console/phishing/domains");
        browser.findElement(By.id("domain-name")).sendKeys("mamori-card.test");
        browser.findElement(By.id("domain-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        ui.open("/console/phishing/dmarc");
        ui.waitForPath("/console/phishing/dmarc");
        Path report = files.resolve("google-mamori.xml");
        try (InputStream in = getClass().getResourceAsStream("/dmarc-reports/google-mamori.xml")) {
            Files.write(report, in.readAllBytes());
        }
        browser.findElement(By.id("dmarc-files")).sendKeys(report.toString());
        browser.findElement(By.id("upload-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("outcomes")));
        assertThat(ui.text(By.id("outcomes"))).contains("google-mamori.xml");
        ui.open("/console/phishing/dmarc?domain=mamori-card.test&from=2026-11-01&to=2026-11-10");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sources")));
        assertThat(ui.text(By.id("sources"))).contains("192.0.2.10");
        assertThat(browser.findElements(By.cssSelector("#daily-chart rect"))).isNotEmpty();
        ui.collectLog();

        // Phishing reports: an SMS with a defanged link becomes a case the analyst confirms.
        ui.open("/console/phishing/cases");
        ui.waitForPath("/console/phishing/cases");
        new Select(browser.findElement(By.id("intake-type"))).selectByValue("sms");
        browser.findElement(By.id("intake-text")).sendKeys("【まもりカード】ご利用確認のため hxxps://mamori-card-login[.]example/verify へ");
        browser.findElement(By.id("intake-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("case-status")));
        assertThat(ui.text(By.id("urls"))).contains("mamori-card-login[.]example");
        browser.findElement(By.cssSelector(".status-button[data-status=confirmed]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("case-status"), "Confirmed"));
        assertThat(ui.text(By.id("warning-ja"))).contains("mamori-card-login[.]example");
        ui.collectLog();
        ui.assertNoCspViolationOrJsError();
    }

}
