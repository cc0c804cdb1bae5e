package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.risk.HostTestSupport.Issuer;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListQuery;
import dev.mamori.risk.lists.ListType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Block and allow lists stored through {@link RiskLists} and matched by the host. */
class RiskListsTest {

    private static StoredListEntry add(Issuer issuer, ListKind kind, ListType type, String value, Instant expiresAt) {
        return issuer.module.lists().add(issuer.tenant, kind, type, value, "analyst", "test", expiresAt, "tester");
    }

    @Test
    void oneBlockedDeliveryAddressMatchesItsSpellings() {
        Issuer issuer = new Issuer();
        add(issuer, ListKind.DELIVERY_ADDRESS, ListType.BLOCK, "東京都新宿区西新宿2丁目8番1号 都庁ハイツ101号室", null);
        List<String> spellings = List.of(
                "東京都新宿区西新宿2-8-1 都庁ハイツ101号室",
                "新宿区西新宿２－８－１－１０１",
                "東京都新宿区西新宿二丁目八番一号　都庁ハイツ　１０１",
                "〒163-8001 東京都新宿区西新宿2丁目8-1 101号室",
                "東京新宿区西新宿2ー8ー1 都庁ﾊｲﾂ 101");
        CardAccount card = issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        String firstKey = null;
        for (String spelling : spellings) {
            Decision decision = issuer.decide(issuer.request(pan).address(spelling));
            assertThat(decision.responseCode()).as(spelling).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
            assertThat(decision.reasons()).first().isEqualTo("blocklist:delivery-address");
            LoggedDecision row = issuer.logged(decision);
            assertThat(row.deliveryAddress()).isEqualTo(spelling);
            firstKey = firstKey == null ? row.addressKey() : firstKey;
            assertThat(row.addressKey()).as("one key for every spelling").isEqualTo(firstKey);
        }
        assertThat(issuer.account(card).heldMinor()).isZero();
        assertThat(issuer.decide(issuer.request(pan).address("東京都新宿区西新宿2-8-2 101号室")).responseCode())
                .as("the neighbouring block").isEqualTo(ResponseCode.APPROVED);
        assertThatThrownBy(() -> add(issuer, ListKind.DELIVERY_ADDRESS, ListType.BLOCK, "新宿区西新宿２－８－１ 101号室", null))
                .isInstanceOf(RiskLists.DuplicateEntryException.class);
    }

    @Test
    void otherCallersMatchThroughTheCachedIndexAndSeeChangesAtOnce() {
        Issuer issuer = new Issuer();
        Instant now = Instant.now();
        ListQuery query = ListQuery.builder().ip("203.0.113.9").email("x@example.jp").build();
        assertThat(issuer.module.lists().match(issuer.tenant, query, now).isBlocked(ListKind.IP)).isFalse();
        StoredListEntry entry = add(issuer, ListKind.IP, ListType.BLOCK, "203.0.113.0/24", null);
        assertThat(issuer.module.lists().match(issuer.tenant, query, now).isBlocked(ListKind.IP)).as("added").isTrue();
        assertThat(issuer.module.lists().match(dev.mamori.common.TenantId.random(), query, now).isBlocked(ListKind.IP))
                .as("another tenant's lists").isFalse();
        issuer.module.lists().remove(issuer.tenant, entry.entry().id());
        assertThat(issuer.module.lists().match(issuer.tenant, query, now).isBlocked(ListKind.IP)).as("removed").isFalse();
    }

    @Test
    void allowEntriesDoNotDeclineAndRulesCanReadThem() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        add(issuer, ListKind.DEVICE, ListType.ALLOW, "dev-known", null);
        add(issuer, ListKind.IP, ListType.ALLOW, "192.0.2.0/24", null);
        add(issuer, ListKind.EMAIL, ListType.ALLOW, "@example.jp", null);
        add(issuer, ListKind.CARD_FINGERPRINT, ListType.ALLOW, card.fingerprint(), null);
        Decision allowed = issuer.decide(issuer.request(pan).device("dev-known").ip("192.0.2.10").email("hanako@example.jp"));
        assertThat(allowed.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(allowed.reasons()).isEmpty();

        issuer.activeRules("""
                rule "vip" when list.allowed then approve "allow-list"
                rule "big" when amount > 10000 then decline "big"
                """);
        Decision big = issuer.decide(issuer.request(pan).amount(20_000).device("dev-known"));
        assertThat(big.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(big.reasons()).containsExactly("allow-list");
        issuer.openNew(1_000_000);
        String unlisted = issuer.pans.get(1);
        assertThat(issuer.decide(issuer.request(unlisted).amount(20_000).device("dev-other")).responseCode())
                .as("nothing on an allow list").isEqualTo(ResponseCode.DO_NOT_HONOUR);
        assertThat(issuer.decide(issuer.request(unlisted).amount(20_000).email("taro@example.jp")).reasons())
                .as("a domain entry").containsExactly("allow-list");

        // An allow entry on one kind does not lift a block on another.
        add(issuer, ListKind.IP, ListType.BLOCK, "203.0.113.9", null);
        Decision both = issuer.decide(issuer.request(pan).device("dev-known").ip("203.0.113.9"));
        assertThat(both.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(both.reasons()).first().isEqualTo("blocklist:ip");
    }

    @Test
    void expiredEntriesAreIgnored() {
        Issuer issuer = new Issuer();
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        Instant inAnHour = issuer.clock.instant().plus(Duration.ofHours(1));
        add(issuer, ListKind.IP, ListType.BLOCK, "203.0.113.0/24", inAnHour);
        add(issuer, ListKind.EMAIL, ListType.BLOCK, "mule@example.com", inAnHour);
        add(issuer, ListKind.BIN, ListType.BLOCK, "411111", issuer.clock.instant().plus(Duration.ofDays(1)));
        issuer.openNew(1_000_000);
        String otherBin = issuer.newPan("455555");
        issuer.open(otherBin, 1_000_000);

        assertThat(issuer.decide(issuer.request(otherBin).ip("203.0.113.77")).reasons()).containsExactly("blocklist:ip");
        assertThat(issuer.decide(issuer.request(otherBin).email("MULE@example.com")).reasons()).containsExactly("blocklist:email");
        assertThat(issuer.decide(issuer.request(pan)).reasons()).containsExactly("blocklist:bin");

        issuer.clock.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(issuer.decide(issuer.request(otherBin).ip("203.0.113.77")).responseCode()).as("a second before").isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        issuer.clock.advance(Duration.ofSeconds(1));
        assertThat(issuer.decide(issuer.request(otherBin).ip("203.0.113.77")).responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(issuer.decide(issuer.request(otherBin).email("mule@example.com")).responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(issuer.decide(issuer.request(pan)).reasons()).as("the BIN entry lasts a day").containsExactly("blocklist:bin");
        issuer.clock.advance(Duration.ofDays(1));
        assertThat(issuer.decide(issuer.request(pan)).responseCode()).isEqualTo(ResponseCode.APPROVED);
    }

    @Test
    void aRemovedEntryStopsMatchingAtOnce() {
        Issuer issuer = new Issuer();
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        StoredListEntry entry = add(issuer, ListKind.DEVICE, ListType.BLOCK, "dev-stolen", null);
        assertThat(issuer.decide(issuer.request(pan).device("dev-stolen")).responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(issuer.module.lists().remove(issuer.tenant, entry.entry().id())).isTrue();
        assertThat(issuer.decide(issuer.request(pan).device("dev-stolen")).responseCode()).isEqualTo(ResponseCode.APPROVED);
    }
}
