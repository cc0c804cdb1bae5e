package dev.mamori.server.threeds;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.common.Totp;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.ChallengeAuthenticator.Outcome;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.challenge.Outbox;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Year;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Cardholder challenges through the running server: the enrolment API (masking, bad input, roles,
 * other tenants), the issuer app's out-of-band answer, e-mailed one-time passwords received by a
 * real SMTP server, and the demo outbox page.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChallengeIT extends IntegrationTest {
    private static final String ENROLMENTS = "/v1/threeds/acs/enrolments";

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestMailbox.shared().register(registry);
    }

    @Autowired
    ChallengeAuthenticator challenges;
    @Autowired
    RiskModule risk;
    @Autowired
    Outbox outbox;

    private TestTenant issuer;
    private String prefix;
    private int serial;

    @BeforeEach
    void issuerWithRoute() {
        issuer = Tenants.create(api, unique("challenge-issuer"));
        prefix = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Reply route = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(issuer.adminKey()));
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
    }

    private String newPan() {
        serial++;
        String body = prefix + String.format("%06d", serial * 7919 % 1_000_000);
        return body + Luhn.checkDigit(body);
    }

    private String open(TestTenant tenant, String pan) {
        Api.Reply opened = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + (Year.now().getValue() + 1)
                + ",\"currency\":\"JPY\",\"creditLimit\":100000}", withKey(tenant.key(Role.ISSUER)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    private Api.Reply enrol(String key, String json) {
        return api.post(ENROLMENTS, json, withKey(key));
    }

    private String fingerprint(TestTenant tenant, String accountId) {
        return risk.cardAccounts().get(TenantId.parse(tenant.id()), UUID.fromString(accountId)).orElseThrow().fingerprint();
    }

    private static void assertViolation(Api.Reply reply, String field, String rule) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        JsonNode violation = reply.json().get("errors").get(0);
        assertThat(violation.get("field").asString()).isEqualTo(field);
        assertThat(violation.get("rule").asString()).isEqualTo(rule);
    }

    @Test
    void anIssuerEnrolsReadsAndRemovesACardsChallenges() {
        String pan = newPan();
        String account = open(issuer, pan);
        Api.Reply created = enrol(issuer.key(Role.ISSUER), "{\"pan\":\"" + pan + "\",\"email\":\"taro@example.jp\",\"phone\":\"+819012345678\","
                + "\"oobDevice\":\"app-registration-0001\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode view = created.json();
        assertThat(view.get("cardAccountId").asString()).isEqualTo(account);
        assertThat(view.get("last4").asString()).isEqualTo(pan.substring(12));
        assertThat(view.get("email").asString()).isEqualTo("t***@example.jp");
        assertThat(view.get("phone").asString()).isEqualTo("+81******5678");
        assertThat(view.get("oobDevice").asString()).isEqualTo("app-***");
        assertThat(view.get("methods").toString()).isEqualTo("[\"out-of-band\",\"sms-otp\",\"email-otp\"]");
        assertThat(view.has("totpUri")).isFalse();
        assertThat(created.body()).doesNotContain(pan).doesNotContain("taro@").doesNotContain("9012345678");

        Api.Reply changed = enrol(issuer.adminKey(), "{\"pan\":\"" + pan + "\",\"phone\":\"\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("methods").toString()).isEqualTo("[\"out-of-band\",\"email-otp\"]");

        Api.Reply lookup = api.post(ENROLMENTS + "/lookup", "{\"pan\":\"" + pan + "\"}", withKey(issuer.key(Role.ISSUER)));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.json().get("email").asString()).isEqualTo("t***@example.jp");
        assertThat(api.get(ENROLMENTS + "/" + account, withKey(issuer.key(Role.ISSUER))).json().get("cardAccountId").asString()).isEqualTo(account);
        assertThat(challenges.methods(TenantId.parse(issuer.id()), fingerprint(issuer, account)))
                .containsExactly(ChallengeMethod.OUT_OF_BAND, ChallengeMethod.EMAIL_OTP);

        assertThat(api.delete(ENROLMENTS + "/" + account, withKey(issuer.key(Role.ISSUER))).status()).isEqualTo(204);
        assertThat(api.get(ENROLMENTS + "/" + account, withKey(issuer.key(Role.ISSUER))).status()).isEqualTo(404);
        assertThat(api.delete(ENROLMENTS + "/" + account, withKey(issuer.key(Role.ISSUER))).status()).isEqualTo(404);
        assertThat(challenges.methods(TenantId.parse(issuer.id()), fingerprint(issuer, account))).isEmpty();

        assertThat(jdbc.sql("select count(*) from platform.audit_events where tenant_id = ? and event_type in "
                + "('threeds.enrolment.changed', 'threeds.enrolment.deleted')").param(UUID.fromString(issuer.id())).query(Long.class).single())
                .isEqualTo(4);
    }

    @Test
    void theAuthenticatorSecretIsReturnedOnceAndItsCodesWork() {
        String pan = newPan();
        String account = open(issuer, pan);
        Api.Reply created = enrol(issuer.key(Role.ISSUER), "{\"pan\":\"" + pan + "\",\"totp\":true}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).contains("no-store");
        String uri = created.json().get("totpUri").asString();
        assertThat(uri).startsWith("otpauth://totp/").contains("&digits=6&period=30");
        assertThat(created.json().get("totpQrSvg").asString()).startsWith("<svg").contains("<path");
        Api.Reply again = api.get(ENROLMENTS + "/" + account, withKey(issuer.key(Role.ISSUER)));
        assertThat(again.json().get("totp").asBoolean()).isTrue();
        assertThat(again.json().has("totpUri")).isFalse();

        String secret = URLDecoder.decode(uri.replaceAll(".*[?&]secret=([A-Z2-7]+).*", "$1"), StandardCharsets.US_ASCII);
        assertThat(jdbc.sql("select totp_secret from threeds.challenge_enrolments where tenant_id = ?").param(UUID.fromString(issuer.id()))
                .query(String.class).single()).doesNotContain(secret);
        Totp totp = Totp.authenticatorApp();
        String code = totp.code(new Base32().decode(secret), totp.step(Instant.now()));
        TenantId tenant = TenantId.parse(issuer.id());
        String acsTransId = UUID.randomUUID().toString();
        try {
            challenges.start(tenant, fingerprint(issuer, account), acsTransId, ChallengeMethod.TOTP, Locale.JAPANESE);
        } catch (ChallengeAuthenticator.ChallengeRefused e) {
            throw new AssertionError(e.reason());
        }
        assertThat(challenges.verify(tenant, acsTransId, code).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void badInputNamesTheFieldAndTheRuleAndWritesNothing() {
        String pan = newPan();
        open(issuer, pan);
        String key = issuer.key(Role.ISSUER);
        assertViolation(enrol(key, "{\"email\":\"taro@example.jp\"}"), "pan", "required");
        assertViolation(enrol(key, "{\"pan\":\"" + pan.substring(0, 15) + (char) ('0' + (pan.charAt(15) - '0' + 1) % 10) + "\"}"), "pan", "luhn");
        assertViolation(enrol(key, "{\"pan\":\"4111abc\"}"), "pan", "digits");
        assertViolation(enrol(key, "{\"pan\":\"" + pan + "\",\"email\":\"not-an-address\"}"), "email", "format");
        assertViolation(enrol(key, "{\"pan\":\"" + pan + "\",\"email\":\"taro@example.jp\",\"phone\":\"090-1234-5678\"}"), "phone", "e164");
        assertViolation(enrol(key, "{\"pan\":\"" + pan + "\",\"oobDevice\":\"no spaces allowed\"}"), "oobDevice", "format");
        assertViolation(enrol(key, "{\"pan\":\"" + pan + "\"}"), "email", "one-required");
        Api.Reply malformed = enrol(key, "{\"pan\":");
        assertThat(malformed.status()).isEqualTo(400);
        Api.Reply wrongType = enrol(key, "{\"pan\":\"" + pan + "\",\"totp\":\"maybe\"}");
        assertThat(wrongType.status()).as(wrongType.toString()).isBetween(400, 422);
        for (Api.Reply r : new Api.Reply[] {malformed, wrongType}) {
            assertThat(r.body()).doesNotContain(pan);
        }
        assertThat(api.post(ENROLMENTS + "/lookup", "{\"pan\":\"" + pan + "\"}", withKey(key)).status()).isEqualTo(404);
        assertThat(api.get(ENROLMENTS + "/not-a-uuid", withKey(key)).status()).isEqualTo(400);
    }

    @Test
    void onlyIssuersAndAdminsOfTheCardsTenantReachItsEnrolment() {
        String pan = newPan();
        String account = open(issuer, pan);
        String body = "{\"pan\":\"" + pan + "\",\"email\":\"hanako@example.jp\"}";
        assertThat(enrol(issuer.key(Role.MERCHANT), body).status()).isEqualTo(403);
        assertThat(enrol(issuer.key(Role.ANALYST), body).status()).isEqualTo(403);
        assertThat(enrol(issuer.key(Role.ISSUER), body).status()).isEqualTo(201);
        for (Role role : new Role[] {Role.ANALYST, Role.AUDITOR, Role.MERCHANT}) {
            Api.Reply read = api.get(ENROLMENTS + "/" + account, withKey(issuer.key(role)));
            assertThat(read.status()).as(role + " " + read).isEqualTo(403);
        }

        TestTenant other = Tenants.create(api, unique("other-issuer"));
        Api.Reply foreign = enrol(other.key(Role.ISSUER), "{\"pan\":\"" + pan + "\",\"email\":\"mallory@example.com\"}");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(api.post(ENROLMENTS + "/lookup", "{\"pan\":\"" + pan + "\"}", withKey(other.adminKey())).status()).isEqualTo(404);
        assertThat(api.get(ENROLMENTS + "/" + account, withKey(other.key(Role.ISSUER))).status()).isEqualTo(404);
        assertThat(api.delete(ENROLMENTS + "/" + account, withKey(other.adminKey())).status()).isEqualTo(404);
        assertThat(api.get(ENROLMENTS + "/" + account, withKey(issuer.key(Role.ISSUER))).json().get("email").asString())
                .isEqualTo("h***@example.jp");
    }

    @Test
    void theIssuersAppApprovesOrDeclinesAnOutOfBandChallenge() throws Exception {
        String pan = newPan();
        String account = open(issuer, pan);
        assertThat(enrol(issuer.key(Role.ISSUER), "{\"pan\":\"" + pan + "\",\"oobDevice\":\"app-registration-0042\"}").status()).isEqualTo(201);
        TenantId tenant = TenantId.parse(issuer.id());
        String approved = UUID.randomUUID().toString();
        challenges.start(tenant, fingerprint(issuer, account), approved, ChallengeMethod.OUT_OF_BAND, Locale.JAPANESE);
        assertThat(outbox.list(tenant)).anySatisfy(m -> assertThat(m.text()).contains(approved));
        assertThat(challenges.verify(tenant, approved, null).outcome()).isEqualTo(Outcome.PENDING);

        String path = "/v1/threeds/acs/oob/" + approved;
        assertThat(api.post(path, "{\"approved\":true}", withKey(issuer.key(Role.MERCHANT))).status()).isEqualTo(403);
        assertThat(api.post(path, "{\"approved\":true}", withKey(issuer.key(Role.ANALYST))).status()).isEqualTo(403);
        TestTenant other = Tenants.create(api, unique("other-issuer"));
        assertThat(api.post(path, "{\"approved\":true}", withKey(other.key(Role.ISSUER))).status()).isEqualTo(404);
        assertViolation(api.post(path, "{}", withKey(issuer.key(Role.ISSUER))), "approved", "required");
        assertThat(challenges.verify(tenant, approved, null).outcome()).isEqualTo(Outcome.PENDING);

        Api.Reply answered = api.post(path, "{\"approved\":true}", withKey(issuer.key(Role.ISSUER)));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        assertThat(answered.json().get("answer").asString()).isEqualTo("approved");
        assertThat(api.post(path, "{\"approved\":false}", withKey(issuer.adminKey())).status()).isEqualTo(409);
        assertThat(challenges.verify(tenant, approved, null).outcome()).isEqualTo(Outcome.SUCCESS);

        String declined = UUID.randomUUID().toString();
        challenges.start(tenant, fingerprint(issuer, account), declined, ChallengeMethod.OUT_OF_BAND, Locale.ENGLISH);
        assertThat(api.post("/v1/threeds/acs/oob/" + declined, "{\"approved\":false}", withKey(issuer.adminKey())).status()).isEqualTo(200);
        assertThat(challenges.verify(tenant, declined, null).outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(api.post("/v1/threeds/acs/oob/" + UUID.randomUUID(), "{\"approved\":true}", withKey(issuer.key(Role.ISSUER))).status())
                .isEqualTo(404);

        assertThat(jdbc.sql("select count(*) from platform.audit_events where tenant_id = ? and event_type = 'threeds.oob.answered'")
                .param(UUID.fromString(issuer.id())).query(Long.class).single()).isEqualTo(4);
    }

    @Test
    void aOneTimePasswordArrivesByEmailInTheCardholdersLanguageAndIsNeverLogged(CapturedOutput output) throws Exception {
        String pan = newPan();
        String account = open(issuer, pan);
        String address = unique("hanako") + "@example.jp";
        assertThat(enrol(issuer.key(Role.ISSUER), "{\"pan\":\"" + pan + "\",\"email\":\"" + address + "\"}").status()).isEqualTo(201);
        TenantId tenant = TenantId.parse(issuer.id());
        String acsTransId = UUID.randomUUID().toString();
        int before = TestMailbox.shared().count(address);
        ChallengeAuthenticator.Challenge started = challenges.start(tenant, fingerprint(issuer, account), acsTransId, ChallengeMethod.EMAIL_OTP,
                Locale.JAPANESE);
        assertThat(started.maskedDestination()).endsWith("@example.jp").doesNotContain(address);
        MimeMessage mail = TestMailbox.shared().awaitMessage(address, before);
        assertThat(mail.getSubject()).contains("ワンタイムパスワード");
        String text = TestMailbox.text(mail);
        assertThat(text).contains("カード: 末尾 " + pan.substring(12)).doesNotContain(pan).doesNotContain(pan.substring(0, 6));
        String otp = TestMailbox.otpOf(mail);
        assertThat(outbox.list(tenant)).noneSatisfy(m -> assertThat(m.text()).contains(otp));

        assertThat(challenges.verify(tenant, acsTransId, otp.equals("000000") ? "000001" : "000000").outcome()).isEqualTo(Outcome.WRONG);
        assertThat(challenges.verify(tenant, acsTransId, otp).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(challenges.verify(tenant, acsTransId, otp).outcome()).isEqualTo(Outcome.EXPIRED);
        // Mamori's own lines: the test SMTP server (GreenMail) logs the addresses it receives for.
        String logged = output.getAll().lines().filter(line -> !line.contains("greenmail")).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(logged).doesNotContainPattern("(?<![0-9])" + otp + "(?![0-9])").doesNotContain(pan).doesNotContain(address);
    }

    @Test
    void theOutboxPageShowsTheTenantsSmsCodesToItsAdminsOnly() throws Exception {
        String pan = newPan();
        String account = open(issuer, pan);
        assertThat(enrol(issuer.key(Role.ISSUER), "{\"pan\":\"" + pan + "\",\"phone\":\"+819011112222\"}").status()).isEqualTo(201);
        TenantId tenant = TenantId.parse(issuer.id());
        challenges.start(tenant, fingerprint(issuer, account), UUID.randomUUID().toString(), ChallengeMethod.SMS_OTP, Locale.JAPANESE);
        String sms = outbox.list(tenant).get(0).text();
        String otp = sms.replaceAll(".*ワンタイムパスワード ([0-9]{6}).*", "$1");
        assertThat(otp).matches("[0-9]{6}");

        ConsoleClient admin = logIn(issuer, unique("outbox-admin"), "admin");
        var page = admin.get("/console/threeds/outbox?lang=ja");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("3-Dセキュア 送信箱", otp, "+81******2222").doesNotContain(pan);
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(admin.get("/console/threeds/outbox?lang=en").body()).contains("3-D Secure outbox");

        ConsoleClient analyst = logIn(issuer, unique("outbox-analyst"), "analyst");
        var refused = analyst.get("/console/threeds/outbox");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(otp);

        TestTenant other = Tenants.create(api, unique("other-issuer"));
        ConsoleClient otherAdmin = logIn(other, unique("other-admin"), "admin");
        assertThat(otherAdmin.get("/console/threeds/outbox").body()).doesNotContain(otp);
    }

    private ConsoleClient logIn(TestTenant tenant, String username, String role) {
        String password = "Correct-Horse-42-Battery";
        Api.Reply created = api.post("/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"roles\":[\"" + role
                + "\"]}", withKey(tenant.adminKey()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ConsoleClient browser = new ConsoleClient(port);
        browser.password(username, password);
        String secret = browser.enrolmentSecret();
        Totp totp = Totp.authenticatorApp();
        String code = totp.code(new Base32().decode(secret), totp.step(Instant.now()));
        assertThat(ConsoleClient.location(browser.totp(code))).endsWith("/console");
        return browser;
    }
}
