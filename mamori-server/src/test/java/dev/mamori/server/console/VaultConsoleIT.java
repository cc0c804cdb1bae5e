package dev.mamori.server.console;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import dev.mamori.vault.keys.KeyCheckValue;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Year;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The console's vault pages over HTTP as a browser uses them: who may open which page, tenant key
 * rotation, a key ceremony with two custodians, the tenant policy, and the audited card look-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultConsoleIT extends IntegrationTest {
    private static final String PASSWORD = "Twelve-chars-or-more-1";
    private static final String JCB = "3566002020360505";
    private static final Pattern CEREMONY = Pattern.compile("id=\"ceremony-([0-9a-f-]{36})\"");

    private TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("vault-console"));
    }

    // --- access -----------------------------------------------------------------------------------

    @Test
    void theKeysPageIsForOperatorAdminsOnlyAndTheDashboardLinksOnlyWhatEachMayOpen() {
        ConsoleClient operator = operatorAdmin();
        HttpResponse<String> keys = operator.get("/console/vault/keys");
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).contains("id=\"provider-id\"").contains("id=\"master-keys\"").contains("id=\"tenant-keys\"")
                .contains("id=\"start-ceremony\"").contains("class=\"tag current\"");
        assertThat(operator.get("/console").body()).contains("id=\"nav-vault-keys\"").contains("id=\"nav-vault\"");
        assertThat(operator.get("/console/vault/keys?lang=ja").body()).contains("鍵管理").contains("マスター鍵プロバイダー");

        ConsoleClient tenantAdmin = tenantUser("admin");
        assertThat(tenantAdmin.get("/console/vault/keys").statusCode()).isEqualTo(403);
        assertThat(tenantAdmin.get("/console/vault/keys/rotations").statusCode()).isEqualTo(403);
        assertThat(tenantAdmin.get("/console/vault/keys/master/rotate").statusCode()).isEqualTo(403);
        assertThat(tenantAdmin.submit("/console", "/console/vault/keys/master/rotate", Map.of()).statusCode()).isEqualTo(403);
        assertThat(tenantAdmin.submit("/console", "/console/vault/keys/ceremonies", Map.of("components", "2")).statusCode()).isEqualTo(403);
        assertThat(tenantAdmin.get("/console/vault").statusCode()).isEqualTo(200);
        String adminDashboard = tenantAdmin.get("/console").body();
        assertThat(adminDashboard).contains("id=\"nav-vault\"").doesNotContain("nav-vault-keys").doesNotContain("nav-vault-lookup");

        ConsoleClient analyst = tenantUser("analyst");
        assertThat(analyst.get("/console/vault").statusCode()).isEqualTo(403);
        assertThat(analyst.get("/console/vault/keys").statusCode()).isEqualTo(403);
        assertThat(analyst.submit("/console", "/console/vault/rotate", Map.of()).statusCode()).isEqualTo(403);
        assertThat(analyst.submit("/console", "/console/vault/policy", Map.of("roles", "analyst")).statusCode()).isEqualTo(403);
        String analystDashboard = analyst.get("/console").body();
        assertThat(analystDashboard).contains("id=\"nav-vault-lookup\"").doesNotContain("id=\"nav-vault\"").doesNotContain("nav-vault-keys");

        ConsoleClient auditor = tenantUser("auditor");
        HttpResponse<String> policyPage = auditor.get("/console/vault");
        assertThat(policyPage.statusCode()).as("auditors read the policy").isEqualTo(200);
        assertThat(policyPage.body()).contains("id=\"policy-roles\"").doesNotContain("id=\"policy-form\"").doesNotContain("id=\"rotate-own\"");
        assertThat(auditor.get("/console/vault/lookup").statusCode()).as("neither metadata nor card numbers").isEqualTo(403);
        assertThat(auditor.get("/console").body()).doesNotContain("nav-vault-lookup");
    }

    // --- rotations ----------------------------------------------------------------------------------

    @Test
    void anOperatorAdminRotatesATenantsKeysAfterConfirmingAndTheRotationIsRecorded() {
        tokenize();
        String username = unique("keyadmin");
        ConsoleClient operator = operatorAdmin(username);

        assertThat(operator.get("/console/vault/keys").body()).contains("data-tenant=\"" + tenant.id() + "\"");
        String confirmPath = "/console/vault/keys/tenants/" + tenant.id() + "/rotate";
        HttpResponse<String> confirm = operator.get(confirmPath);
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("id=\"confirm-form\"").contains(tenant.id());
        assertThat(rotationsOf(tenant.id())).as("nothing happens before the confirmation").isEmpty();

        HttpResponse<String> rotated = operator.submit(confirmPath, confirmPath, Map.of());
        assertThat(rotated.statusCode()).isEqualTo(302);
        assertThat(ConsoleClient.location(rotated)).endsWith("/console/vault/keys");
        String page = operator.get("/console/vault/keys").body();
        assertThat(page).contains("id=\"notice\"").contains("Keys of ");

        List<JsonNode> rotations = rotationsOf(tenant.id());
        assertThat(rotations).hasSize(1);
        JsonNode rotation = rotations.get(0);
        assertThat(rotation.get("kind").asString()).isEqualTo("tenant");
        assertThat(rotation.get("startedBy").asString()).isEqualTo("user:" + username);
        assertThat(page).contains("data-rotation=\"" + rotation.get("id").asString() + "\"");

        String detail = jdbc.sql("select detail from platform.audit_events where event_type = 'vault.key.rotation_started' "
                        + "and resource = ? and actor = ? and lower(outcome) = 'success'")
                .param("rotation:" + rotation.get("id").asString()).param("user:" + username).query(String.class).single();
        assertThat(detail).contains("tenant data key v").contains("cards to re-encrypt").contains("tenant " + tenant.id());

        // The progress fragment polls itself only while a rotation runs.
        String fragment = operator.get("/console/vault/keys/rotations").body();
        assertThat(fragment).startsWith("<div id=\"rotations\"");
        assertThat(fragment.contains("hx-trigger=\"every 2s\"")).isEqualTo(fragment.contains("data-state=\"running\""));
    }

    @Test
    void aTenantAdminRotatesTheirOwnTenantsKeysAndChangesThePolicyButNeverForMerchants() {
        tokenize();
        String username = unique("tenantadmin");
        ConsoleClient admin = tenantUser(username, "admin");
        assertThat(admin.get("/console/vault/rotate").body()).contains("id=\"confirm-form\"");
        HttpResponse<String> rotated = admin.submit("/console/vault/rotate", "/console/vault/rotate", Map.of());
        assertThat(ConsoleClient.location(rotated)).endsWith("/console/vault");
        assertThat(rotationsOf(tenant.id())).hasSize(1);
        JsonNode trail = api.get("/v1/audit-events?type=vault.key.rotation_started", withKey(tenant.key(Role.AUDITOR))).json();
        assertThat(trail.size()).isEqualTo(1);
        assertThat(trail.get(0).get("actor").asString()).isEqualTo("user:" + username);
        assertThat(trail.get(0).get("detail").asString()).doesNotContain("tenant " + tenant.id());
        assertThat(admin.get("/console/vault").body()).contains("id=\"rotations\"");

        HttpResponse<String> saved = admin.submit("/console/vault", "/console/vault/policy", Map.of("roles", "analyst", "ttlSeconds", "3600"));
        assertThat(ConsoleClient.location(saved)).endsWith("/console/vault");
        JsonNode policy = api.get("/v1/vault/policy", withKey(tenant.key(Role.ADMIN))).json();
        assertThat(policy.get("detokenizeRoles").toString()).isEqualTo("[\"analyst\"]");
        assertThat(policy.get("defaultTokenTtlSeconds").asLong()).isEqualTo(3600);
        assertThat(admin.get("/console/vault").body()).doesNotContain("value=\"merchant\"");

        HttpResponse<String> merchant = admin.submit("/console/vault", "/console/vault/policy", Map.of("roles", "merchant"));
        assertThat(merchant.statusCode()).isEqualTo(400);
        assertThat(merchant.body()).contains("Merchants may never see card numbers");
        HttpResponse<String> tooShort = admin.submit("/console/vault?lang=ja", "/console/vault/policy", Map.of("roles", "issuer", "ttlSeconds", "5"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("トークンの既定の有効期間は60〜316224000秒");
        assertThat(api.get("/v1/vault/policy", withKey(tenant.key(Role.ADMIN))).json().get("detokenizeRoles").toString())
                .as("a refused change writes nothing").isEqualTo("[\"analyst\"]");
    }

    // --- key ceremony ----------------------------------------------------------------------------------

    @Test
    void twoDifferentCustodiansCompleteAKeyCeremonyButNoOneSubmitsTwice() {
        String first = unique("custodian");
        String second = unique("custodian");
        ConsoleClient alice = operatorAdmin(first);
        ConsoleClient bob = operatorAdmin(second);

        HttpResponse<String> started = alice.submit("/console/vault/keys", "/console/vault/keys/ceremonies", Map.of("components", "2"));
        assertThat(started.statusCode()).isEqualTo(302);
        UUID ceremony = newestCeremony(alice.get("/console/vault/keys").body());
        assertThat(alice.submit("/console/vault/keys", "/console/vault/keys/ceremonies", Map.of("components", "10")).statusCode())
                .isEqualTo(400);

        byte[] a = component();
        byte[] b = component();
        String action = "/console/vault/keys/ceremonies/" + ceremony + "/components";
        HttpResponse<String> mistyped = alice.submit("/console/vault/keys", action, Map.of("component", "12ab", "checkValue", "000000"));
        assertThat(mistyped.statusCode()).isEqualTo(409);
        assertThat(mistyped.body()).contains("64 hex digits");

        HttpResponse<String> accepted = alice.submit("/console/vault/keys", action,
                Map.of("component", HexFormat.of().formatHex(a), "checkValue", KeyCheckValue.of(a)));
        assertThat(accepted.statusCode()).isEqualTo(302);
        String page = bob.get("/console/vault/keys").body();
        assertThat(page).contains("user:" + first).contains(KeyCheckValue.of(a)).contains("1 of 2 components");
        assertThat(page).doesNotContain(HexFormat.of().formatHex(a)).doesNotContain(HexFormat.of().withUpperCase().formatHex(a));

        // The same person again: the vault refuses (dual control), the page says so in the reader's language.
        HttpResponse<String> twice = alice.submit("/console/vault/keys?lang=ja", action,
                Map.of("component", HexFormat.of().formatHex(b), "checkValue", KeyCheckValue.of(b)));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("すでにコンポーネントを提出しています").doesNotContain(HexFormat.of().formatHex(b));

        HttpResponse<String> completed = bob.submit("/console/vault/keys", action,
                Map.of("component", HexFormat.of().formatHex(b), "checkValue", KeyCheckValue.of(b)));
        assertThat(completed.statusCode()).isEqualTo(302);
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (a[i] ^ b[i]);
        }
        String keyCheckValue = KeyCheckValue.of(key);
        JsonNode status = api.get("/v1/vault/keys", withKey(OPERATOR_API_KEY)).json();
        int current = status.get("currentMasterVersion").asInt();
        boolean imported = false;
        for (JsonNode master : status.get("masterKeys")) {
            imported |= master.get("version").asInt() == current && master.get("checkValue").asString().equals(keyCheckValue);
        }
        assertThat(imported).as("the assembled key is the current master key version").isTrue();
        assertThat(alice.get("/console/vault/keys?lang=en").body()).contains("Master key v" + current + " imported, check value " + keyCheckValue);

        List<String> outcomes = jdbc.sql("select actor || ' ' || lower(outcome) from platform.audit_events "
                        + "where event_type = 'vault.key.ceremony_component' and resource = ? order by seq")
                .param("ceremony:" + ceremony).query(String.class).list();
        // A malformed component is refused before it reaches the vault, unrecorded, as in the API.
        assertThat(outcomes).containsExactly("user:" + first + " success", "user:" + first + " failure", "user:" + second + " success");
        assertThat(jdbc.sql("select count(*) from platform.audit_events where event_type = 'vault.key.ceremony_started' and resource = ?")
                .param("ceremony:" + ceremony).query(Long.class).single()).isEqualTo(1);
    }

    // --- card look-up --------------------------------------------------------------------------------

    @Test
    void theLookUpShowsTheNumberOnlyToAllowedRolesAndRecordsThePurpose(CapturedOutput output) {
        String token = tokenize();
        String issuerName = unique("issuer");
        ConsoleClient issuer = tenantUser(issuerName, "issuer");
        HttpResponse<String> form = issuer.get("/console/vault/lookup");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("method=\"post\"").contains("id=\"purpose\"");
        assertThat(form.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        HttpResponse<String> noPurpose = issuer.submit("/console/vault/lookup", "/console/vault/lookup", Map.of("token", token, "purpose", " "));
        assertThat(noPurpose.statusCode()).isEqualTo(400);
        assertThat(noPurpose.body()).doesNotContain(JCB).contains("Enter the purpose");

        HttpResponse<String> revealed = issuer.submit("/console/vault/lookup", "/console/vault/lookup",
                Map.of("token", token, "purpose", "chargeback evidence"));
        assertThat(revealed.statusCode()).isEqualTo(200);
        assertThat(revealed.headers().firstValue("Location")).isEmpty();
        assertThat(revealed.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(revealed.body()).contains("id=\"card-pan\"").contains(JCB).contains("356600******0505").contains("jcb")
                .contains("03/" + (Year.now().getValue() + 1));
        assertThat(detokenizeRecords(token)).containsExactly("user:" + issuerName + " success purpose: chargeback evidence");

        String analystName = unique("analyst");
        ConsoleClient analyst = tenantUser(analystName, "analyst");
        assertThat(analyst.get("/console/vault/lookup").body()).contains("may not see card numbers");
        HttpResponse<String> metadataOnly = analyst.submit("/console/vault/lookup", "/console/vault/lookup",
                Map.of("token", token, "purpose", "fraud review"));
        assertThat(metadataOnly.statusCode()).isEqualTo(200);
        assertThat(metadataOnly.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(metadataOnly.body()).contains("356600******0505").contains("id=\"not-revealed\"")
                .doesNotContain(JCB).doesNotContain("id=\"card-pan\"");
        assertThat(detokenizeRecords(token)).contains("user:" + analystName
                + " failure role not allowed by the tenant's vault policy; purpose: fraud review");

        HttpResponse<String> unknown = issuer.submit("/console/vault/lookup", "/console/vault/lookup",
                Map.of("token", "tok_AAAAAAAAAAAAAAAAAAAAAA", "purpose", "typo check"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> aNumber = issuer.submit("/console/vault/lookup", "/console/vault/lookup", Map.of("token", JCB, "purpose", "x"));
        assertThat(aNumber.statusCode()).isEqualTo(400);
        assertThat(aNumber.body()).doesNotContain(JCB);
        assertThat(jdbc.sql("select count(*) from platform.audit_events where resource like ? or detail like ?")
                .param("%" + JCB + "%").param("%" + JCB + "%").query(Long.class).single()).isZero();

        ConsoleClient auditor = tenantUser("auditor");
        assertThat(auditor.submit("/console", "/console/vault/lookup", Map.of("token", token, "purpose", "curious")).statusCode())
                .isEqualTo(403);
        assertThat(output.getAll()).as("the number never reaches a log line").doesNotContain(JCB);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private String tokenize() {
        Api.Reply created = api.post("/v1/tokens", "{\"pan\":\"" + JCB + "\",\"expiryMonth\":3,\"expiryYear\":" + (Year.now().getValue() + 1)
                + ",\"holderName\":\"HANAKO SATO\"}", withKey(tenant.key(Role.PSP)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("token").asString();
    }

    private List<JsonNode> rotationsOf(String tenantId) {
        JsonNode status = api.get("/v1/vault/keys", withKey(OPERATOR_API_KEY)).json();
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode rotation : status.get("rotations")) {
            JsonNode t = rotation.get("tenant");
            if (t != null && !t.isNull() && t.toString().contains(tenantId)) {
                found.add(rotation);
            }
        }
        return found;
    }

    private List<String> detokenizeRecords(String token) {
        return jdbc.sql("select actor || ' ' || lower(outcome) || ' ' || detail from platform.audit_events "
                        + "where event_type = 'vault.card.detokenized' and resource = ? order by seq")
                .param("token:" + token).query(String.class).list();
    }

    private static UUID newestCeremony(String page) {
        Matcher m = CEREMONY.matcher(page);
        assertThat(m.find()).as("a ceremony on the page").isTrue();
        return UUID.fromString(m.group(1));
    }

    private static byte[] component() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private ConsoleClient operatorAdmin() {
        return operatorAdmin(unique("opadmin"));
    }

    /** A second (third...) admin of the operator tenant, created through the API and logged in with TOTP. */
    private ConsoleClient operatorAdmin(String username) {
        return logIn(username, OPERATOR_API_KEY, "admin");
    }

    private ConsoleClient tenantUser(String role) {
        return tenantUser(unique(role), role);
    }

    private ConsoleClient tenantUser(String username, String role) {
        return logIn(username, tenant.adminKey(), role);
    }

    private ConsoleClient logIn(String username, String adminKey, String role) {
        Api.Reply created = api.post("/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[\"" + role + "\"]}", withKey(adminKey));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ConsoleClient browser = new ConsoleClient(port);
        browser.password(username, PASSWORD);
        String secret = browser.enrolmentSecret();
        assertThat(ConsoleClient.location(browser.totp(ConsoleLoginIT.currentCode(secret)))).endsWith("/console");
        return browser;
    }
}
