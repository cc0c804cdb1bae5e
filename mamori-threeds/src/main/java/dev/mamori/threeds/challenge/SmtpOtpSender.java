package dev.mamori.threeds.challenge;

import dev.mamori.threeds.challenge.internal.OtpTexts;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/**
 * Sends one-time passwords by e-mail over SMTP (Jakarta Mail with Eclipse Angus): plain text in
 * UTF-8, in the cardholder's language, with the merchant, amount, the card's last four digits and
 * the expiry.
 */
public final class SmtpOtpSender implements OtpSender {
    private static final String TIMEOUT_MILLIS = "10000";
    private final SmtpSettings settings;
    private final Session session;

    public SmtpOtpSender(SmtpSettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.auth", Boolean.toString(settings.username() != null));
        p.put("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
        // A hanging mail server must not hold the cardholder's challenge page for minutes.
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        p.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        this.session = Session.getInstance(p);
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public void send(OtpMessage message) throws OtpDeliveryException {
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(settings.from(), true));
            mail.setRecipient(Message.RecipientType.TO, new InternetAddress(message.destination(), true));
            mail.setSubject(OtpTexts.subject(message), "UTF-8");
            mail.setText(OtpTexts.emailBody(message), "UTF-8");
            mail.setHeader("Content-Language", OtpTexts.japanese(message.locale()) ? "ja" : "en");
            mail.setHeader("Auto-Submitted", "auto-generated");
            mail.setSentDate(new Date());
            if (settings.username() != null) {
                Transport.send(mail, settings.username(), settings.password());
            } else {
                Transport.send(mail);
            }
        } catch (MessagingException e) {
            // The exception names the server, not the message's text.
            throw new OtpDeliveryException("SMTP delivery to " + settings.host() + ":" + settings.port() + " failed: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "SmtpOtpSender[" + settings + "]";
    }
}
