package dev.mamori.common;

/**
 * Hands out the {@link PanAccess} token. Call it only in code that must see a card number in clear
 * (the vault's encryption adapter, the authorization host's CVV check); reviewers search for it.
 */
public final class InsecurePanAccess {
    private InsecurePanAccess() {}

    public static PanAccess get() {
        return PanAccess.INSTANCE;
    }
}
