package dev.mamori.lab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.risk.Channel;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledHistoryCsvTest {
    static final Duration DELAY = Duration.ofDays(30);

    @Test
    void theDocumentedSchemaWithExtraColumnsKept() {
        String csv = """
                card_id,time,amount,currency,merchant_id,terminal_id,mcc,channel,device,ip,email,delivery_address,label,label_date,segment
                C001,2026-10-01T10:00:00+09:00,5000,JPY,M1,T1,5411,f2f,,,,,0,,gold
                C001,2026-10-02T23:10:00Z,120000,JPY,M9,,5732,ec,dev-1,198.51.100.7,A@Example.JP,東京都新宿区西新宿2-8-1,1,2026-10-20,gold
                """;
        LabelledHistoryCsv.Result result = LabelledHistoryCsv.read(new StringReader(csv), HistorySchema.MAMORI, DELAY);
        assertThat(result.rejected()).isEmpty();
        assertThat(result.extraColumns()).containsExactly("segment");
        List<LabelledTransaction> rows = result.transactions();
        assertThat(rows).hasSize(2);
        LabelledTransaction first = rows.get(0);
        assertThat(first.time()).isEqualTo(Instant.parse("2026-10-01T01:00:00Z"));
        assertThat(first.channel()).isEqualTo(Channel.FACE_TO_FACE);
        assertThat(first.fraud()).isFalse();
        assertThat(first.labelKnownAt()).isEqualTo(first.time().plus(DELAY));
        assertThat(first.extra()).containsEntry("segment", "gold");
        LabelledTransaction second = rows.get(1);
        assertThat(second.email()).isEqualTo("a@example.jp");
        assertThat(second.fraud()).isTrue();
        assertThat(second.labelKnownAt()).isEqualTo(Instant.parse("2026-10-19T15:00:00Z"));
        assertThat(second.fraudKnownAt(Instant.parse("2026-10-10T00:00:00Z"))).isFalse();
        assertThat(second.fraudKnownAt(Instant.parse("2026-10-20T00:00:00Z"))).isTrue();
    }

    @Test
    void aCardNumberAsTheCardIdIsHashedAndNeverKept() {
        String csv = """
                card_id,time,amount,label,notes
                4111 1111 1111 1111,2026-10-01T10:00:00,100,0,card 4111111111111111 entered
                4111111111111111,2026-10-01T11:00:00,100,1,
                """;
        LabelledHistoryCsv.Result result = LabelledHistoryCsv.read(new StringReader(csv), HistorySchema.MAMORI, DELAY);
        assertThat(result.transactions()).hasSize(2);
        LabelledTransaction a = result.transactions().get(0);
        assertThat(a.cardKey()).startsWith("pan:").doesNotContain("4111111111111111");
        // No run of digits a card-number scanner could take for a card number, whatever the run's key.
        for (int i = 0; i < 2_000; i++) {
            String pan = String.format("4%014d", 10_000_000_000L + i * 7_919L);
            String key = LabelledHistoryCsv.read(new java.io.StringReader("card_id,time,amount,currency,label\n" + pan
                    + dev.mamori.common.Luhn.checkDigit(pan) + ",2026-01-01T00:00:00Z,100,JPY,0\n"), HistorySchema.MAMORI,
                    java.time.Duration.ofDays(30)).transactions().get(0).cardKey();
            assertThat(dev.mamori.common.CardNumberDetector.containsCardNumber(key)).as(key).isFalse();
        }
        assertThat(a.bin()).isEqualTo("411111");
        assertThat(result.transactions().get(1).cardKey()).as("the same card is the same key").isEqualTo(a.cardKey());
        assertThat(a.extra()).as("an extra column holding a card number is dropped").doesNotContainKey("notes");
        assertThat(a.toString()).doesNotContain("4111111111111111");
    }

    @Test
    void badRowsAreSkippedAndNamedByRowColumnAndRuleNotByValue() {
        String csv = """
                card_id,time,amount,currency,mcc,channel,label
                C1,2026-10-01T10:00:00,100,JPY,5411,ec,0
                ,2026-10-01T10:00:00,100,JPY,5411,ec,0
                C2,yesterday,100,JPY,5411,ec,0
                C3,2026-10-01T10:00:00,-5,JPY,5411,ec,0
                C4,2026-10-01T10:00:00,10.5,JPY,5411,ec,0
                C5,2026-10-01T10:00:00,100,XXQ,5411,ec,0
                C6,2026-10-01T10:00:00,100,JPY,54,ec,0
                C7,2026-10-01T10:00:00,100,JPY,5411,tv,0
                C8,2026-10-01T10:00:00,100,JPY,5411,ec,maybe
                C9,2026-10-01T10:00:00,1.25,USD,5411,ec,1
                """;
        LabelledHistoryCsv.Result result = LabelledHistoryCsv.read(new StringReader(csv), HistorySchema.MAMORI, DELAY);
        assertThat(result.transactions()).extracting(LabelledTransaction::cardKey).containsExactly("C1", "C9");
        assertThat(result.transactions().get(1).amountMinor()).isEqualTo(125);
        assertThat(result.rejected()).extracting(r -> r.row() + ":" + r.column() + ":" + r.rule()).containsExactly(
                "2:card_id:required", "3:time:date-time", "4:amount:not-negative", "5:amount:minor-units", "6:currency:iso-4217",
                "7:mcc:four-digits", "8:channel:one-of", "9:label:one-of");
    }

    @Test
    void theSparkovSchemaReadsThePublicSyntheticFiles() {
        String csv = """
                ,trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,lat,long,city_pop,job,dob,trans_num,unix_time,merch_lat,merch_long,is_fraud
                0,2019-01-01 00:00:18,2703186189652095,"fraud_Rippin, Kub and Mann",misc_net,4.97,Jennifer,Banks,F,561 Perry Cove,Moravian Falls,NC,28654,36.0788,-81.1781,3495,"Psychologist, counselling",1988-03-09,0b242abb623afc578575680df30655b9,1325376018,36.011293,-82.048315,0
                1,2019-01-01 00:00:44,630423337322,fraud_Heller,grocery_pos,107.23,Stephanie,Gill,F,43039 Riley Greens Suite 393,Orient,WA,99160,48.8878,-118.2105,149,Special educational needs teacher,1978-06-21,1f76529f8574734946361c461b024d99,1325376044,49.159047,-118.186462,1
                """;
        LabelledHistoryCsv.Result result = LabelledHistoryCsv.read(new StringReader(csv), HistorySchema.SPARKOV, DELAY);
        assertThat(result.rejected()).isEmpty();
        LabelledTransaction online = result.transactions().get(0);
        assertThat(online.channel()).isEqualTo(Channel.ECOMMERCE);
        assertThat(online.currency()).isEqualTo("USD");
        assertThat(online.amountMinor()).isEqualTo(497);
        assertThat(online.time()).isEqualTo(Instant.parse("2019-01-01T00:00:18Z"));
        assertThat(online.merchantId()).isEqualTo("fraud_Rippin, Kub and Mann");
        assertThat(result.transactions().get(1).channel()).isEqualTo(Channel.FACE_TO_FACE);
        assertThat(result.transactions().get(1).fraud()).isTrue();
        assertThat(result.extraColumns()).contains("first", "trans_num");
    }

    @Test
    void aHeaderWithoutARequiredColumnIsRefused() {
        assertThatThrownBy(() -> LabelledHistoryCsv.read(new StringReader("card_id,amount,label\nC1,1,0\n"), HistorySchema.MAMORI, DELAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time");
        assertThatThrownBy(() -> LabelledHistoryCsv.read(new StringReader(""), HistorySchema.MAMORI, DELAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header");
    }
}
