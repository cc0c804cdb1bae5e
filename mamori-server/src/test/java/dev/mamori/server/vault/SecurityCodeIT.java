package dev.mamori.server.vault;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.mamori.common.Role;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import dev.mamori.vault.Vault;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Year;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * PCI DSS 3.3.1.2: a card security code may be held for the authorization, never stored. This
 * proves it for a code sent with a tokenization: it is in no database row, no log line, and once
 * taken and wiped, in no object of the heap.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityCodeIT extends IntegrationTest {
    static final String AMEX = "378282246310005";

    @Autowired
    Vault vault;

    @Test
    void aSecurityCodeReachesNoDatabaseRowNoLogAndIsGoneFromTheHeapOnceWiped(CapturedOutput output) throws Exception {
        TestTenant tenant = Tenants.create(api, unique("cvc"));
        Set<String> rowsBefore = allRows();
        // Kept as a number: a String of the digits held by this test would itself be found in the heap.
        int code = unusedCode(output.getAll(), rowsBefore);
        int logMark = output.getAll().length();

        Api.Reply created = api.post("/v1/tokens", "{\"pan\":\"" + AMEX + "\",\"expiryMonth\":9,\"expiryYear\":" + (Year.now().getValue() + 3)
                + ",\"cvc\":\"" + digits(code) + "\"}", withKey(tenant.key(Role.PSP), "Idempotency-Key", "cvc-" + code));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("cvcHeldUntil").isNull()).isFalse();
        assertThat(created.body()).doesNotContain(digits(code));
        String token = created.json().get("token").asString();

        // Database: the rows this request wrote (card, audit record, idempotency record) hold no trace of it.
        Set<String> newRows = allRows();
        newRows.removeAll(rowsBefore);
        assertThat(newRows).isNotEmpty();
        assertThat(newRows).noneMatch(row -> row.contains(digits(code)));
        // Logs
        assertThat(output.getAll().substring(logMark)).doesNotContain(digits(code));

        // Heap: while held, the code is found (proving the search works); once taken and wiped, it is not.
        assertThat(heapHoldsByteArrayOf(code)).as("held code visible to the heap search").isTrue();
        Optional<SecurityCode> held = vault.takeSecurityCode(new TenantId(java.util.UUID.fromString(tenant.id())), token);
        assertThat(held).isPresent();
        assertThat(held.get().matches(digits(code).getBytes(StandardCharsets.US_ASCII))).isTrue();
        held.get().wipe();
        assertThat(vault.takeSecurityCode(new TenantId(java.util.UUID.fromString(tenant.id())), token)).as("taken once").isEmpty();
        assertThat(heapHoldsByteArrayOf(code)).as("wiped code still in the heap").isFalse();
    }

    /** A random 4-digit code that appears nowhere yet, so that finding it later means it leaked. */
    /**
     * A code found nowhere it could be mistaken for a leak: not in the logs or rows so far, not in the
     * card number (the answer shows its first six and last four digits), not a year near now (dates).
     */
    static int unusedCode(String logs, Set<String> rows) {
        SecureRandom random = new SecureRandom();
        int year = Year.now().getValue();
        for (int attempt = 0; attempt < 100; attempt++) {
            int code = 1000 + random.nextInt(9000);
            if (!logs.contains(digits(code)) && rows.stream().noneMatch(r -> r.contains(digits(code))) && !AMEX.contains(digits(code))
                    && Math.abs(code - year) > 5) {
                return code;
            }
        }
        throw new IllegalStateException("no unused code found");
    }

    static String digits(int code) {
        return Integer.toString(code);
    }

    /** Every row of the vault and platform schemas as text; binary columns as Latin-1 so any byte sequence shows. */
    Set<String> allRows() {
        Set<String> rows = new HashSet<>();
        List<String> tables = jdbc.sql("select table_schema || '.' || table_name from information_schema.tables "
                + "where lower(table_schema) in ('vault', 'platform') and lower(table_name) not like 'flyway%'").query(String.class).list();
        for (String table : tables) {
            for (Map<String, Object> row : jdbc.sql("select * from " + table).query().listOfRows()) {
                StringBuilder text = new StringBuilder(table);
                row.forEach((column, value) -> {
                    // HMAC outputs in hex (audit chain, idempotency lookups) are not data; skip them so a
                    // random 4-digit match in a hash cannot fail the test.
                    if (column.toLowerCase().endsWith("hash")) {
                        return;
                    }
                    text.append('|').append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value));
                });
                rows.add(text.toString());
            }
        }
        return rows;
    }

    /**
     * Whether a live byte array of exactly the code's four ASCII digits is in the heap (a Latin-1
     * String's value array has that shape too). In an HPROF primitive array dump the elements are
     * preceded by their count (u4) and type (8 = byte). The pattern is built in locals, not in an
     * array, or the search would find its own pattern in the dump.
     */
    static boolean heapHoldsByteArrayOf(int code) throws IOException {
        byte d0 = (byte) ('0' + code / 1000), d1 = (byte) ('0' + code / 100 % 10);
        byte d2 = (byte) ('0' + code / 10 % 10), d3 = (byte) ('0' + code % 10);
        Path dump = Files.createTempDirectory("mamori-heap").resolve("heap.hprof");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
            byte[] heap = Files.readAllBytes(dump);
            for (int i = 0; i + 9 <= heap.length; i++) {
                if (heap[i + 5] == d0 && heap[i + 6] == d1 && heap[i + 7] == d2 && heap[i + 8] == d3
                        && heap[i + 4] == 8 && heap[i + 3] == 4 && heap[i + 2] == 0 && heap[i + 1] == 0 && heap[i] == 0) {
                    return true;
                }
            }
            return false;
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dump.getParent());
        }
    }
}
