package dev.mamori.vault.keys;

import java.util.regex.Pattern;

/** Key store aliases and PKCS#11 labels of master keys: {@code mamori-master-<version>}. */
final class MasterKeyAlias {

    static final String PREFIX = "mamori-master-";

    // Canonical decimal only, so that one version has exactly one alias.
    private static final Pattern ALIAS = Pattern.compile("mamori-master-([1-9][0-9]{0,8})");

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
}
