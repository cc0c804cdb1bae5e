package dev.mamori.server.threeds.authvalue;

import dev.mamori.risk.AuthenticationValueVerifier;
import dev.mamori.threeds.AuthenticationValueIssuer;
import dev.mamori.threeds.authvalue.AuthenticationValues;
import dev.mamori.vault.keys.MasterKeyProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The 3-D Secure authentication value on both sides of one key: the ACS issues it
 * ({@link AuthenticationValueIssuer}) and the authorization host verifies it
 * ({@link AuthenticationValueVerifier}), each under the issuer tenant's key {@code 3ds-av-<index>}
 * in the vault's key provider (the PKCS#12 file or the HSM).
 *
 * <p>{@code mamori.threeds.authvalue.key-index} (1-99, default 1) is the key new values are issued
 * under; values issued under an older index keep verifying as long as that key exists.
 */
@Configuration
public class AuthenticationValueConfig {

    @Bean
    AuthenticationValueIssuer authenticationValueIssuer(MasterKeyProvider keys,
                                                        @Value("${mamori.threeds.authvalue.key-index:1}") int keyIndex) {
        return new AuthenticationValues(keys, keyIndex);
    }

    /** Key provider failures propagate: the host then records the value as unverified and does not count it. */
    @Bean
    AuthenticationValueVerifier authenticationValueVerifier(MasterKeyProvider keys,
                                                            @Value("${mamori.threeds.authvalue.key-index:1}") int keyIndex) {
        AuthenticationValues values = new AuthenticationValues(keys, keyIndex);
        return (tenant, value, pan, amountMinor, currency, merchantId, eci) ->
                switch (values.verify(tenant, value, pan, amountMinor, currency, merchantId, eci)) {
                    case VALID -> AuthenticationValueVerifier.Result.VALID;
                    case FORGED -> AuthenticationValueVerifier.Result.FORGED;
                    case MISMATCHED -> AuthenticationValueVerifier.Result.MISMATCHED;
                };
    }
}
