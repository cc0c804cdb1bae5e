package dev.mamori.risk.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListIndexTest {
    private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
    private long nextId = 1;

    private ListEntry block(ListKind kind, String value) {
        return new ListEntry(kind, ListType.BLOCK, value, "test", "reason " + nextId, null, nextId++);
    }

    private ListEntry allow(ListKind kind, String value) {
        return new ListEntry(kind, ListType.ALLOW, value, "test", "", null, nextId++);
    }

    private static ListQuery.Builder query() {
        return ListQuery.builder();
    }

    private static List<Long> ids(List<ListEntry> entries) {
        List<Long> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.id()));
        return ids;
    }

    @Test
    void aQueryThatMatchesNothingGetsTheSharedEmptyResult() {
        ListIndex index = ListIndex.of(List.of(block(ListKind.IP, "10.0.0.0/8"), block(ListKind.DEVICE, "d1")));
        ListHits hits = index.match(query().ip("192.0.2.1").deviceId("d2").email("a@b.example").build(), NOW);
        assertThat(hits).isSameAs(ListHits.none());
        assertThat(hits.isEmpty()).isTrue();
        assertThat(ListIndex.empty().match(query().ip("10.0.0.1").build(), NOW)).isSameAs(ListHits.none());
    }

    @Test
    void cardFingerprintsMatchExactly() {
        ListEntry e = block(ListKind.CARD_FINGERPRINT, "fp_ABC");
        ListIndex index = ListIndex.of(List.of(e));
        assertThat(index.match(query().cardFingerprint("fp_ABC").build(), NOW).blocks()).containsExactly(e);
        assertThat(index.match(query().cardFingerprint("fp_abc").build(), NOW).isEmpty()).isTrue();
    }

    @Test
    void devicesMatchAfterTrimming() {
        ListEntry e = block(ListKind.DEVICE, " device-1 ");
        ListIndex index = ListIndex.of(List.of(e));
        assertThat(index.match(query().deviceId("device-1").build(), NOW).blocks()).containsExactly(e);
        assertThat(index.match(query().deviceId("device-2").build(), NOW).isEmpty()).isTrue();
    }

    @Test
    void ipv4AddressesAndRangesOfEveryLengthMatch() {
        ListEntry single = block(ListKind.IP, "192.0.2.10");
        ListEntry slash24 = block(ListKind.IP, "192.0.2.0/24");
        ListEntry slash8 = allow(ListKind.IP, "192.0.0.0/8");
        ListEntry other = block(ListKind.IP, "198.51.100.0/24");
        ListIndex index = ListIndex.of(List.of(single, slash24, slash8, other));

        ListHits hits = index.match(query().ip("192.0.2.10").build(), NOW);
        assertThat(hits.blocks()).containsExactlyInAnyOrder(single, slash24);
        assertThat(hits.allows()).containsExactly(slash8);

        assertThat(index.match(query().ip("192.0.2.255").build(), NOW).blocks()).containsExactly(slash24);
        assertThat(index.match(query().ip("192.0.3.0").build(), NOW).blocks()).isEmpty();
        assertThat(index.match(query().ip("192.0.3.0").build(), NOW).allows()).containsExactly(slash8);
        assertThat(index.match(query().ip("193.0.0.1").build(), NOW).isEmpty()).isTrue();
        assertThat(index.match(query().ip("::ffff:192.0.2.10").build(), NOW).blocks())
                .containsExactlyInAnyOrder(single, slash24);
    }

    @Test
    void ipv6RangesMatch() {
        ListEntry range = block(ListKind.IP, "2001:db8:abcd::/48");
        ListEntry single = block(ListKind.IP, "2001:db8:abcd:12::1");
        ListEntry odd = block(ListKind.IP, "2001:db8:ff00::/41");
        ListIndex index = ListIndex.of(List.of(range, single, odd));
        assertThat(index.match(query().ip("2001:DB8:ABCD:0012:0:0:0:1").build(), NOW).blocks())
                .containsExactlyInAnyOrder(range, single);
        assertThat(index.match(query().ip("2001:db8:abcd:ffff::9").build(), NOW).blocks()).containsExactly(range);
        assertThat(index.match(query().ip("2001:db8:abce::1").build(), NOW).isEmpty()).isTrue();
        assertThat(index.match(query().ip("2001:db8:ff7f:1::").build(), NOW).blocks()).containsExactly(odd);
        assertThat(index.match(query().ip("2001:db8:ff80::").build(), NOW).isEmpty()).isTrue();
    }

    @Test
    void ipQueriesThatAreNoLiteralMatchNothing() {
        ListIndex index = ListIndex.of(List.of(block(ListKind.IP, "10.0.0.0/8"), block(ListKind.IP, "::1")));
        for (String junk : new String[] {"", "localhost", "10.0.0", "10.0.0.1.2", "::1::", "[::1]", "10.0.0.1/8"}) {
            assertThat(index.match(query().ip(junk).build(), NOW).isEmpty()).as(junk).isTrue();
        }
    }

    @Test
    void emailsMatchCaseInsensitivelyAndByDomain() {
        ListEntry address = block(ListKind.EMAIL, "Fraud@Example.com");
        ListEntry domain = block(ListKind.EMAIL, "@mailinator.com");
        ListIndex index = ListIndex.of(List.of(address, domain));
        assertThat(index.match(query().email(" fraud@EXAMPLE.com").build(), NOW).blocks()).containsExactly(address);
        assertThat(index.match(query().email("anyone@mailinator.com").build(), NOW).blocks()).containsExactly(domain);
        assertThat(index.match(query().email("fraud+1@example.com").build(), NOW).isEmpty()).isTrue();
        assertThat(index.match(query().email("not an email").build(), NOW).isEmpty()).isTrue();
    }

    @Test
    void plusTagsAreIgnoredWhenTheIndexIsBuiltSo() {
        ListEntry e = block(ListKind.EMAIL, "fraud@example.com");
        ListIndex index = ListIndex.of(List.of(e), EmailMatching.IGNORE_PLUS_TAG);
        assertThat(index.match(query().email("Fraud+order77@example.com").build(), NOW).blocks()).containsExactly(e);
        assertThat(index.match(query().email("fraud.x@example.com").build(), NOW).isEmpty()).isTrue();
    }

    @Test
    void binPrefixesMatchCardNumbersThatStartWithThem() {
        ListEntry six = block(ListKind.BIN, "412345");
        ListEntry eight = block(ListKind.BIN, "41234567");
        ListIndex index = ListIndex.of(List.of(six, eight));
        assertThat(index.match(query().binDigits("41234567").build(), NOW).blocks()).containsExactlyInAnyOrder(six, eight);
        assertThat(index.match(query().binDigits("41234568").build(), NOW).blocks()).containsExactly(six);
        // Too few digits to know whether the 8-digit entry applies: only the 6-digit one can match.
        assertThat(index.match(query().binDigits("412345").build(), NOW).blocks()).containsExactly(six);
        assertThat(index.match(query().binDigits("412346").build(), NOW).isEmpty()).isTrue();
    }

    @Test
    void binRangesIncludeBothEnds() {
        ListEntry range = block(ListKind.BIN, "41234500-41234599");
        ListEntry overlapping = allow(ListKind.BIN, "41234590-41234610");
        ListEntry wide = block(ListKind.BIN, "400000-499999");
        ListIndex index = ListIndex.of(List.of(range, overlapping, wide));
        assertThat(index.match(query().binDigits("41234499").build(), NOW).blocks()).containsExactly(wide);
        assertThat(index.match(query().binDigits("41234500").build(), NOW).blocks()).containsExactlyInAnyOrder(range, wide);
        assertThat(index.match(query().binDigits("41234599").build(), NOW).blocks()).containsExactlyInAnyOrder(range, wide);
        assertThat(index.match(query().binDigits("41234599").build(), NOW).allows()).containsExactly(overlapping);
        assertThat(index.match(query().binDigits("41234600").build(), NOW).blocks()).containsExactly(wide);
        assertThat(index.match(query().binDigits("41234611").build(), NOW).allows()).isEmpty();
        assertThat(index.match(query().binDigits("49999999999").build(), NOW).blocks()).containsExactly(wide);
        assertThat(index.match(query().binDigits("50000000").build(), NOW).isEmpty()).isTrue();
    }

    @Test
    void aLongRangeBeforeManyShortOnesIsStillFound() {
        List<ListEntry> entries = new ArrayList<>();
        ListEntry wide = block(ListKind.BIN, "400000-499999");
        entries.add(wide);
        for (int i = 0; i < 50; i++) {
            entries.add(block(ListKind.BIN, Integer.toString(410000 + i * 100)));
        }
        ListIndex index = ListIndex.of(entries);
        assertThat(ids(index.match(query().binDigits("4800001").build(), NOW).blocks())).containsExactly(wide.id());
    }

    @Test
    void theQueryRefusesAWholeCardNumber() {
        assertThatThrownBy(() -> ListQuery.builder().binDigits("4111111111111111"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("4111");
        assertThatThrownBy(() -> ListQuery.builder().binDigits("4111-11"))
                .hasMessageContaining("digits only");
    }

    @Test
    void deliveryAddressesMatchAcrossSpellings() {
        ListEntry building = block(ListKind.DELIVERY_ADDRESS, "東京都世田谷区三軒茶屋2-11-22");
        ListEntry room = block(ListKind.DELIVERY_ADDRESS, "世田谷区三軒茶屋二丁目11番22号 ハイツ山田202号室");
        ListIndex index = ListIndex.of(List.of(building, room));
        assertThat(index.match(query().deliveryAddress("東京都世田谷区三軒茶屋２－１１－２２－２０２").build(), NOW).blocks())
                .containsExactlyInAnyOrder(building, room);
        assertThat(index.match(query().deliveryAddress("東京都世田谷区三軒茶屋2丁目11-22 ハイツ山田 305").build(), NOW).blocks())
                .containsExactly(building);
        assertThat(index.match(query().deliveryAddress("東京都世田谷区三軒茶屋2-11-23").build(), NOW).isEmpty()).isTrue();
    }

    @Test
    void expiredEntriesNeverMatch() {
        ListEntry expired = new ListEntry(ListKind.DEVICE, ListType.BLOCK, "d1", "test", "", NOW, 1);
        ListEntry live = new ListEntry(ListKind.DEVICE, ListType.BLOCK, "d1", "test", "", NOW.plusSeconds(1), 2);
        ListIndex index = ListIndex.of(List.of(expired, live));
        assertThat(index.match(query().deviceId("d1").build(), NOW).blocks()).containsExactly(live);
        assertThat(index.match(query().deviceId("d1").build(), NOW.plus(Duration.ofSeconds(1)))).isSameAs(ListHits.none());
        assertThat(index.match(query().deviceId("d1").build(), NOW.minusSeconds(1)).blocks()).containsExactly(expired, live);
    }

    @Test
    void expiryAppliesToEveryKind() {
        Instant past = NOW.minusSeconds(60);
        ListIndex index = ListIndex.of(List.of(
                new ListEntry(ListKind.IP, ListType.BLOCK, "10.0.0.0/8", "t", "", past, 1),
                new ListEntry(ListKind.BIN, ListType.BLOCK, "412345", "t", "", past, 2),
                new ListEntry(ListKind.EMAIL, ListType.BLOCK, "a@b.example", "t", "", past, 3),
                new ListEntry(ListKind.DELIVERY_ADDRESS, ListType.BLOCK, "千代田区霞が関1-3-1", "t", "", past, 4),
                new ListEntry(ListKind.CARD_FINGERPRINT, ListType.BLOCK, "fp", "t", "", past, 5)));
        ListQuery q = query().ip("10.1.2.3").binDigits("41234567").email("a@b.example")
                .deliveryAddress("東京都千代田区霞ヶ関1-3-1").cardFingerprint("fp").build();
        assertThat(index.match(q, NOW)).isSameAs(ListHits.none());
        assertThat(index.match(q, past.minusSeconds(1)).blocks()).hasSize(5);
    }

    @Test
    void blockAndAllowCanBothHit() {
        ListEntry blockDevice = block(ListKind.DEVICE, "d1");
        ListEntry allowCard = allow(ListKind.CARD_FINGERPRINT, "fp1");
        ListIndex index = ListIndex.of(List.of(blockDevice, allowCard));
        ListHits hits = index.match(query().deviceId("d1").cardFingerprint("fp1").build(), NOW);
        assertThat(hits.isBlocked()).isTrue();
        assertThat(hits.isAllowed()).isTrue();
        assertThat(hits.isBlocked(ListKind.DEVICE)).isTrue();
        assertThat(hits.isBlocked(ListKind.CARD_FINGERPRINT)).isFalse();
        assertThat(hits.isAllowed(ListKind.CARD_FINGERPRINT)).isTrue();
        assertThat(hits.blocks().get(0).reason()).startsWith("reason");
    }

    @Test
    void invalidEntriesCannotBeCreated() {
        assertThatThrownBy(() -> new ListEntry(ListKind.IP, ListType.BLOCK, "example.com", "t", "", null, 1))
                .isInstanceOf(InvalidListValueException.class);
    }

    @Test
    void printedEntriesQueriesAndHitsLeaveTheValuesOut() {
        ListEntry e = block(ListKind.EMAIL, "secret.person@example.com");
        ListQuery q = query().email("secret.person@example.com").binDigits("41234567").build();
        ListHits hits = ListIndex.of(List.of(e)).match(q, NOW);
        assertThat(e.toString()).doesNotContain("secret").contains("EMAIL");
        assertThat(q.toString()).doesNotContain("secret").doesNotContain("4123").contains("email");
        assertThat(hits.toString()).doesNotContain("secret").contains("EMAIL#" + e.id());
    }
}
