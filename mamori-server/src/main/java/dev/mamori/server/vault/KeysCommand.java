package dev.mamori.server.vault;

import dev.mamori.vault.KeyManagement;
import dev.mamori.vault.Vault;
import dev.mamori.vault.keys.KeyCheckValue;
import dev.mamori.vault.keys.MasterKeyInfo;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code ./mamori keys status} and {@code ./mamori keys component}: the vault's keys from the command line. */
@Component
public class KeysCommand {
    private final Vault vault;

    KeysCommand(Vault vault) {
        this.vault = vault;
    }

    /** Master key versions with check values, every tenant's key versions, recent rotations; never key material. */
    public int status(PrintStream out) {
        KeyManagement.Status status = vault.keys().status();
        out.println("master key provider: " + status.providerId() + " (" + status.providerDescription() + ")");
        for (MasterKeyInfo key : status.masterKeys()) {
            out.println("  master key v" + key.version() + "  check value " + key.checkValue()
                    + (key.version() == status.currentMasterVersion() ? "  (current)" : ""));
        }
        out.println("tenants: " + status.tenants().size());
        for (KeyManagement.TenantKeyStatus tenant : status.tenants()) {
            out.println("  " + tenant.tenant() + "  KEK v" + tenant.kekVersion() + " (under master v" + tenant.kekWrappedByMaster()
                    + ")  data key v" + tenant.activeDataKeyVersion()
                    + (tenant.retiringDataKeyVersions().isEmpty() ? "" : "  retiring " + tenant.retiringDataKeyVersions()));
        }
        for (KeyManagement.Rotation rotation : status.rotations()) {
            out.println("rotation " + rotation.id() + "  " + rotation.kind() + " v" + rotation.fromVersion() + " -> v" + rotation.toVersion()
                    + "  " + rotation.state() + "  " + rotation.done() + "/" + rotation.total() + "  started " + rotation.startedAt());
        }
        return 0;
    }

    /**
     * Prints a fresh random key component for one custodian of a key ceremony, in groups of four
     * hex digits, with its check value. Run it on the custodian's own machine; the component is
     * printed once and kept nowhere.
     */
    public static int component(PrintStream out) {
        byte[] component = new byte[32];
        new SecureRandom().nextBytes(component);
        try {
            String hex = HexFormat.of().formatHex(component).toUpperCase(Locale.ROOT);
            StringBuilder grouped = new StringBuilder();
            for (int i = 0; i < hex.length(); i += 4) {
                grouped.append(i == 0 ? "" : i % 32 == 0 ? "\n           " : " ").append(hex, i, i + 4);
            }
            out.println("component: " + grouped);
            out.println("check value: " + KeyCheckValue.of(component));
            out.println("Keep it under your sole control; submit it only in the key ceremony (console or API).");
            return 0;
        } finally {
            Arrays.fill(component, (byte) 0);
        }
    }
}
