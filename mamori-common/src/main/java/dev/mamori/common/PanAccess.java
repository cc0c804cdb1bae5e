package dev.mamori.common;

/**
 * Proof that the caller is allowed to read a card number in clear. The only way to get one is
 * {@link InsecurePanAccess#get()}, so every place that reveals a PAN can be found by searching
 * for that name (the pattern of Tink's {@code SecretKeyAccess}).
 */
public final class PanAccess {
    static final PanAccess INSTANCE = new PanAccess();

    private PanAccess() {}
}
