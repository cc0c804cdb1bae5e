package dev.mamori.vault.scan;

import static dev.mamori.vault.scan.Cards.masked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mamori.common.CardBrand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PanScannerDatabaseTest {
    private final String url = "jdbc:h2:mem:scan-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private Connection connection;

    @BeforeEach
    void createTables() throws SQLException {
        connection = DriverManager.getConnection(url, "sa", "");
        try (Statement s = connection.createStatement()) {
            s.execute("create table orders (id bigint primary key, note varchar(200), amount bigint, created_at timestamp)");
            s.execute("create table messages (message_id varchar(36) primary key, body clob)");
            s.execute("create table audit_lines (line varchar(200), card_no numeric(19, 0), score double)");
            s.execute("create table cards (pan varchar(19) primary key, holder varchar(40))");
        }
        try (PreparedStatement p = connection.prepareStatement("insert into orders values (?, ?, ?, current_timestamp)")) {
            insert(p, 1L, "gift wrap", 1200L);
            insert(p, 42L, "customer wrote card " + Cards.grouped(Cards.VISA, ' ') + " in the note", 5400L);
            insert(p, 43L, "test 4242424242424242", 1L);
        }
        try (PreparedStatement p = connection.prepareStatement("insert into messages values (?, ?)")) {
            p.setString(1, "m-1");
            p.setString(2, "x".repeat(300_000) + "\npan " + Cards.AMEX + "\n");
            p.executeUpdate();
            p.setString(1, "m-2");
            p.setString(2, "hello");
            p.executeUpdate();
        }
        try (PreparedStatement p = connection.prepareStatement("insert into audit_lines values (?, ?, ?)")) {
            p.setString(1, "Japanese input: " + fullWidth(Cards.JCB));
            p.setBigDecimal(2, new java.math.BigDecimal(Cards.MASTERCARD));
            p.setDouble(3, 0.25);
            p.executeUpdate();
        }
        try (PreparedStatement p = connection.prepareStatement("insert into cards values (?, ?)")) {
            p.setString(1, Cards.DISCOVER);
            p.setString(2, "Hanako");
            p.executeUpdate();
        }
    }

    @AfterEach
    void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("shutdown");
        }
        connection.close();
    }

    private static void insert(PreparedStatement p, long id, String note, long amount) throws SQLException {
        p.setLong(1, id);
        p.setString(2, note);
        p.setLong(3, amount);
        p.executeUpdate();
    }

    private static String fullWidth(String digits) {
        StringBuilder out = new StringBuilder();
        for (char c : digits.toCharArray()) {
            out.append((char) ('\uFF10' + (c - '0')));
        }
        return out.toString();
    }

    @Test
    void findsCardNumbersInVarcharClobAndNumericColumnsWithTableColumnAndPrimaryKey() {
        ScanReport report = new PanScanner(ScanOptions.defaults()).scanDatabase(connection, List.of());

        assertThat(report.findings()).extracting(ScanFinding::location, ScanFinding::columnName, ScanFinding::row,
                ScanFinding::brand, ScanFinding::masked).containsExactlyInAnyOrder(
                tuple("PUBLIC.ORDERS", "NOTE", "ID=42", CardBrand.VISA, masked(Cards.VISA)),
                tuple("PUBLIC.MESSAGES", "BODY", "MESSAGE_ID=m-1", CardBrand.AMEX, masked(Cards.AMEX)),
                tuple("PUBLIC.AUDIT_LINES", "LINE", "#1", CardBrand.JCB, masked(Cards.JCB)),
                tuple("PUBLIC.AUDIT_LINES", "CARD_NO", "#1", CardBrand.MASTERCARD, masked(Cards.MASTERCARD)),
                tuple("PUBLIC.CARDS", "PAN", "PAN=" + masked(Cards.DISCOVER), CardBrand.DISCOVER, masked(Cards.DISCOVER)));
        assertThat(report.findings()).filteredOn(f -> f.columnName().equals("BODY")).singleElement()
                .extracting(ScanFinding::offset).isEqualTo(300_005L);
        assertThat(report.ignoredTestCards()).isEqualTo(1);
        assertThat(report.tablesScanned()).isEqualTo(4);
        assertThat(report.rowsScanned()).isEqualTo(7);
        assertThat(report.errors()).isEmpty();
    }

    @Test
    void scansOnlyTheNamedTablesAndReportsUnknownOnes() {
        ScanReport report = new PanScanner(ScanOptions.defaults())
                .scanDatabase(connection, List.of("orders", "public.messages", "nope"));
        assertThat(report.findings()).extracting(ScanFinding::location).containsExactly("PUBLIC.ORDERS", "PUBLIC.MESSAGES");
        assertThat(report.errors()).extracting(ScanError::location, ScanError::message)
                .containsExactly(tuple("nope", "no such table"));
    }

    @Test
    void theCommandScansADatabaseByUrlAndPrintsNoFullNumber() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScanCommand.run(new String[] {"--jdbc", url, "--user", "sa", "--table", "orders", "--table", "cards"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        assertThat(text).contains("PUBLIC.ORDERS column NOTE row ID=42: visa " + masked(Cards.VISA))
                .contains("PUBLIC.CARDS column PAN row PAN=" + masked(Cards.DISCOVER) + ": discover")
                .contains("Scanned 2 tables, 4 rows");
        assertThat(text + err.toString(StandardCharsets.UTF_8)).doesNotContain(Cards.VISA).doesNotContain(Cards.DISCOVER);
    }
}
