package dev.mamori.threeds.authvalue;

import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.vault.keys.Pkcs11MasterKeyProvider;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on an HSM: SoftHSM2 over PKCS#11, where the key is generated in the token and
 * never leaves it. Each test uses a new tenant, so the shared token needs no clearing.
 */
class AuthenticationValuesPkcs11Test extends AuthenticationValuesContract {
    @BeforeAll
    static void token() throws Exception {
        AuthenticationValueSoftHsm.ensureReady();
    }

    @Override
    protected MasterKeyProvider open() throws Exception {
        return Pkcs11MasterKeyProvider.open(AuthenticationValueSoftHsm.LIBRARY, 0, AuthenticationValueSoftHsm.PIN.toCharArray());
    }
}
