package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Totp;
import dev.mamori.server.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.binary.Base32;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the console's browser tests share: a headless Chromium pointed at the test server, page
 * navigation that waits for the page to load, the TOTP code an authenticator app would show, and
 * the browser's console log, which must show no CSP violation and no JS error.
 */
final class ConsoleBrowser implements AutoCloseable {
    final HeadlessChromium chromium;
    final ChromeDriver browser;
    final WebDriverWait wait;
    private final int port;
    /** Everything the browser console reported, as "LEVEL message", collected page by page. */
    private final List<String> log = new ArrayList<>();

    private ConsoleBrowser(HeadlessChromium chromium, int port, Duration timeout) {
        this.chromium = chromium;
        this.browser = chromium.driver();
        this.wait = new WebDriverWait(browser, timeout);
        this.port = port;
    }

    /** Chromium in {@code language} (Accept-Language) against the server on {@code port}. */
    static ConsoleBrowser start(int port, String language, Duration timeout) throws IOException {
        return new ConsoleBrowser(HeadlessChromium.start(language), port, timeout);
    }

    void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    /** Waits until the browser shows {@code path} (query string ignored) and the page has loaded. */
    void waitForPath(String path) {
        String prefix = "http://localhost:" + port + path;
        wait.until(driver -> {
            String url = driver.getCurrentUrl();
            return url.equals(prefix) || url.startsWith(prefix + "?");
        });
        wait.until(driver -> "complete".equals(js("return document.readyState;")));
    }

    String text(By locator) {
        return browser.findElement(locator).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** What an authenticator app shows right now for the enrolled key. */
    static String currentCode(String base32Secret) {
        Totp totp = Totp.authenticatorApp();
        return totp.code(new Base32().decode(base32Secret), totp.step(Instant.now()));
    }

    /** Reads (and so drains) the browser's console log. */
    void collectLog() {
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            log.add(entry.getLevel() + " " + entry.getMessage());
        }
    }

    /** Like {@link #collectLog}, where the page must have reported {@code expected}, which is then not held against it. */
    void collectLogExpecting(String expected) {
        List<String> lines = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            lines.add(entry.getLevel() + " " + entry.getMessage());
        }
        assertThat(lines).anyMatch(line -> line.contains(expected));
        lines.removeIf(line -> line.contains(expected));
        log.addAll(lines);
    }

    void assertNoCspViolationOrJsError() {
        assertThat(log).as("CSP violations reported by the browser")
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Content-Security-Policy"));
        assertThat(log).as("JS errors and failed loads reported by the browser")
                .filteredOn(line -> !line.startsWith("INFO") && !line.startsWith("FINE") && !line.startsWith("CONFIG"))
                .isEmpty();
    }

    @Override
    public void close() {
        chromium.close();
    }
}
