package dev.mamori.server.vault;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** The token API end to end over HTTP: tokenize, read, detokenize, delete, and every refusal. */
@ExtendWith(OutputCaptureExtension.class)
class TokenApiIT extends IntegrationTest {
    static final String VISA = "4539578763621486";
    static final String JCB = "3566002020360505";
    static final String AMEX = "371449635398431";
    static final int NEXT_YEAR = Year.now().getValue() + 1;

    TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("vault"));
    }

    static String card(String pan) {
        return "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + "}";
    }

    Api.Reply tokenize(String body) {
        return api.post("/v1/tokens", body, withKey(tenant.key(Role.PSP)));
    }

    Api.Reply detokenize(String token, Role role) {
        return api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"chargeback evidence\"}", withKey(tenant.key(role)));
    }

    @Test
    void tokenizeReturnsATokenAndMetadataButNeverTheNumber() {
        Api.Reply created = tokenize("{\"pan\":\"4539 5787 6362 1486\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"holderName\":\"TARO YAMADA\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("token").asString()).matches("tok_[A-Za-z0-9_-]{22}");
        assertThat(body.get("brand").asString()).isEqualTo("visa");
        assertThat(body.get("maskedPan").asString()).isEqualTo("453957******1486");
        assertThat(body.get("last4").asString()).isEqualTo("1486");
        assertThat(body.get("fingerprint").asString()).hasSize(43);
        assertThat(created.body()).doesNotContain(VISA).doesNotContain("TARO");

        Api.Reply metadata = api.get("/v1/tokens/" + body.get("token").asString(), withKey(tenant.key(Role.MERCHANT)));
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json().get("maskedPan").asString()).isEqualTo("453957******1486");
        assertThat(metadata.body()).doesNotContain(VISA);
    }

    @Test
    void detokenizeGivesTheCardBackToAllowedRolesAndAuditsThePurpose() {
        String token = tokenize("{\"pan\":\"" + JCB + "\",\"expiryMonth\":3,\"expiryYear\":" + NEXT_YEAR
                + ",\"holderName\":\"HANAKO SATO\"}").json().get("token").asString();

        Api.Reply revealed = detokenize(token, Role.ISSUER);
        assertThat(revealed.status()).as(revealed.toString()).isEqualTo(200);
        assertThat(revealed.json().get("pan").asString()).isEqualTo(JCB);
        assertThat(revealed.json().get("holderName").asString()).isEqualTo("HANAKO SATO");
        assertThat(revealed.json().get("expiryMonth").asInt()).isEqualTo(3);

        String detail = jdbc.sql("select detail from platform.audit_events where tenant_id = ? and event_type = 'vault.card.detokenized' "
                        + "and resource = ? and lower(outcome) = 'success'")
                .params(java.util.UUID.fromString(tenant.id()), "token:" + token).query(String.class).single();
        assertThat(detail).contains("chargeback evidence").doesNotContain(JCB);
    }

    @Test
    void rolesOutsideThePolicyGetMetadataOnlyAndTheRefusalIsAudited() {
        String token = tokenize(card(VISA)).json().get("token").asString();
        for (Role role : List.of(Role.MERCHANT, Role.ANALYST, Role.AUDITOR, Role.ADMIN)) {
            Api.Reply refused = detokenize(token, role);
            assertThat(refused.status()).as(role + " " + refused).isEqualTo(403);
            assertThat(refused.body()).doesNotContain(VISA);
        }
        assertThat(api.get("/v1/tokens/" + token, withKey(tenant.key(Role.ANALYST))).status()).isEqualTo(200);
        long refusals = jdbc.sql("select count(*) from platform.audit_events where tenant_id = ? and event_type = 'vault.card.detokenized' and lower(outcome) = 'failure'")
                .param(java.util.UUID.fromString(tenant.id())).query(Long.class).single();
        assertThat(refusals).isEqualTo(4);

        // The tenant's admin changes the policy: now analysts may, issuers may not.
        Api.Reply changed = api.put("/v1/vault/policy", "{\"detokenizeRoles\":[\"analyst\"]}", withKey(tenant.adminKey()));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        Api.Reply analyst = detokenize(token, Role.ANALYST);
        assertThat(analyst.status()).as(analyst.toString()).isEqualTo(200);
        assertThat(detokenize(token, Role.ISSUER).status()).isEqualTo(403);
        Api.Reply merchants = api.put("/v1/vault/policy", "{\"detokenizeRoles\":[\"merchant\"]}", withKey(tenant.adminKey()));
        assertThat(merchants.status()).isEqualTo(422);
        assertThat(merchants.json().get("errors").get(0).get("rule").asString()).isEqualTo("merchant-forbidden");
    }

    @Test
    void merchantsCannotTokenizeServerSide() {
        Api.Reply refused = api.post("/v1/tokens", card(VISA), withKey(tenant.key(Role.MERCHANT)));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void anotherTenantsTokenIsNotFoundExactlyLikeAnUnknownOne() {
        String token = tokenize(card(VISA)).json().get("token").asString();
        TestTenant other = Tenants.create(api, unique("other"));
        Api.Reply foreign = api.get("/v1/tokens/" + token, withKey(other.key(Role.PSP)));
        Api.Reply unknown = api.get("/v1/tokens/tok_AAAAAAAAAAAAAAAAAAAAAA", withKey(other.key(Role.PSP)));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail").asString()).isEqualTo(unknown.json().get("detail").asString());
        assertThat(api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"x\"}", withKey(other.key(Role.PSP))).status()).isEqualTo(404);
        assertThat(api.delete("/v1/tokens/" + token, withKey(other.key(Role.PSP))).status()).isEqualTo(404);
        assertThat(detokenize(token, Role.PSP).status()).isEqualTo(200);
    }

    @Test
    void badCardsAreRefusedNamingFieldAndRule() {
        assertRefused(card("4539578763621487"), "pan", "luhn");
        assertRefused(card("453957876362"), "pan", "length");
        assertRefused(card("9999999999999995"), "pan", "brand");
        assertRefused(card("37144963539849"), "pan", "brand-length"); // 14-digit Amex
        assertRefused("{\"pan\":\"" + VISA + "\",\"expiryMonth\":1,\"expiryYear\":2020}", "expiry", "expired");
        assertRefused("{\"pan\":\"" + VISA + "\",\"expiryMonth\":13,\"expiryYear\":" + NEXT_YEAR + "}", "expiryMonth", "range");
        assertRefused("{\"pan\":\"" + AMEX + "\",\"expiryMonth\":1,\"expiryYear\":" + NEXT_YEAR + ",\"cvc\":\"123\"}", "cvc", "length");
        assertRefused("{\"pan\":\"" + VISA + "\",\"expiryMonth\":1,\"expiryYear\":" + NEXT_YEAR + ",\"cvc\":\"12a\"}", "cvc", "digits");
        assertRefused("{\"pan\":\"" + VISA + "\",\"expiryMonth\":1,\"expiryYear\":" + NEXT_YEAR + ",\"format\":\"fancy\"}", "format", "enum");
        assertRefused("{\"pan\":\"" + VISA + "\",\"expiryMonth\":1,\"expiryYear\":" + NEXT_YEAR + ",\"ttlSeconds\":5}", "ttlSeconds", "range");
        assertRefused("{\"expiryMonth\":1,\"expiryYear\":" + NEXT_YEAR + "}", "pan", "not-null");
        assertThat(jdbc.sql("select count(*) from vault.cards where tenant_id = ?").param(java.util.UUID.fromString(tenant.id()))
                .query(Long.class).single()).isZero();
    }

    void assertRefused(String body, String field, String rule) {
        Api.Reply reply = tokenize(body);
        assertThat(reply.status()).as(body + " -> " + reply).isEqualTo(422);
        JsonNode error = reply.json().get("errors").get(0);
        assertThat(error.get("field").asString()).as(reply.toString()).isEqualTo(field);
        assertThat(error.get("rule").asString()).as(reply.toString()).isEqualTo(rule);
        assertThat(reply.body()).doesNotContain("4539578763621487").doesNotContain("9999999999999995").doesNotContain(VISA);
    }

    @Test
    void malformedTokensAreAClearClientError() {
        Api.Reply reply = api.get("/v1/tokens/not-a-token", withKey(tenant.key(Role.PSP)));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("token");
    }

    @Test
    void formatPreservingTokensKeepTheLastFourAndNeverPassLuhn() {
        for (int i = 0; i < 30; i++) {
            JsonNode body = tokenize("{\"pan\":\"" + VISA + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                    + ",\"format\":\"format_preserving\"}").json();
            String token = body.get("token").asString();
            assertThat(token).matches("\\d{16}").endsWith("1486").isNotEqualTo(VISA);
            assertThat(Luhn.isValid(token)).as(token).isFalse();
            assertThat(body.get("format").asString()).isEqualTo("format_preserving");
            if (i == 0) {
                assertThat(detokenize(token, Role.PSP).json().get("pan").asString()).isEqualTo(VISA);
            }
        }
    }

    @Test
    void theSameCardHasTheSameFingerprintInATenantAndAnotherInOtherTenants() {
        String first = tokenize(card(VISA)).json().get("fingerprint").asString();
        String again = tokenize("{\"pan\":\"4539-5787-6362-1486\",\"expiryMonth\":1,\"expiryYear\":" + (NEXT_YEAR + 1) + "}")
                .json().get("fingerprint").asString();
        String otherCard = tokenize(card(JCB)).json().get("fingerprint").asString();
        TestTenant other = Tenants.create(api, unique("other"));
        String elsewhere = api.post("/v1/tokens", card(VISA), withKey(other.key(Role.PSP))).json().get("fingerprint").asString();
        assertThat(again).isEqualTo(first);
        assertThat(otherCard).isNotEqualTo(first);
        assertThat(elsewhere).isNotEqualTo(first);
    }

    @Test
    void deduplicateReturnsTheExistingTokenAndFollowsANewExpiry() {
        Api.Reply first = tokenize("{\"pan\":\"" + VISA + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + ",\"deduplicate\":true}");
        Api.Reply second = tokenize("{\"pan\":\"" + VISA + "\",\"expiryMonth\":6,\"expiryYear\":" + (NEXT_YEAR + 2) + ",\"deduplicate\":true}");
        Api.Reply plain = tokenize(card(VISA));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("token").asString()).isEqualTo(first.json().get("token").asString());
        assertThat(second.json().get("deduplicated").asBoolean()).isTrue();
        assertThat(second.json().get("expiryYear").asInt()).isEqualTo(NEXT_YEAR + 2);
        assertThat(plain.json().get("token").asString()).isNotEqualTo(first.json().get("token").asString());
    }

    @Test
    void expiredAndDeletedTokensAreGone() {
        String token = tokenize("{\"pan\":\"" + VISA + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + ",\"ttlSeconds\":3600}")
                .json().get("token").asString();
        String other = tokenize(card(JCB)).json().get("token").asString();
        assertThat(api.get("/v1/tokens/" + token, withKey(tenant.key(Role.PSP))).json().get("expiresAt").isNull()).isFalse();
        jdbc.sql("update vault.cards set expires_at = ? where token = ?")
                .params(java.time.OffsetDateTime.now().minusMinutes(1), token).update();
        assertThat(api.get("/v1/tokens/" + token, withKey(tenant.key(Role.PSP))).status()).isEqualTo(404);
        assertThat(detokenize(token, Role.PSP).status()).isEqualTo(404);

        assertThat(api.delete("/v1/tokens/" + other, withKey(tenant.key(Role.MERCHANT))).status()).isEqualTo(204);
        assertThat(api.get("/v1/tokens/" + other, withKey(tenant.key(Role.PSP))).status()).isEqualTo(404);
        assertThat(api.delete("/v1/tokens/" + other, withKey(tenant.key(Role.MERCHANT))).status()).isEqualTo(404);
    }

    @Test
    void aBatchIsTokenizedAllOrNone() {
        String good = "{\"cards\":[" + card(VISA) + "," + card(JCB) + "," + card(AMEX) + "]}";
        Api.Reply created = api.post("/v1/tokens/batch", good, withKey(tenant.key(Role.PSP)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("tokens")).hasSize(3);
        assertThat(created.json().get("tokens").get(2).get("brand").asString()).isEqualTo("amex");

        String bad = "{\"cards\":[" + card(VISA) + "," + card("4539578763621487") + "]}";
        Api.Reply refused = api.post("/v1/tokens/batch", bad, withKey(tenant.key(Role.PSP)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("cards[1].pan");
        assertThat(jdbc.sql("select count(*) from vault.cards where tenant_id = ?").param(java.util.UUID.fromString(tenant.id()))
                .query(Long.class).single()).isEqualTo(3);

        StringBuilder oversized = new StringBuilder("{\"cards\":[");
        for (int i = 0; i < 101; i++) {
            oversized.append(i == 0 ? "" : ",").append(card(VISA));
        }
        oversized.append("]}");
        Api.Reply tooMany = api.post("/v1/tokens/batch", oversized.toString(), withKey(tenant.key(Role.PSP)));
        assertThat(tooMany.status()).isIn(413, 422);

        List<String> tokens = List.of(created.json().get("tokens").get(0).get("token").asString(),
                created.json().get("tokens").get(1).get("token").asString(), "tok_AAAAAAAAAAAAAAAAAAAAAA");
        Api.Reply batch = api.post("/v1/tokens/detokenize", "{\"purpose\":\"settlement\",\"tokens\":[\"" + String.join("\",\"", tokens) + "\"]}",
                withKey(tenant.key(Role.ACQUIRER)));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("cards").get(0).get("pan").asString()).isEqualTo(VISA);
        assertThat(batch.json().get("cards").get(1).get("pan").asString()).isEqualTo(JCB);
        assertThat(batch.json().get("notFound").get(0).asString()).isEqualTo("tok_AAAAAAAAAAAAAAAAAAAAAA");
    }

    @Test
    void theDatabaseHoldsOnlyCiphertextBoundToItsRow(CapturedOutput output) {
        String a = tokenize(card(VISA)).json().get("token").asString();
        String b = tokenize(card(JCB)).json().get("token").asString();
        List<byte[]> ciphertexts = jdbc.sql("select ciphertext from vault.cards where tenant_id = ?")
                .param(java.util.UUID.fromString(tenant.id())).query(byte[].class).list();
        for (byte[] ciphertext : ciphertexts) {
            String latin1 = new String(ciphertext, StandardCharsets.ISO_8859_1);
            assertThat(latin1).doesNotContain(VISA).doesNotContain(JCB).doesNotContain("1486");
        }
        // Moving a ciphertext to another row does not make that row decrypt to this card.
        byte[] fromA = jdbc.sql("select ciphertext from vault.cards where token = ?").param(a).query(byte[].class).single();
        jdbc.sql("update vault.cards set ciphertext = ? where token = ?").params(fromA, b).update();
        Api.Reply swapped = detokenize(b, Role.PSP);
        assertThat(swapped.status()).as(swapped.toString()).isEqualTo(410);
        assertThat(swapped.body()).doesNotContain(VISA);
        assertThat(output.getAll()).doesNotContain(VISA).doesNotContain(JCB);
    }
}
