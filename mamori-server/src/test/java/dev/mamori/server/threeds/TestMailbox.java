package dev.mamori.server.threeds;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real SMTP server (GreenMail on a free TCP port) for tests that read the one-time passwords the
 * running server e-mails. One per test JVM, so every test class that registers it shares one Spring
 * context. Use:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void mail(DynamicPropertyRegistry registry) { TestMailbox.shared().register(registry); }
 * ...
 * int before = TestMailbox.shared().count("taro@example.jp");
 * // start the challenge
 * String otp = TestMailbox.shared().awaitOtp("taro@example.jp", before);
 * }</pre>
 */
public final class TestMailbox {
    private static final Pattern OTP = Pattern.compile("(?:ワンタイムパスワード|One-time password): ([0-9]{6})");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestMailbox shared;

    private final GreenMail greenMail;

    private TestMailbox() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
    }

    /** The JVM's mailbox, started on first use. */
    public static synchronized TestMailbox shared() {
        if (shared == null) {
            shared = new TestMailbox();
        }
        return shared;
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Points {@code mamori.threeds.challenge.smtp.*} at this mailbox (no STARTTLS, no login). */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("mamori.threeds.challenge.smtp.host", () -> "127.0.0.1");
        registry.add("mamori.threeds.challenge.smtp.port", this::port);
        registry.add("mamori.threeds.challenge.smtp.starttls", () -> "false");
        registry.add("mamori.threeds.challenge.smtp.from", () -> "Mamori ACS <acs@mamori.test>");
    }

    /** The messages received for {@code address}, oldest first. */
    public List<MimeMessage> messagesTo(String address) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                Address[] to = m.getAllRecipients();
                if (to != null) {
                    for (Address a : to) {
                        if (a.toString().equalsIgnoreCase(address)) {
                            out.add(m);
                        }
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public int count(String address) {
        return messagesTo(address).size();
    }

    /** The code of the newest message to {@code address}, waiting up to 20 s for one to arrive. */
    public String lastOtp(String address) {
        return awaitOtp(address, 0);
    }

    /** The code of the newest message once more than {@code countBefore} messages reached {@code address}. */
    public String awaitOtp(String address, int countBefore) {
        return otpOf(awaitMessage(address, countBefore));
    }

    /** The newest message once more than {@code countBefore} reached {@code address}. */
    public MimeMessage awaitMessage(String address, int countBefore) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            List<MimeMessage> messages = messagesTo(address);
            if (messages.size() > countBefore) {
                return messages.get(messages.size() - 1);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no new e-mail to " + address + " within " + WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** The plain-text body of a message. */
    public static String text(MimeMessage message) {
        try {
            return (String) message.getContent();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String otpOf(MimeMessage message) {
        Matcher m = OTP.matcher(text(message));
        if (!m.find()) {
            throw new AssertionError("no one-time password in the message");
        }
        return m.group(1);
    }
}
