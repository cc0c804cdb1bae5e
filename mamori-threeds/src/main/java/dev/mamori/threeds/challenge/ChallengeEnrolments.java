package dev.mamori.threeds.challenge;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.challenge.internal.Base32;
import dev.mamori.threeds.challenge.internal.EnrolmentStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which challenge methods each card of an issuer tenant is enrolled for. The TOTP secret is made
 * here, sealed at once, and shown once: as the otpauth:// URI of {@link Result#totpUri()}.
 */
public final class ChallengeEnrolments {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._:-]{8,200}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final int TOTP_SECRET_BYTES = 20;

    /**
     * The enrolment after a change.
     *
     * @param totpUri the otpauth:// URI of a newly made authenticator-app secret (shown once), else null
     */
    public record Result(Enrolment enrolment, boolean created, String totpUri) {
        @Override
        public String toString() {
            return "ChallengeEnrolments.Result[" + enrolment + (totpUri == null ? "" : " totpUri=***") + "]";
        }
    }

    private final EnrolmentStore store;
    private final SecretSealer sealer;
    private final ChallengeSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ChallengeEnrolments(EnrolmentStore store, SecretSealer sealer, ChallengeSettings settings, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.settings = settings;
        this.clock = clock;
    }

    /** The binding of a sealed TOTP secret: it opens only for this tenant and card. */
    static String totpContext(TenantId tenant, String fingerprint) {
        return "threeds-totp/" + tenant + "/" + fingerprint;
    }

    /**
     * Enrols a card or changes its enrolment: a non-null field sets that method, an empty string
     * removes it ({@code totp: false} removes the authenticator app).
     *
     * @throws InvalidEnrolmentException naming the field and rule, e.g. {@code phone}/{@code e164}
     */
    public Result enrol(TenantId tenant, String fingerprint, String last4, EnrolmentChange change) {
        if (last4 == null || !LAST4.matcher(last4).matches()) {
            throw new InvalidEnrolmentException("pan", "digits", "the card's last four digits are required");
        }
        String email = checked(change.email(), "email");
        String phone = checked(change.phone(), "phone");
        String device = checked(change.oobDevice(), "oobDevice");
        Optional<EnrolmentStore.Row> existing = store.find(tenant, fingerprint);
        Instant now = clock.instant();
        boolean newSecret = Boolean.TRUE.equals(change.totp());
        String totpUri = null;
        String sealed = existing.map(EnrolmentStore.Row::sealedTotpSecret).orElse(null);
        if (Boolean.FALSE.equals(change.totp())) {
            sealed = null;
        }
        Enrolment before = existing.map(EnrolmentStore.Row::enrolment).orElse(null);
        Enrolment after = new Enrolment(tenant, fingerprint, last4,
                merge(change.email(), email, before == null ? null : before.email()),
                merge(change.phone(), phone, before == null ? null : before.phone()),
                newSecret || sealed != null,
                merge(change.oobDevice(), device, before == null ? null : before.oobDevice()),
                before == null ? now : before.createdAt(), now);
        if (after.methods().isEmpty()) {
            throw new InvalidEnrolmentException("email", "one-required", "give at least one of email, phone, totp or oobDevice");
        }
        if (newSecret) {
            byte[] secret = new byte[TOTP_SECRET_BYTES];
            random.nextBytes(secret);
            sealed = sealer.seal(secret, totpContext(tenant, fingerprint));
            totpUri = otpauthUri(Base32.encode(secret), last4);
            Arrays.fill(secret, (byte) 0);
        }
        if (existing.isPresent()) {
            store.update(after, sealed, newSecret);
            return new Result(after, false, totpUri);
        }
        try {
            store.insert(after, sealed);
            return new Result(after, true, totpUri);
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                // Another request enrolled the card at the same moment: this one's values win, as a later update would.
                store.update(after, sealed, newSecret);
                return new Result(after, false, totpUri);
            }
            throw e;
        }
    }

    public Optional<Enrolment> find(TenantId tenant, String fingerprint) {
        return store.find(tenant, fingerprint).map(EnrolmentStore.Row::enrolment);
    }

    /** @return false when the card was not enrolled */
    public boolean delete(TenantId tenant, String fingerprint) {
        return store.delete(tenant, fingerprint);
    }

    private String otpauthUri(String base32, String last4) {
        String issuer = encode(settings.totpIssuer());
        String label = encode(settings.totpIssuer() + ":card " + last4);
        return "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + issuer + "&algorithm=SHA1&digits=6&period=30";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The trimmed value, "" to remove, null to keep; the rule it broke otherwise. */
    private static String checked(String value, String field) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return "";
        }
        switch (field) {
            case "email" -> {
                if (v.length() > 254 || !EMAIL.matcher(v).matches()) {
                    throw new InvalidEnrolmentException(field, "format", "email must be an e-mail address such as name@example.com");
                }
            }
            case "phone" -> {
                if (!E164.matcher(v).matches()) {
                    throw new InvalidEnrolmentException(field, "e164", "phone must be an E.164 mobile number such as +819012345678");
                }
            }
            default -> {
                if (!DEVICE.matcher(v).matches()) {
                    throw new InvalidEnrolmentException(field, "format",
                            "oobDevice must be 8 to 200 letters, digits or . _ : - (the issuer app's registration id)");
                }
            }
        }
        return v;
    }

    private static String merge(String given, String checked, String before) {
        if (given == null) {
            return before;
        }
        return checked.isEmpty() ? null : checked;
    }
}
