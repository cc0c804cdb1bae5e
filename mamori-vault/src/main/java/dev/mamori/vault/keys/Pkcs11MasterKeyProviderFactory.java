package dev.mamori.vault.keys;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Id {@code "pkcs11"}: {@link Pkcs11MasterKeyProvider}. Settings: {@code library} (path of the
 * PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}), {@code slot-list-index} (which
 * token of the library's slot list, default 0) and {@code pin} (the user PIN).
 */
public final class Pkcs11MasterKeyProviderFactory implements MasterKeyProviderFactory {

    public static final String ID = "pkcs11";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MasterKeyProvider create(Map<String, String> settings) throws VaultKeyException {
        String library = MasterKeyProviders.required(ID, settings, "library");
        int slotListIndex = slotListIndex(settings.get("slot-list-index"));
        char[] pin = MasterKeyProviders.required(ID, settings, "pin").toCharArray();
        try {
            return Pkcs11MasterKeyProvider.open(Path.of(library), slotListIndex, pin);
        } catch (InvalidPathException e) {
            throw new VaultKeyException("setting 'library' of master key provider 'pkcs11' is not a valid path: "
                    + e.getReason(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static int slotListIndex(String value) throws VaultKeyException {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int index = Integer.parseInt(value.strip());
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new VaultKeyException("setting 'slot-list-index' of master key provider 'pkcs11' must be"
                + " a whole number 0 or more, got '" + value + "'");
    }
}
