package dev.mamori.server.identity;

import dev.mamori.common.Totp;
import dev.mamori.server.audit.AuditEvent;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.AuditTrail;
import dev.mamori.server.config.MamoriProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The two factors of a console login: password, then a TOTP code from an authenticator app
 * (PCI DSS 8.4.2). Both count towards the lockout; every attempt is audited.
 */
@Service
public class ConsoleLogin {
    /** How a failed login with a username that does not exist appears in the audit trail. */
    public static final String UNKNOWN_USER = "(unknown user)";
    /** Accepts the code of the previous and next 30-second step, for clock drift. */
    private static final int TOTP_WINDOW = 1;

    public enum Result { ACCEPTED, REJECTED, LOCKED }

    public record PasswordCheck(Result result, UserAccount account) {}

    /** A TOTP secret being enrolled: shown once to the user as text and as a QR code. */
    public record Enrolment(String base32Secret, String otpauthUri) {
        @Override
        public String toString() {
            return "Enrolment[secret hidden]";
        }
    }

    private final UserRepository users;
    private final TotpSecrets totpSecrets;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final Clock clock;
    private final MamoriProperties.Security settings;
    private final Totp totp = Totp.authenticatorApp();
    private final SecureRandom random = new SecureRandom();
    // Compared against when the user does not exist, so the time taken does not reveal that.
    private final String dummyHash;

    ConsoleLogin(UserRepository users, TotpSecrets totpSecrets, PasswordEncoder passwords, AuditTrail audit, Clock clock,
                 MamoriProperties properties) {
        this.users = users;
        this.totpSecrets = totpSecrets;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.settings = properties.security();
        this.dummyHash = passwords.encode("not-a-real-password-0");
    }

    public PasswordCheck checkPassword(String username, String typed, String origin) {
        Instant now = clock.instant();
        // bcrypt refuses more than 72 bytes; no valid password is longer (PasswordPolicy), so it is wrong.
        String password = typed != null && typed.getBytes(StandardCharsets.UTF_8).length <= PasswordPolicy.MAX_BYTES ? typed : null;
        Optional<UserAccount> found = username == null ? Optional.empty() : users.findByUsername(username);
        if (found.isEmpty()) {
            passwords.matches(password == null ? "" : password, dummyHash);
            // The name typed is not recorded: people type their password into the username box.
            record(null, UNKNOWN_USER, AuditEventTypes.LOGIN_PASSWORD, AuditEvent.Outcome.FAILURE, origin, "unknown username");
            return new PasswordCheck(Result.REJECTED, null);
        }
        UserAccount user = found.get();
        if (!user.enabled() || user.lockedAt(now)) {
            passwords.matches(password == null ? "" : password, dummyHash); // same time as an unlocked account
            record(user, username, AuditEventTypes.LOGIN_PASSWORD, AuditEvent.Outcome.FAILURE, origin,
                    user.enabled() ? "account locked" : "account disabled");
            return new PasswordCheck(Result.LOCKED, null);
        }
        if (password == null || !passwords.matches(password, user.passwordHash())) {
            return failed(user, origin, AuditEventTypes.LOGIN_PASSWORD, "bad credentials");
        }
        record(user, username, AuditEventTypes.LOGIN_PASSWORD, AuditEvent.Outcome.SUCCESS, origin, "password accepted, second factor required");
        return new PasswordCheck(Result.ACCEPTED, user);
    }

    /** Starts TOTP enrolment for a user who has not finished it, or shows the pending one again. */
    public Enrolment startEnrolment(UUID userId) {
        UserAccount user = users.findById(userId).orElseThrow();
        if (user.totpEnabled()) {
            throw new IllegalStateException("TOTP already enrolled");
        }
        // A pending secret is kept until the first code confirms it, so reloading the page does
        // not invalidate a QR code the user has already scanned.
        String sealed = user.totpSecret();
        if (sealed == null) {
            byte[] secret = new byte[20];
            random.nextBytes(secret);
            users.setPendingTotpSecret(userId, totpSecrets.seal(userId, new Base32().encodeToString(secret).replace("=", "")));
            sealed = users.findById(userId).orElseThrow().totpSecret(); // whichever tab won
        }
        String base32 = totpSecrets.open(userId, sealed);
        String label = URLEncoder.encode(settings.totpIssuer() + ":" + user.username(), StandardCharsets.UTF_8).replace("+", "%20");
        String issuer = URLEncoder.encode(settings.totpIssuer(), StandardCharsets.UTF_8).replace("+", "%20");
        return new Enrolment(base32, "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + issuer
                + "&algorithm=SHA1&digits=6&period=30");
    }

    /** Checks the second factor; the first accepted code also completes enrolment. */
    public Result verifyTotp(UUID userId, String code, String origin) {
        Instant now = clock.instant();
        UserAccount user = users.findById(userId).orElseThrow();
        if (!user.enabled() || user.lockedAt(now)) {
            record(user, user.username(), AuditEventTypes.LOGIN_MFA, AuditEvent.Outcome.FAILURE, origin, "account locked");
            return Result.LOCKED;
        }
        if (user.totpSecret() == null) {
            return failed(user, origin, AuditEventTypes.LOGIN_MFA, "no TOTP secret enrolled").result();
        }
        byte[] key = new Base32().decode(totpSecrets.open(user.id(), user.totpSecret()));
        OptionalLong step = totp.matchingStep(key, code == null ? null : code.trim(), now, TOTP_WINDOW);
        if (step.isEmpty()) {
            return failed(user, origin, AuditEventTypes.LOGIN_MFA, "wrong code").result();
        }
        if (!users.useTotpStep(user.id(), step.getAsLong())) {
            return failed(user, origin, AuditEventTypes.LOGIN_MFA, "code already used").result();
        }
        users.resetFailures(user.id());
        if (!user.totpEnabled()) {
            record(user, user.username(), AuditEventTypes.MFA_ENROLLED, AuditEvent.Outcome.SUCCESS, origin, "TOTP authenticator enrolled");
        }
        record(user, user.username(), AuditEventTypes.LOGIN_MFA, AuditEvent.Outcome.SUCCESS, origin, "logged in");
        return Result.ACCEPTED;
    }

    public Optional<UserAccount> user(UUID userId) {
        return users.findById(userId);
    }

    private PasswordCheck failed(UserAccount user, String origin, String type, String reason) {
        Instant now = clock.instant();
        int attempts = users.countFailure(user.id(), now, settings.maxFailedLogins(), now.plus(settings.lockoutDuration()));
        record(user, user.username(), type, AuditEvent.Outcome.FAILURE, origin, reason + " (attempt " + attempts + ")");
        if (attempts >= settings.maxFailedLogins()) {
            if (attempts == settings.maxFailedLogins()) { // the attempt that locked it; parallel ones after it only count
                record(user, user.username(), AuditEventTypes.ACCOUNT_LOCKED, AuditEvent.Outcome.FAILURE, origin,
                        "locked for " + settings.lockoutDuration().toMinutes() + " minutes after " + attempts + " failed attempts");
            }
            return new PasswordCheck(Result.LOCKED, null);
        }
        return new PasswordCheck(Result.REJECTED, null);
    }

    private void record(UserAccount user, String actor, String type, AuditEvent.Outcome outcome, String origin, String detail) {
        audit.record(new AuditEvent(user == null ? null : user.tenant(), actor == null ? "(none)" : actor, ActorType.USER,
                type, outcome, origin, user == null ? null : "user:" + user.id(), detail));
    }
}
