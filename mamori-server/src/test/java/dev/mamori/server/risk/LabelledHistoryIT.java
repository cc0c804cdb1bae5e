package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.Luhn;
import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.lab.ImportedHistories;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Labelled histories imported over the API: stored whole or not at all, card numbers hashed, per tenant, loadable for training. */
class LabelledHistoryIT extends IntegrationTest {
    private static final String PAN = pan("453201", 123_456_789L);
    private static final String HEADER = "card_id,time,amount,currency,merchant_id,mcc,merchant_country,channel,device,ip,email,label,label_date,order_ref\n";

    @Autowired
    ImportedHistories histories;

    IssuerFixture issuer;
    String analyst;

    @BeforeEach
    void issuer() {
        issuer = new IssuerFixture(api, unique("history"));
        analyst = issuer.tenant.key(Role.ANALYST);
    }

    static String pan(String bin6, long account9) {
        String body = bin6 + String.format("%09d", account9);
        return body + Luhn.checkDigit(body);
    }

    TenantId tenant() {
        return new TenantId(UUID.fromString(issuer.tenant.id()));
    }

    Api.Reply upload(String query, String csv, String key) {
        return api.post("/v1/risk/labelled-history" + query, csv, withKey(key, "Content-Type", "text/csv"));
    }

    static String csv() {
        return HEADER
                + PAN + ",2026-10-01T10:00:00+09:00,5000,JPY,SHOP1,5411,JP,ec,dev-1,192.0.2.1,A@Example.jp,0,,R-1\n"
                + PAN + ",2026-10-02T01:00:00Z,12000,JPY,SHOP2,5732,JP,ec,dev-2,192.0.2.2,,fraud,2026-10-20,R-2\n"
                + "customer-42,2026-10-03T09:00:00,300,JPY,SHOP1,5411,JP,f2f,,,,good,,\n";
    }

    @Test
    void aHistoryIsStoredAsADatasetWithoutCardNumbersAndLoadsBackForTraining() {
        Api.Reply imported = upload("?name=october&schema=mamori", csv(), analyst);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        JsonNode d = imported.json();
        assertThat(d.get("rows").asInt()).isEqualTo(3);
        assertThat(d.get("fraudRows").asInt()).isEqualTo(1);
        assertThat(Instant.parse(d.get("firstAt").asString())).isEqualTo(Instant.parse("2026-10-01T01:00:00Z"));
        assertThat(Instant.parse(d.get("lastAt").asString())).isEqualTo(Instant.parse("2026-10-03T00:00:00Z"));
        assertThat(d.get("schema").asString()).isEqualTo("mamori");
        assertThat(imported.body()).doesNotContain(PAN);
        UUID id = UUID.fromString(d.get("id").asString());

        Api.Reply list = api.get("/v1/risk/labelled-history", withKey(issuer.tenant.key(Role.AUDITOR)));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get(0).get("name").asString()).isEqualTo("october");
        assertThat(api.get("/v1/risk/labelled-history/" + id, withKey(analyst)).json().get("rows").asInt()).isEqualTo(3);

        List<LabelledTransaction> rows = histories.load(tenant(), id);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).cardKey()).startsWith("pan:").doesNotContain(PAN);
        assertThat(rows.get(0).cardKey()).isEqualTo(rows.get(1).cardKey());
        assertThat(rows.get(0).bin()).isEqualTo("453201");
        assertThat(rows.get(0).email()).isEqualTo("a@example.jp");
        assertThat(rows.get(0).extra()).containsEntry("order_ref", "R-1");
        assertThat(rows.get(0).fraud()).isFalse();
        assertThat(rows.get(0).labelKnownAt()).isEqualTo(rows.get(0).time().plus(Duration.ofDays(30)));
        assertThat(rows.get(1).fraud()).isTrue();
        assertThat(rows.get(1).amountMinor()).isEqualTo(12_000);
        assertThat(rows.get(1).labelKnownAt()).isEqualTo(Instant.parse("2026-10-19T15:00:00Z"));
        assertThat(rows.get(2).cardKey()).isEqualTo("customer-42");
        assertThat(rows.get(2).channel().id()).isEqualTo("f2f");

        List<String> stored = new ArrayList<>();
        jdbc.sql("select card_key, coalesce(extra, '') from risk.labelled_history_rows where history_id = ?").param(id)
                .query((rs, n) -> rs.getString(1) + rs.getString(2)).list().forEach(stored::add);
        assertThat(stored).hasSize(3).noneMatch(v -> v.contains(PAN) || v.contains(PAN.substring(6)));
    }

    @Test
    void theSparkovFilesAreReadInTheirOwnSchema() {
        String sparkov = ",trans_date_trans_time,cc_num,merchant,category,amt,first,is_fraud\n"
                + "0,2019-01-01 00:00:18," + pan("270318", 618_965_209L) + ",fraud_Rippin,misc_net,4.97,Jennifer,0\n"
                + "1,2019-01-01 00:00:44," + pan("630423", 337_322_000L) + ",fraud_Heller,grocery_pos,107.23,Stephanie,1\n";
        Api.Reply imported = upload("?name=sparkov-sample&schema=sparkov&labelDelay=7d", sparkov, analyst);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.json().get("labelDelay").asString()).isEqualTo("PT168H");
        List<LabelledTransaction> rows = histories.load(tenant(), UUID.fromString(imported.json().get("id").asString()));
        assertThat(rows).extracting(t -> t.channel().id()).containsExactly("ec", "f2f");
        assertThat(rows.get(0).currency()).isEqualTo("USD");
        assertThat(rows.get(1).amountMinor()).isEqualTo(10_723);
        assertThat(rows.get(1).labelKnownAt()).isEqualTo(rows.get(1).time().plus(Duration.ofDays(7)));
        assertThat(rows.get(1).extra()).containsEntry("first", "Stephanie");
    }

    @Test
    void brokenRowsFailTheWholeImportNamingLineColumnAndRule() {
        String broken = HEADER
                + "c1,2026-10-01T10:00:00+09:00,5000,JPY,SHOP1,5411,JP,ec,,,,0,,\n"
                + "c2,2026-10-01T11:00:00+09:00,lots,JPY,SHOP1,5411,JP,ec,,,,0,,\n"
                + "c3,2026-10-01T12:00:00+09:00,100,JPY,SHOP1,5411,JP,ec,,,,0,,\n"
                + "c4,2026-10-01T13:00:00+09:00,100,JPY,SHOP1,5411,JP,ec,,,,maybe,,\n";
        Api.Reply refused = upload("?name=broken", broken, analyst);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        JsonNode errors = refused.json().get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("lines[3].amount");
        assertThat(errors.get(0).get("rule").asString()).isEqualTo("number");
        assertThat(errors.get(1).get("field").asString()).isEqualTo("lines[5].label");
        assertThat(errors.get(1).get("rule").asString()).isEqualTo("one-of");

        String cardInDevice = HEADER + "c1,2026-10-01T10:00:00+09:00,5000,JPY,SHOP1,5411,JP,ec," + PAN + ",,,0,,\n";
        Api.Reply pan = upload("?name=pan", cardInDevice, analyst);
        assertThat(pan.status()).isEqualTo(422);
        assertThat(pan.json().get("errors").get(0).get("field").asString()).isEqualTo("lines[2].device");
        assertThat(pan.json().get("errors").get(0).get("rule").asString()).isEqualTo("no-card-number");
        assertThat(pan.body()).doesNotContain(PAN);

        Api.Reply noLabel = upload("?name=x", "card_id,time,amount\nc1,2026-10-01T10:00:00Z,1\n", analyst);
        assertThat(noLabel.status()).isEqualTo(422);
        assertThat(noLabel.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(upload("?name=x", HEADER, analyst).json().get("errors").get(0).get("rule").asString()).isEqualTo("rows");
        assertThat(upload("?name=x&schema=kaggle", csv(), analyst).json().get("errors").get(0).get("field").asString()).isEqualTo("schema");
        assertThat(upload("?name=x&labelDelay=soon", csv(), analyst).json().get("errors").get(0).get("field").asString())
                .isEqualTo("labelDelay");
        assertThat(upload("", csv(), analyst).json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(api.post("/v1/risk/labelled-history?name=json", "{}", withKey(analyst)).status()).isEqualTo(415);
        assertThat(histories.list(tenant())).as("nothing was stored").isEmpty();

        assertThat(upload("?name=once", csv(), analyst).status()).isEqualTo(201);
        Api.Reply again = upload("?name=once", csv(), analyst);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(histories.list(tenant())).hasSize(1);
    }

    @Test
    void rolesAndTenantsKeepDatasetsApart() {
        assertThat(upload("?name=by-issuer", csv(), issuer.tenant.key(Role.ISSUER)).status()).isEqualTo(403);
        assertThat(upload("?name=by-auditor", csv(), issuer.tenant.key(Role.AUDITOR)).status()).isEqualTo(403);
        UUID id = UUID.fromString(upload("?name=mine", csv(), issuer.tenant.adminKey()).json().get("id").asString());

        IssuerFixture other = new IssuerFixture(api, unique("history-other"));
        TenantId otherTenant = new TenantId(UUID.fromString(other.tenant.id()));
        assertThat(api.get("/v1/risk/labelled-history/" + id, withKey(other.tenant.key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.get("/v1/risk/labelled-history", withKey(other.tenant.key(Role.ANALYST))).json()).isEmpty();
        assertThat(api.get("/v1/risk/labelled-history", withKey(issuer.tenant.key(Role.MERCHANT))).status()).isEqualTo(403);
        assertThatThrownBy(() -> histories.load(otherTenant, id)).isInstanceOf(NoSuchElementException.class);
        assertThat(histories.delete(otherTenant, id)).isFalse();
        assertThat(histories.load(tenant(), id)).hasSize(3);

        assertThat(histories.delete(tenant(), id)).isTrue();
        assertThat(api.get("/v1/risk/labelled-history/" + id, withKey(analyst)).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from risk.labelled_history_rows where history_id = ?").param(id).query(Integer.class).single())
                .isZero();
    }
}
