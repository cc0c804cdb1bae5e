package dev.mamori.phishing.cases;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test inputs: mails, images and a fingerprint function shaped like the vault's (HMAC-SHA256, base64url). */
final class CaseFixtures {
    static final String PAN = "4111111111111111";
    static final String PAN_SPACED = "4111 1111 1111 1111";
    static final String PAN2 = "5555555555554444";

    private CaseFixtures() {
    }

    static byte[] resource(String name) {
        try (InputStream in = CaseFixtures.class.getResourceAsStream("/phishing/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HMAC-SHA256 over tenant and digits with a fixed test key. */
    static final CardFingerprinter FINGERPRINTER = (tenant, pan) -> hmac(tenant, pan.reveal(InsecurePanAccess.get()));

    static String hmac(TenantId tenant, String digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(("test-key-" + tenant).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
    static final byte[] WEBP = {'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};

    static ReportSubmission url(String url) {
        return new ReportSubmission(ReportType.URL, url, null, null, null, Reporter.CARDHOLDER, "call-centre", null, null, null);
    }

    static ReportSubmission sms(String text) {
        return new ReportSubmission(ReportType.SMS, null, text, null, null, Reporter.CARDHOLDER, "sms", null, null, null);
    }

    static ReportSubmission email(byte[] eml) {
        return new ReportSubmission(ReportType.EMAIL, null, null, eml, null, Reporter.CARDHOLDER, "mail", null, null, null);
    }
}
