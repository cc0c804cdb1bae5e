package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.IntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An issuer's fraud analyst (who is also the tenant's admin) works the authorization host's console
 * pages in a real headless Chromium: searches the log, opens a decision and the card's timeline,
 * blocks the card, edits a rule with an error until it compiles, saves it, runs it in shadow and
 * reads the shadow results, adds a delivery address to the block list and removes it. The browser
 * must report no CSP violation and no JS error throughout, and show no card number.
 */
class RiskConsoleBrowserIT extends IntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ADDRESS = "東京都千代田区丸の内一丁目1番1号";

    private ConsoleBrowser ui;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private RiskConsoleFixture issuer;
    private String username;
    private String cardId;
    private String pan;

    @BeforeEach
    void issuerWithTraffic() {
        issuer = new RiskConsoleFixture(api, port, unique("risk-browser"));
        String[] card = issuer.openCard(100_000);
        pan = card[0];
        cardId = card[1];
        String[] other = issuer.openCard(100_000);
        issuer.authorize(pan, 1_500, ",\"ec\":{\"deviceId\":\"dev-browser-1\"}");
        issuer.authorize(pan, 200_000, "");
        issuer.authorize(other[0], 3_000, "");
        issuer.activate(issuer.saveRules("rule \"big\" when amount > 50000 then decline \"big-amount\" code 61"));
        username = unique("analyst");
        issuer.createUser(username, "analyst", "admin");
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
    void anAnalystSearchesTheLogBlocksACardEditsAndShadowsARuleAndManagesTheBlockList() {
        ui.open("/console");
        ui.waitForPath("/console/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(RiskConsoleFixture.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        ui.waitForPath("/console/mfa");
        browser.findElement(By.id("code")).sendKeys(ConsoleBrowser.currentCode(ui.text(By.id("totp-secret"))));
        browser.findElement(By.id("mfa-submit")).click();
        ui.waitForPath("/console");
        assertThat(ui.text(By.id("nav-risk-log"))).isEqualTo("オーソリ");
        browser.findElement(By.id("nav-risk-log")).click();
        ui.waitForPath("/console/risk/authorizations");
        assertThat(ui.text(By.id("log-title"))).isEqualTo("オーソリログ");
        browser.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.textToBe(By.id("log-title"), "Authorization log"));
        assertThat(browser.findElements(By.cssSelector("#decisions tbody tr.clickable"))).hasSize(3);
        ui.collectLog();

        // Search by the card's last four digits: only its two decisions remain, newest (the over-limit one) first.
        browser.findElement(By.id("q-last4")).sendKeys(pan.substring(12));
        browser.findElement(By.id("search-submit")).click();
        wait.until(driver -> driver.getCurrentUrl().contains("last4=" + pan.substring(12)));
        List<WebElement> rows = browser.findElements(By.cssSelector("#decisions tbody tr.clickable"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("51").contains("200,000 JPY").contains("over-limit");
        assertThat(rows.get(1).getText()).contains("00").contains("1,500 JPY").contains("…" + pan.substring(12));
        ui.collectLog();

        // A click anywhere on the row (here: the amount cell) opens the decision.
        rows.get(1).findElement(By.cssSelector("td.num")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decision-title")));
        assertThat(ui.text(By.id("decision-rc"))).isEqualTo("00");
        assertThat(browser.findElement(By.id("decision")).getText()).contains("dev-browser-1");
        browser.findElement(By.id("decision-card")).click();
        ui.waitForPath("/console/risk/cards/" + cardId);
        assertThat(browser.findElement(By.id("card-status")).getDomAttribute("data-status")).isEqualTo("active");
        assertThat(browser.findElements(By.cssSelector("#decisions tbody tr.clickable"))).hasSize(2);
        assertThat(ui.text(By.id("card-otb"))).isEqualTo("98,500 JPY");
        ui.collectLog();

        new Select(browser.findElement(By.id("status"))).selectByValue("blocked");
        browser.findElement(By.id("status-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Status changed to Blocked."));
        assertThat(browser.findElement(By.id("card-status")).getDomAttribute("data-status")).isEqualTo("blocked");
        assertThat(issuer.authorize(pan, 100, "").json().get("responseCode").asString()).isEqualTo("62");
        ui.collectLog();

        // The rules editor: an error shown with its line and column (htmx, in place), then fixed, saved, shadowed.
        browser.findElement(By.id("nav-risk-rules")).click();
        ui.waitForPath("/console/risk/rules");
        WebElement source = browser.findElement(By.id("rule-source"));
        assertThat(source.getDomProperty("value")).contains("rule \"big\"");
        source.clear();
        source.sendKeys("rule \"small\" when amount < 2000\nthen declne \"tiny\"");
        browser.findElement(By.id("validate-rules")).click();
        wait.ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.id("check-status")).getText().startsWith("Does not compile"));
        WebElement error = browser.findElement(By.cssSelector("#rule-errors li.rule-error"));
        assertThat(error.getDomAttribute("data-line")).isEqualTo("2");
        assertThat(error.getDomAttribute("data-column")).isEqualTo("6");
        assertThat(error.getText()).contains("line 2, column 6").contains("Syntax error");
        assertThat(browser.getCurrentUrl()).endsWith("/console/risk/rules");
        error.findElement(By.cssSelector("button.position")).click();
        assertThat(ui.js("return document.activeElement.id;")).isEqualTo("rule-source");
        assertThat(((Number) ui.js("return document.getElementById('rule-source').selectionStart;")).intValue())
                .as("caret at line 2, column 6").isEqualTo("rule \"small\" when amount < 2000\n".length() + 5);
        ui.collectLog();

        source = browser.findElement(By.id("rule-source"));
        source.clear();
        source.sendKeys("rule \"small\" when amount < 2000\nthen decline \"tiny\"");
        browser.findElement(By.id("validate-rules")).click();
        wait.ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.id("check-status")).getText().equals("Compiles: 1 rule(s)."));
        browser.findElement(By.id("rule-note")).sendKeys("small-amount probes");
        browser.findElement(By.id("save-rules")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "(draft)"));
        String version = ui.text(By.id("notice")).replaceAll("\\D+", " ").trim().split(" ")[0];
        WebElement row = browser.findElement(By.cssSelector("#versions tr[data-version='" + version + "']"));
        assertThat(row.getDomAttribute("data-status")).isEqualTo("draft");
        assertThat(row.getText()).contains("small-amount probes").contains(username);
        row.findElement(By.cssSelector("button.run-shadow")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "now runs in shadow"));
        assertThat(browser.findElement(By.cssSelector("#versions tr[data-version='" + version + "']")).getDomAttribute("data-status"))
                .isEqualTo("shadow");
        ui.collectLog();

        String[] fresh = issuer.openCard(100_000);
        issuer.authorize(fresh[0], 1_000, "");
        issuer.authorize(fresh[0], 1_800, "");
        issuer.authorize(fresh[0], 60_000, ""); // declined live by "big"; not flagged by the shadow rule
        new Select(browser.findElement(By.id("hours"))).selectByValue("1");
        browser.findElement(By.id("period-submit")).click();
        wait.until(driver -> driver.getCurrentUrl().contains("hours=1"));
        assertThat(ui.text(By.id("sr-flagged"))).isEqualTo("2");
        assertThat(ui.text(By.id("sr-approved"))).isEqualTo("2");
        assertThat(ui.text(By.id("sr-new-declines"))).isEqualTo("2");
        assertThat(browser.findElement(By.cssSelector("#shadow-rules tr[data-rule='small']")).getText()).contains("small decline tiny 2 2");
        assertThat(ui.text(By.id("shadow-summary"))).contains("2 would have been new declines");
        ui.collectLog();

        // Block list: a delivery address, shown as entered; then removed.
        browser.findElement(By.id("nav-risk-lists")).click();
        ui.waitForPath("/console/risk/lists");
        assertThat(ui.text(By.id("address-note"))).contains("normalized");
        new Select(browser.findElement(By.id("list-kind"))).selectByValue("ip");
        browser.findElement(By.id("list-value")).sendKeys("999.1.1.1");
        browser.findElement(By.id("list-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("list-value-error")));
        // The refused form comes back with 400, which the browser reports; that one line is expected.
        ui.collectLogExpecting("/console/risk/lists - Failed to load resource: the server responded with a status of 400");
        assertThat(new Select(browser.findElement(By.id("list-kind"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("ip");
        new Select(browser.findElement(By.id("list-kind"))).selectByValue("delivery-address");
        new Select(browser.findElement(By.id("list-type"))).selectByValue("block");
        WebElement value = browser.findElement(By.id("list-value"));
        value.clear();
        value.sendKeys(ADDRESS);
        browser.findElement(By.id("list-reason")).sendKeys("drop address");
        browser.findElement(By.id("list-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Entry added."));
        WebElement entry = browser.findElement(By.cssSelector("#entries tr[data-kind='delivery-address']"));
        assertThat(entry.findElement(By.cssSelector("td.value")).getText()).isEqualTo(ADDRESS);
        assertThat(entry.getText()).contains("drop address").contains(username);
        entry.findElement(By.cssSelector("button.remove-entry")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Entry removed."));
        assertThat(browser.findElements(By.cssSelector("#entries tr[data-kind='delivery-address']"))).isEmpty();
        ui.collectLog();

        ui.open("/console/risk/authorizations");
        assertThat(browser.getPageSource()).doesNotContain(pan).doesNotContain(fresh[0]);
        ui.collectLog();
        ui.assertNoCspViolationOrJsError();
    }

}
