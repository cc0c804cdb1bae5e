package dev.mamori.server.threeds;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Pan;
import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.risk.iso.IsoEcData;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.risk.IsoListener;
import dev.mamori.threeds.AuthenticatedPayment;
import dev.mamori.threeds.AuthenticationValueIssuer;
import dev.mamori.threeds.ChallengeMethod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Currency;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.PostChannel;
import org.jpos.iso.packager.ISO87BPackager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A value the ACS's issuer computes for a card, presented in a JSON and an ISO 8583 0100 with ECI
 * 05, turns the issuer's step-up challenge into an approval with the liability shift recorded;
 * forged, replayed and mismatched values are caught and recorded.
 */
class AuthenticationValueIT extends IntegrationTest {
    static final int NEXT_YEAR = Year.now().getValue() + 1;
    static final Currency JPY = Currency.getInstance("JPY");

    @Autowired
    AuthenticationValueIssuer values;

    @Autowired
    IsoListener listener;

    Tenants.TestTenant tenant;
    String prefix;
    int serial;
    int trace;

    @BeforeEach
    void issuerWithAStepUpRule() {
        tenant = Tenants.create(api, unique("av-issuer"));
        prefix = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        assertThat(api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(tenant.adminKey())).status()).isEqualTo(201);
        assertThat(api.put("/v1/risk/policy", "{\"scoringFallback\":\"rules-only\",\"scoringBudgetMicros\":1000000,\"issuerCountry\":\"JP\"}",
                withKey(tenant.adminKey())).status()).isEqualTo(200);
        Api.Reply saved = api.post("/v1/rules", "{\"source\":\"rule \\\"step up\\\" when amount >= 30000 then challenge \\\"high-value\\\"\"}",
                withKey(tenant.key(Role.ANALYST)));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        int version = saved.json().get("version").asInt();
        Instant now = Instant.now();
        assertThat(api.post("/v1/risk/backtests", "{\"candidate\":{\"ruleVersion\":" + version + "},\"from\":\"" + now.minusSeconds(86_400)
                + "\",\"to\":\"" + now.plusSeconds(60) + "\"}", withKey(tenant.adminKey())).status()).isEqualTo(201);
        assertThat(api.post("/v1/rules/" + version + "/activate", "", withKey(tenant.adminKey())).status()).isEqualTo(200);
    }

    String openCard() {
        serial++;
        String body = prefix + String.format("%06d", serial * 7919 % 1_000_000);
        String pan = body + Luhn.checkDigit(body);
        Api.Reply opened = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"currency\":\"JPY\",\"creditLimit\":1000000}", withKey(tenant.key(Role.ISSUER)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return pan;
    }

    String issue(String pan, long amount, String merchantId, String eci) {
        return values.issue(new AuthenticatedPayment(TenantId.parse(tenant.id()), Pan.of(pan), amount, JPY, merchantId,
                UUID.randomUUID().toString(), eci, ChallengeMethod.SMS_OTP, Instant.now()));
    }

    Api.Reply authorize(String pan, long amount, String merchantId, String eci, String value) {
        trace++;
        String body = "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + ",\"amount\":" + amount
                + ",\"currency\":\"JPY\",\"merchant\":{\"id\":\"" + merchantId + "\",\"terminalId\":\"T0000001\",\"mcc\":\"5411\","
                + "\"country\":\"JP\"},\"stan\":\"" + String.format("%06d", trace) + "\",\"rrn\":\"AV" + String.format("%010d", trace)
                + "\",\"ec\":{\"threeDs\":{\"eci\":\"" + eci + "\",\"authenticationValue\":\"" + value + "\",\"transStatus\":\"Y\"}}}";
        return api.post("/v1/authorizations", body, withKey(tenant.key(Role.ISSUER)));
    }

    JsonNode logged(Api.Reply decision) {
        Api.Reply got = api.get("/v1/authorizations/" + decision.json().get("id").asString(), withKey(tenant.key(Role.ANALYST)));
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        return got.json();
    }

    @Test
    void aValueTheIssuerComputedApprovesTheChallengeOverJsonAndShiftsLiabilityOnce() {
        String pan = openCard();
        String value = issue(pan, 30_000, "SHOP001", "05");

        Api.Reply plain = api.post("/v1/authorizations", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"amount\":30000,\"currency\":\"JPY\",\"merchant\":{\"id\":\"SHOP001\",\"terminalId\":\"T0000001\",\"mcc\":\"5411\","
                + "\"country\":\"JP\"}}", withKey(tenant.key(Role.ISSUER)));
        assertThat(plain.json().get("responseCode").asString()).as(plain.toString()).isEqualTo("1A");

        Api.Reply approved = authorize(pan, 30_000, "SHOP001", "05", value);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("responseCode").asString()).as(approved.toString()).isEqualTo("00");
        assertThat(approved.json().get("reasons").toString()).contains("high-value", "step-up-done");
        JsonNode view = logged(approved);
        assertThat(view.get("threeDsValueCheck").asString()).isEqualTo("valid");
        assertThat(view.get("liabilityShift").asBoolean()).isTrue();
        assertThat(view.get("eci").asString()).isEqualTo("05");

        // A fraud chargeback on it: the label says the liability lies with the issuer.
        Api.Reply chargeback = api.post("/v1/risk/labels/chargebacks", "{\"authorizationId\":\"" + approved.json().get("id").asString()
                + "\",\"network\":\"visa\",\"reasonCode\":\"10.4\"}", withKey(tenant.key(Role.ANALYST)));
        assertThat(chargeback.status()).as(chargeback.toString()).isEqualTo(201);
        assertThat(chargeback.json().get("fraud").asBoolean()).isTrue();
        assertThat(chargeback.json().get("liabilityShift").asBoolean()).isTrue();
        Api.Reply labels = api.get("/v1/risk/labels?authorizationId=" + approved.json().get("id").asString(),
                withKey(tenant.key(Role.ANALYST)));
        assertThat(labels.json().get(0).get("liabilityShift").asBoolean()).isTrue();

        Api.Reply replayed = authorize(pan, 30_000, "SHOP001", "05", value);
        assertThat(replayed.json().get("responseCode").asString()).as(replayed.toString()).isEqualTo("59");
        assertThat(replayed.json().get("reasons").get(0).asString()).isEqualTo("3ds-value-replayed");
        assertThat(logged(replayed).get("threeDsValueCheck").asString()).isEqualTo("replayed");
        assertThat(logged(replayed).get("liabilityShift").asBoolean()).isFalse();
        Api.Reply unshifted = api.post("/v1/risk/labels/chargebacks", "{\"authorizationId\":\"" + plain.json().get("id").asString()
                + "\",\"network\":\"visa\",\"reasonCode\":\"10.4\"}", withKey(tenant.key(Role.ANALYST)));
        assertThat(unshifted.json().get("liabilityShift").asBoolean()).as(unshifted.toString()).isFalse();
    }

    @Test
    void aForgedValueIsDeclinedAndRecorded() {
        String pan = openCard();
        byte[] bytes = Base64.getDecoder().decode(issue(pan, 30_000, "SHOP001", "05"));
        bytes[15] ^= 0x01;
        Api.Reply forged = authorize(pan, 30_000, "SHOP001", "05", Base64.getEncoder().encodeToString(bytes));

        assertThat(forged.json().get("responseCode").asString()).as(forged.toString()).isEqualTo("59");
        assertThat(forged.json().get("reasons").get(0).asString()).isEqualTo("3ds-value-forged");
        assertThat(logged(forged).get("threeDsValueCheck").asString()).isEqualTo("forged");

        Api.Reply otherTenants = authorize(pan, 30_000, "SHOP001", "05", Base64.getEncoder().encodeToString(new byte[20]));
        assertThat(otherTenants.json().get("reasons").get(0).asString()).isEqualTo("3ds-value-forged");
    }

    @Test
    void aGenuineValueForAnotherAmountMerchantOrCardDoesNotAuthenticate() {
        String pan = openCard();
        String otherPan = openCard();
        String value = issue(pan, 30_000, "SHOP001", "05");

        for (Api.Reply mismatched : new Api.Reply[] {authorize(pan, 30_500, "SHOP001", "05", value),
                authorize(pan, 30_000, "SHOP002", "05", value), authorize(otherPan, 30_000, "SHOP001", "05", value)}) {
            assertThat(mismatched.json().get("responseCode").asString()).as(mismatched.toString()).isEqualTo("1A");
            assertThat(mismatched.json().get("reasons").toString()).contains("3ds-value-mismatch").doesNotContain("step-up-done");
            JsonNode view = logged(mismatched);
            assertThat(view.get("threeDsValueCheck").asString()).isEqualTo("mismatched");
            assertThat(view.get("liabilityShift").asBoolean()).isFalse();
        }
        assertThat(authorize(pan, 30_000, "SHOP001", "05", value).json().get("responseCode").asString()).isEqualTo("00");
    }

    @Test
    void anAttemptsValueShiftsLiabilityWithoutCountingAsAuthentication() {
        String pan = openCard();
        Api.Reply attempted = authorize(pan, 30_000, "SHOP001", "06", issue(pan, 30_000, "SHOP001", "06"));
        assertThat(attempted.json().get("responseCode").asString()).as(attempted.toString()).isEqualTo("1A");
        assertThat(logged(attempted).get("threeDsValueCheck").asString()).isEqualTo("valid");
        assertThat(logged(attempted).get("liabilityShift").asBoolean()).isTrue();
    }

    @Test
    void overIso8583TheValueInField48IsVerifiedTooAndCannotBeReplayed() throws Exception {
        String pan = openCard();
        String value = issue(pan, 30_000, "MERCHANT0000001", "05");
        PostChannel channel = new PostChannel("127.0.0.1", listener.port(), new ISO87BPackager());
        channel.setTimeout(15_000);
        channel.connect();
        try {
            ISOMsg first = iso(pan, 30_000, value, "AVRRN0000001");
            channel.send(first);
            ISOMsg approved = channel.receive();
            assertThat(approved.getString(39)).isEqualTo("00");

            channel.send(first); // the acquirer did not see the answer: the same answer again
            assertThat(channel.receive().getString(39)).isEqualTo("00");

            channel.send(iso(pan, 30_000, value, "AVRRN0000002"));
            assertThat(channel.receive().getString(39)).as("a second authorization with the value").isEqualTo("59");

            channel.send(iso(pan, 30_000, issue(pan, 30_000, "OTHERMERCHANT01", "05"), "AVRRN0000003"));
            assertThat(channel.receive().getString(39)).as("a value for another merchant").isEqualTo("1A");
        } finally {
            channel.disconnect();
        }
        var rows = jdbc.sql("select rrn, three_ds_value_check, liability_shift, reasons from risk.decisions where tenant_id = cast(:t as uuid)"
                + " and rrn like 'AVRRN%' order by rrn").param("t", tenant.id())
                .query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getBoolean(3) + "|" + rs.getString(4)).list();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith("AVRRN0000001|valid|true|").contains("step-up-done");
        assertThat(rows.get(1)).startsWith("AVRRN0000002|replayed|false|3ds-value-replayed");
        assertThat(rows.get(2)).startsWith("AVRRN0000003|mismatched|false|").contains("3ds-value-mismatch");
    }

    ISOMsg iso(String pan, long amount, String value, String rrn) throws Exception {
        ISOMsg m = new ISOMsg("0100");
        m.set(2, pan);
        m.set(3, "000000");
        m.set(4, String.format("%012d", amount));
        m.set(7, ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("MMddHHmmss")));
        m.set(11, rrn.substring(rrn.length() - 6));
        m.set(12, "101010");
        m.set(14, String.format("%02d12", NEXT_YEAR % 100));
        m.set(18, "5816");
        m.set(22, "010");
        m.set(25, "59");
        m.set(37, rrn);
        m.set(41, "TERM0001");
        m.set(42, "MERCHANT0000001");
        m.set(43, "Mamori Game Shop         Tokyo        JP");
        m.set(49, "392");
        m.set(48, new String(new IsoEcData(null, null, null, null, "05", value, "Y", "EC", null).encode(), StandardCharsets.ISO_8859_1));
        return m;
    }
}
