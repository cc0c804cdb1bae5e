package dev.mamori.risk.lists;

/**
 * How e-mail addresses are compared. Both sides are trimmed and lower-cased and the domain is
 * converted to its ASCII (punycode) form in every mode.
 */
public enum EmailMatching {
    /**
     * The whole address. No provider-specific tricks (Gmail ignores dots and {@code +tags}, most
     * providers do not), so a blocked address never catches a different person's mailbox.
     */
    EXACT,
    /**
     * Drops a {@code +tag} from the local part on both sides, so {@code a+shop1@example.com}
     * matches an entry for {@code a@example.com}. Catches a fraudster who varies the tag per
     * order; may catch a different mailbox at the few providers where {@code +} is a plain character.
     */
    IGNORE_PLUS_TAG
}
