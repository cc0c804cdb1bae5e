package dev.mamori.vault.keys;

import java.util.regex.Pattern;

/**
 * Key store aliases and PKCS#11 labels of the provider's keys: {@code mamori-master-<version>} for
 * master keys, {@code mamori-tenant-<uuid>} for tenant keys, and for each card verification key
 * two objects {@code mamori-cvk-<uuid>-<key name>-ede} and {@code mamori-cvk-<uuid>-<key name>-a}
 * (see {@link MasterKeyProvider#createCardVerificationKey}). The three prefixes differ, so no alias
 * of one kind ever parses as another.
 */
final class MasterKeyAlias {

    static final String PREFIX = "mamori-master-";
    static final String TENANT_PREFIX = "mamori-tenant-";
    static final String CVK_PREFIX = "mamori-cvk-";
    /** The DESede object (A, B, A): the CVK itself; its KCV is the CVK's. */
    static final String CVK_EDE_SUFFIX = "-ede";
    /** The DESede object (A, B, B), which encrypts as single DES under A. */
    static final String CVK_A_SUFFIX = "-a";

    // Canonical decimal only, so that one version has exactly one alias.
    private static final Pattern ALIAS = Pattern.compile("mamori-master-([1-9][0-9]{0,8})");
    // Canonical lower-case UUID only, so that one tenant has exactly one alias (PKCS#12 aliases
    // are case-insensitive; the JDK stores them in lower case).
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern TENANT_ID = Pattern.compile(UUID);
    private static final Pattern TENANT_ALIAS = Pattern.compile("mamori-tenant-(" + UUID + ")");
    // Lower case only (PKCS#12 aliases are case-insensitive); the suffix is always the last
    // segment, so a hyphen inside a name cannot make one alias parse two ways.
    private static final String CVK_NAME = "[a-z0-9][a-z0-9_.-]{0,31}";
    private static final Pattern CVK_NAME_PATTERN = Pattern.compile(CVK_NAME);
    private static final Pattern CVK_ALIAS =
            Pattern.compile("mamori-cvk-(" + UUID + ")-(" + CVK_NAME + ")(-ede|-a)");

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

    /**
     * The common start of the two aliases of a card verification key,
     * {@code mamori-cvk-<tenant id>-<key name>}; add {@link #CVK_EDE_SUFFIX} or {@link #CVK_A_SUFFIX}.
     *
     * @throws VaultKeyException unless the tenant id is a lower-case UUID and the name is 1 to 32
     *     lower-case letters, digits, '_', '.' or '-', starting with a letter or digit
     */
    static String ofCardVerificationKey(String tenantId, String keyName) throws VaultKeyException {
        ofTenant(tenantId);
        if (keyName == null || !CVK_NAME_PATTERN.matcher(keyName).matches()) {
            throw new VaultKeyException("a card verification key name must be 1 to 32 lower-case letters, digits,"
                    + " '_', '.' or '-', starting with a letter or digit, got "
                    + (keyName == null ? "null" : "\"" + keyName + "\""));
        }
        return CVK_PREFIX + tenantId + "-" + keyName;
    }

    /** The start of every card verification key alias of {@code tenantId}. */
    static String cardVerificationKeyPrefix(String tenantId) throws VaultKeyException {
        ofTenant(tenantId);
        return CVK_PREFIX + tenantId + "-";
    }

    /**
     * The alias without its suffix ({@code mamori-cvk-<tenant id>-<key name>}) when {@code alias}
     * is one of a card verification key's two objects, else null.
     */
    static String cardVerificationKeyOf(String alias) {
        var matcher = CVK_ALIAS.matcher(alias);
        return matcher.matches() ? alias.substring(0, alias.length() - matcher.group(3).length()) : null;
    }

    /** Whether {@code alias} is the (A, B, A) object of a card verification key; see {@link #cardVerificationKeyOf}. */
    static boolean isCardVerificationEde(String alias) {
        return alias.endsWith(CVK_EDE_SUFFIX);
    }

    /** The key name in {@code base}, a value of {@link #cardVerificationKeyOf}. */
    static String cardVerificationKeyName(String base) {
        // prefix + 36-character UUID + '-'
        return base.substring(CVK_PREFIX.length() + 37);
    }

    /** The tenant id in {@code base}, a value of {@link #cardVerificationKeyOf}. */
    static String cardVerificationKeyTenant(String base) {
        return base.substring(CVK_PREFIX.length(), CVK_PREFIX.length() + 36);
    }
}
