package dev.mamori.vault.keys;

import java.util.regex.Pattern;

/**
 * Key store aliases and PKCS#11 labels of the provider's keys: {@code mamori-master-<version>} for
 * master keys, {@code mamori-tenant-<uuid>} for tenant keys. The two prefixes differ, so no alias
 * of one kind ever parses as the other.
 */
final class MasterKeyAlias {

    static final String PREFIX = "mamori-master-";
    static final String TENANT_PREFIX = "mamori-tenant-";

    // Canonical decimal only, so that one version has exactly one alias.
    private static final Pattern ALIAS = Pattern.compile("mamori-master-([1-9][0-9]{0,8})");
    // Canonical lower-case UUID only, so that one tenant has exactly one alias (PKCS#12 aliases
    // are case-insensitive; the JDK stores them in lower case).
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern TENANT_ID = Pattern.compile(UUID);
    private static final Pattern TENANT_ALIAS = Pattern.compile("mamori-tenant-(" + UUID + ")");

    private MasterKeyAlias() {
    }

    static String of(int version) {
        return PREFIX + version;
    }

    /** The version named by {@code alias}, or -1 when the alias is not a master key's. */
    static int versionOf(String alias) {
        var matcher = ALIAS.matcher(alias);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /** The alias of {@code tenantId}'s tenant key. @throws VaultKeyException unless it is a canonical lower-case UUID */
    static String ofTenant(String tenantId) throws VaultKeyException {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new VaultKeyException("a tenant id must be a UUID in lower case, got "
                    + (tenantId == null ? "null" : "\"" + tenantId + "\""));
        }
        return TENANT_PREFIX + tenantId;
    }

    /** The tenant id named by {@code alias}, or null when the alias is not a tenant key's. */
    static String tenantOf(String alias) {
        var matcher = TENANT_ALIAS.matcher(alias);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
