package dev.mamori.threeds.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardRangesTest {
    private final TenantId issuerA = TenantId.random();
    private final TenantId issuerB = TenantId.random();
    private final DirectoryServer ds = new DirectoryServer(DsTestDatabase.create("ranges"),
            new DirectoryServer.Settings("DS-TEST", () -> "http://ds.test/threeds/ds/rreq", Duration.ofSeconds(1)),
            new InMemoryLink(), Clock.systemUTC());
    private final CardRanges ranges = ds.cardRanges();

    private static CardRanges.Registration range(String start, String end, String acs) {
        return new CardRanges.Registration(start, end, acs, null, null, null, List.of("01"));
    }

    @Test
    void routesACardToTheRangeHoldingIt() {
        CardRange a = ranges.register(issuerA, range("400002", "400002", "http://acs-a.test/areq"));
        assertThat(ranges.route(Pan.of(Cards.luhn("400002123456789")))).contains(a);
        assertThat(ranges.route(Pan.of(Cards.luhn("400003123456789")))).isEmpty();
        assertThat(a.startBound()).isEqualTo("4000020000000000000");
        assertThat(a.endBound()).isEqualTo("4000029999999999999");
        assertThat(a.acsStartProtocolVersion()).isEqualTo("2.2.0");
        assertThat(a.acsEndProtocolVersion()).isEqualTo("2.3.1");
    }

    @Test
    void theNarrowestNestedRangeWins() {
        CardRange wide = ranges.register(issuerA, range("400000", "400099", "http://acs-a.test/areq"));
        CardRange narrow = ranges.register(issuerB, range("4000551", "4000551", "http://acs-b.test/areq"));
        assertThat(ranges.route(Pan.of(Cards.luhn("400055123456789")))).contains(narrow);
        assertThat(ranges.route(Pan.of(Cards.luhn("400055923456789")))).contains(wide);
        assertThat(ranges.route(Pan.of(Cards.luhn("400098123456789")))).contains(wide);
    }

    @Test
    void aRangeCrossingAnotherIsRefusedNamingTheField() {
        ranges.register(issuerA, range("400010", "400020", "http://acs-a.test/areq"));
        assertThatThrownBy(() -> ranges.register(issuerA, range("400015", "400030", "http://acs-a.test/areq")))
                .isInstanceOfSatisfying(CardRangeRejected.class, e -> {
                    assertThat(e.field()).isEqualTo("startRange");
                    assertThat(e.rule()).isEqualTo("overlap");
                });
        assertThatThrownBy(() -> ranges.register(issuerA, range("400005", "400012", "http://acs-a.test/areq")))
                .isInstanceOfSatisfying(CardRangeRejected.class, e -> {
                    assertThat(e.field()).isEqualTo("endRange");
                    assertThat(e.rule()).isEqualTo("overlap");
                });
        assertThatThrownBy(() -> ranges.register(issuerB, range("400010", "400020", "http://acs-b.test/areq")))
                .isInstanceOfSatisfying(CardRangeRejected.class, e -> assertThat(e.rule()).isEqualTo("duplicate"));
        assertThat(ranges.all()).hasSize(1);
    }

    @Test
    void malformedRangesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ranges.register(issuerA, range("4000x1", "400002", "http://acs.test/areq")))
                .isInstanceOfSatisfying(CardRangeRejected.class, e -> assertThat(e.field()).isEqualTo("startRange"));
        assertThatThrownBy(() -> ranges.register(issuerA, range("400002", "400001", "http://acs.test/areq")))
                .isInstanceOfSatisfying(CardRangeRejected.class, e -> {
                    assertThat(e.field()).isEqualTo("endRange");
                    assertThat(e.rule()).isEqualTo("order");
                });
        assertThatThrownBy(() -> ranges.register(issuerA, range("400001", "400002", "ftp://acs.test/areq")))
                .isInstanceOfSatisfying(CardRangeRejected.class, e -> assertThat(e.field()).isEqualTo("acsUrl"));
        assertThatThrownBy(() -> ranges.register(issuerA, new CardRanges.Registration("400001", "400002", "http://acs.test/a", "2.1.0",
                null, null, List.of()))).isInstanceOfSatisfying(CardRangeRejected.class,
                e -> assertThat(e.field()).isEqualTo("acsStartProtocolVersion"));
        assertThatThrownBy(() -> ranges.register(issuerA, new CardRanges.Registration("400001", "400002", "http://acs.test/a", "2.3.1",
                "2.2.0", null, List.of()))).isInstanceOfSatisfying(CardRangeRejected.class,
                e -> assertThat(e.field()).isEqualTo("acsEndProtocolVersion"));
        assertThatThrownBy(() -> ranges.register(issuerA, new CardRanges.Registration("400001", "400002", "http://acs.test/a", null,
                null, null, List.of("1")))).isInstanceOfSatisfying(CardRangeRejected.class,
                e -> assertThat(e.field()).isEqualTo("acsInfoInd"));
        assertThat(ranges.all()).isEmpty();
    }

    @Test
    void onlyTheOwnerDeletesARangeAndEachChangeTakesASerial() {
        long before = ranges.serial();
        CardRange a = ranges.register(issuerA, range("400002", "400002", "http://acs-a.test/areq"));
        assertThat(a.serial()).isEqualTo(before + 1);
        assertThat(ranges.delete(issuerB, a.id())).isFalse();
        assertThat(ranges.list(issuerA)).containsExactly(a);
        assertThat(ranges.list(issuerB)).isEmpty();
        assertThat(ranges.delete(issuerA, a.id())).isTrue();
        assertThat(ranges.delete(issuerA, a.id())).isFalse();
        assertThat(ranges.serial()).isEqualTo(before + 2);
        assertThat(ranges.route(Pan.of(Cards.luhn("400002123456789")))).isEmpty();
        assertThat(ranges.deletedAfter(before + 1)).extracting(CardRange::id).containsExactly(a.id());
        // Deleted, the same range can be registered again.
        ranges.register(issuerB, range("400002", "400002", "http://acs-b.test/areq"));
    }
}
