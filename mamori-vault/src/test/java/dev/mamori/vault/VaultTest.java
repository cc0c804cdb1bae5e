package dev.mamori.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.vault.internal.KeyRing;
import dev.mamori.vault.keys.MasterKeyInfo;
import dev.mamori.vault.keys.Pkcs12MasterKeyProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault on H2 with a real PKCS#12 key store, with time under the test's control. */
class VaultTest {
    static final String VISA = "4539578763621486";

    @TempDir
    Path dir;

    final VaultTestSupport.MutableClock clock = new VaultTestSupport.MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    DataSource database;
    Pkcs12MasterKeyProvider master;
    Vault vault;
    final TenantId tenant = TenantId.random();

    @BeforeEach
    void open() throws Exception {
        database = VaultTestSupport.database();
        master = VaultTestSupport.keyStore(dir);
        vault = new Vault(database, master, clock, Duration.ofSeconds(30), Duration.ofMinutes(10));
        vault.keys().ensureMasterKey();
    }

    @AfterEach
    void close() {
        master.close();
    }

    static CardInput card(String pan) {
        return new CardInput(Pan.of(pan), new CardExpiry(12, 2028), "TARO YAMADA", null);
    }

    @Test
    void aTokenizedCardComesBackOnlyInItsTenant() {
        CardMetadata token = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults());
        RevealedCard revealed = vault.detokenize(tenant, token.token()).orElseThrow();
        assertThat(revealed.pan().reveal(InsecurePanAccess.get())).isEqualTo(VISA);
        assertThat(revealed.holderName()).isEqualTo("TARO YAMADA");
        assertThat(revealed.toString()).doesNotContain(VISA);
        assertThat(vault.detokenize(TenantId.random(), token.token())).isEmpty();
        assertThat(vault.metadata(TenantId.random(), token.token())).isEmpty();
    }

    @Test
    void anExpiredCardIsRefusedByTheVaultsClock() {
        clock.advance(Duration.ofDays(366 * 3));
        assertThatThrownBy(() -> vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()))
                .isInstanceOfSatisfying(InvalidCardException.class, e -> assertThat(e.rule()).isEqualTo("expired"));
    }

    @Test
    void aTokenLivesUntilItsTtlAndIsPurgedAfterwards() {
        CardMetadata token = vault.tokenize(tenant, card(VISA), new TokenizeOptions(TokenFormat.OPAQUE, false, Duration.ofHours(1)));
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(59));
        assertThat(vault.metadata(tenant, token.token())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(vault.metadata(tenant, token.token())).isEmpty();
        assertThat(vault.purgeExpired()).isEqualTo(1);
    }

    @Test
    void theTenantPolicyTtlAppliesWhenTokenizeNamesNone() {
        vault.updatePolicy(tenant, new VaultPolicy(VaultPolicy.DEFAULT.detokenizeRoles(), Duration.ofDays(1)));
        CardMetadata token = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults());
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
    }

    @Test
    void aSecurityCodeGivenAtTokenizationIsHeldForTheWindowAndNeverStored() throws Exception {
        CardInput withCode = new CardInput(Pan.of(VISA), new CardExpiry(12, 2028), null, SecurityCode.of("739"));
        CardMetadata token = vault.tokenize(tenant, withCode, TokenizeOptions.defaults());
        assertThat(token.securityCodeHeldUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement("select * from vault.cards");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    String text = value instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : String.valueOf(value);
                    assertThat(text).doesNotContain(VISA);
                }
            }
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(vault.takeSecurityCode(tenant, token.token())).isEmpty();
        assertThat(withCode.securityCode().isWiped()).isTrue();
    }

    @Test
    void aRotationKeepsOldCardsReadableAndDestroysTheOldKeyOnlyAfterTwiceTheCacheWindow() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            tokens.add(vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token());
        }
        KeyManagement.Rotation rotation = vault.keys().rotateTenantKeys(tenant, "test");
        assertThat(rotation.total()).isEqualTo(250);
        String during = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();

        assertThat(vault.keys().runRotations(100)).isEqualTo(100);
        assertThat(vault.detokenize(tenant, tokens.get(249))).isPresent();
        vault.keys().runRotations(100);
        vault.keys().runRotations(100);
        // Everything moved, but another instance may still encrypt under the old key for the cache TTL.
        assertThat(vault.keys().runRotations(100)).isZero();
        assertThat(vault.keys().rotation(rotation.id()).orElseThrow().state()).isEqualTo(KeyManagement.RUNNING);
        clock.advance(Duration.ofSeconds(30));
        vault.keys().runRotations(100);
        assertThat(vault.keys().rotation(rotation.id()).orElseThrow().state()).as("one TTL is not enough margin").isEqualTo(KeyManagement.RUNNING);
        clock.advance(Duration.ofSeconds(30));
        vault.keys().runRotations(100);
        KeyManagement.Rotation finished = vault.keys().rotation(rotation.id()).orElseThrow();
        assertThat(finished.state()).isEqualTo(KeyManagement.FINISHED);
        assertThat(finished.done()).isEqualTo(250);
        for (String token : tokens) {
            assertThat(vault.detokenize(tenant, token)).isPresent();
        }
        assertThat(vault.detokenize(tenant, during)).isPresent();
        KeyManagement.TenantKeyStatus status = vault.keys().status().tenants().stream()
                .filter(t -> t.tenant().equals(tenant)).findFirst().orElseThrow();
        assertThat(status.activeDataKeyVersion()).isEqualTo(2);
        assertThat(status.retiringDataKeyVersions()).isEmpty();
        assertThat(status.kekVersion()).isEqualTo(2);
    }

    @Test
    void aNewRotationSupersedesAnUnfinishedOne() {
        vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults());
        KeyManagement.Rotation first = vault.keys().rotateTenantKeys(tenant, "test");
        KeyManagement.Rotation second = vault.keys().rotateTenantKeys(tenant, "test");
        assertThat(vault.keys().rotation(first.id()).orElseThrow().state()).isEqualTo(KeyManagement.CANCELLED);
        assertThat(second.toVersion()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(1));
        vault.keys().runRotations(100);
        vault.keys().runRotations(100);
        assertThat(vault.keys().rotation(second.id()).orElseThrow().state()).isEqualTo(KeyManagement.FINISHED);
    }

    @Test
    void aNewerMasterRotationCancelsTheOlderOneSoKeysEndUnderTheNewestVersion() {
        String token = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        KeyManagement.Rotation first = vault.keys().rotateMasterKey("test");
        KeyManagement.Rotation second = vault.keys().rotateMasterKey("test");
        assertThatThrownBy(() -> vault.keys().destroyMasterKey(second.toVersion())).isInstanceOf(KeyStateException.class);
        vault.keys().runRotations(100);
        vault.keys().runRotations(100);
        assertThat(vault.keys().rotation(first.id()).orElseThrow().state()).isEqualTo(KeyManagement.CANCELLED);
        assertThat(vault.keys().rotation(second.id()).orElseThrow().state()).isEqualTo(KeyManagement.FINISHED);
        assertThat(vault.keys().status().tenants()).allMatch(t -> t.kekWrappedByMaster() == second.toVersion());
        vault.keys().destroyMasterKey(first.toVersion());
        vault.keys().forgetCachedKeys(tenant);
        assertThat(vault.detokenize(tenant, token)).isPresent();
    }

    @Test
    void aCardTokenizedByAnotherInstanceRightAfterAShreddingIsStillReadable() {
        vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults());
        Vault other = new Vault(database, master, clock, Duration.ofSeconds(30), Duration.ofMinutes(10));
        other.tokenize(tenant, card(VISA), TokenizeOptions.defaults()); // the other instance caches data key v1
        vault.keys().shredTenant(tenant);
        String fresh = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token(); // new keys, a new version
        String late = other.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token(); // within its cache TTL
        assertThat(vault.detokenize(tenant, fresh)).isPresent();
        assertThat(vault.detokenize(tenant, late)).as("card stored by the other instance after the shredding").isPresent();
        assertThat(vault.keys().status().tenants()).filteredOn(t -> t.tenant().equals(tenant))
                .singleElement().satisfies(t -> assertThat(t.activeDataKeyVersion()).isEqualTo(2));
    }

    @Test
    void aShreddingCancelsTheTenantsRotationAndItsNewKeysStartPastTheOldVersions() {
        vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults());
        KeyManagement.Rotation first = vault.keys().rotateTenantKeys(tenant, "test");
        vault.keys().shredTenant(tenant);
        vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults());
        clock.advance(Duration.ofMinutes(5));
        vault.keys().runRotations(100);
        assertThat(vault.keys().rotation(first.id()).orElseThrow().state()).isEqualTo(KeyManagement.CANCELLED);
        assertThat(vault.keys().status().tenants()).filteredOn(t -> t.tenant().equals(tenant))
                .singleElement().satisfies(t -> assertThat(t.activeDataKeyVersion()).isGreaterThan(2));
    }

    @Test
    void aCardEncryptedUnderADestroyedDataKeyIsEncryptedAgainNotLost() {
        vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults());
        // Another instance: its cache still holds data key v1 when this one's rotation destroys it.
        Vault other = new Vault(database, master, clock, Duration.ofHours(1), Duration.ofMinutes(10));
        other.tokenize(tenant, card(VISA), TokenizeOptions.defaults());
        KeyManagement.Rotation rotation = vault.keys().rotateTenantKeys(tenant, "test");
        clock.advance(Duration.ofMinutes(5));
        vault.keys().runRotations(100);
        vault.keys().runRotations(100);
        assertThat(vault.keys().rotation(rotation.id()).orElseThrow().state()).isEqualTo(KeyManagement.FINISHED);
        String late = other.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        assertThat(vault.detokenize(tenant, late)).isPresent();
    }

    @Test
    void shreddingATenantLeavesTheOthersAlone() {
        TenantId other = TenantId.random();
        String mine = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        String theirs = vault.tokenize(other, card(VISA), TokenizeOptions.defaults()).token();
        assertThat(vault.keys().shredTenant(tenant)).isEqualTo(1);
        assertThat(vault.detokenize(tenant, mine)).isEmpty();
        assertThat(vault.detokenize(other, theirs)).isPresent();
        // The shredded tenant starts again with new keys.
        String again = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        assertThat(vault.detokenize(tenant, again)).isPresent();
    }

    @Test
    void aRestoredBackupOfAShreddedTenantStaysUnreadableAndTheTenantStartsAgain() throws Exception {
        String token = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        List<Object[]> backup = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement("select * from vault.cards");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object[] row = new Object[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                backup.add(row);
            }
        }
        vault.keys().shredTenant(tenant);
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into vault.cards values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : backup) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.executeUpdate();
            }
        }
        assertThatThrownBy(() -> vault.detokenize(tenant, token)).isInstanceOf(CardUnrecoverableException.class);
        String again = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        assertThat(vault.detokenize(tenant, again)).isPresent();
    }

    @Test
    void aRestoredDatabaseBackupOfAShreddedTenantsKeysAndCardsStaysUnreadable() throws Exception {
        String token = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        // A master rotation first: the backup's KEK is under master version 2, which stays in the provider.
        vault.keys().rotateMasterKey("test");
        vault.keys().runRotations(100);
        assertThat(vault.detokenize(tenant, token)).isPresent();
        List<Object[]> keyRows = copyRows("vault.tenant_keys", tenant);
        List<Object[]> cardRows = copyRows("vault.cards", tenant);
        assertThat(keyRows).hasSize(3);
        assertThat(cardRows).hasSize(1);

        vault.keys().shredTenant(tenant);
        restoreRows("vault.tenant_keys", keyRows);
        restoreRows("vault.cards", cardRows);

        // Every key row and the master key are back, but the tenant key in the provider is gone.
        assertThat(master.versions()).extracting(MasterKeyInfo::version).contains(2);
        assertThatThrownBy(() -> vault.detokenize(tenant, token)).isInstanceOf(CardUnrecoverableException.class);
        assertThatThrownBy(() -> vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()))
                .as("the restored rows are useless until they are shredded again")
                .isInstanceOf(CardUnrecoverableException.class);
        // The same holds for an instance opened afterwards on the same key store.
        master.close();
        master = VaultTestSupport.keyStore(dir);
        vault = new Vault(database, master, clock, Duration.ofSeconds(30), Duration.ofMinutes(10));
        assertThatThrownBy(() -> vault.detokenize(tenant, token)).isInstanceOf(CardUnrecoverableException.class);

        // Shredding again removes the restored rows; the tenant starts again with a new tenant key.
        assertThat(vault.keys().shredTenant(tenant)).isEqualTo(1);
        String again = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        assertThat(vault.detokenize(tenant, again)).isPresent();
        assertThat(vault.detokenize(tenant, token)).isEmpty();
    }

    @Test
    void aMasterRotationRewrapsOnlyTheOuterLayerOfTheKek() throws Exception {
        String token = vault.tokenize(tenant, card(VISA), TokenizeOptions.defaults()).token();
        byte[] before = (byte[]) kekRow()[0];

        vault.keys().rotateMasterKey("test");
        vault.keys().runRotations(100);
        vault.keys().destroyMasterKey(1);

        Object[] row = kekRow();
        assertThat(row[1]).isEqualTo(2);
        byte[] aad = KeyRing.aad(tenant, "kek", 1);
        // The outer layer is under master version 2 now; the inner one is still under the tenant key.
        byte[] inner = master.unwrap(2, (byte[]) row[0], aad);
        assertThat(master.unwrapForTenant(tenant.toString(), inner, aad)).hasSize(32);
        assertThat(row[0]).isNotEqualTo(before);
        vault.keys().forgetCachedKeys(tenant);
        assertThat(vault.detokenize(tenant, token)).isPresent();
    }

    /** The tenant's KEK row: wrapped_key and wrapped_by. */
    private Object[] kekRow() throws Exception {
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("select wrapped_key, wrapped_by from vault.tenant_keys"
                     + " where tenant_id = ? and purpose = 'kek'")) {
            ps.setObject(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new Object[] {rs.getBytes(1), rs.getInt(2)};
            }
        }
    }

    private List<Object[]> copyRows(String table, TenantId owner) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("select * from " + table + " where tenant_id = ?")) {
            ps.setObject(1, owner.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[rs.getMetaData().getColumnCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private void restoreRows(String table, List<Object[]> rows) throws Exception {
        if (rows.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(rows.get(0).length, "?"));
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into " + table + " values (" + marks + ")")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aWrongKeyStorePassphraseIsAClearError() {
        master.close();
        assertThatThrownBy(() -> Pkcs12MasterKeyProvider.open(dir.resolve("master.p12"), "wrong".toCharArray()))
                .hasMessageContaining("wrong passphrase");
    }
}
