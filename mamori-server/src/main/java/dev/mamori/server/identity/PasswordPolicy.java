package dev.mamori.server.identity;

import dev.mamori.server.api.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Console passwords: at least 12 characters with letters and digits (PCI DSS 8.3.6, the Japanese
 * guideline's EC checklist), at most 72 bytes in UTF-8 (what bcrypt hashes; a Japanese
 * character takes three), and not containing the username.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_BYTES = 72;

    private PasswordPolicy() {}

    /** The broken rules, empty when the password is acceptable. Messages never repeat the password. */
    public static List<FieldViolation> check(String username, String password) {
        List<FieldViolation> violations = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            violations.add(new FieldViolation("password", "min-length", "password must have at least " + MIN_LENGTH + " characters"));
            return violations;
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            violations.add(new FieldViolation("password", "max-bytes",
                    "password must be at most " + MAX_BYTES + " bytes in UTF-8 (72 ASCII characters, 24 Japanese)"));
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean digit = password.chars().anyMatch(Character::isDigit);
        if (!letter || !digit) {
            violations.add(new FieldViolation("password", "letters-and-digits", "password must contain both letters and digits"));
        }
        if (username != null && !username.isBlank()
                && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            violations.add(new FieldViolation("password", "contains-username", "password must not contain the username"));
        }
        return violations;
    }
}
