package dev.mamori.risk.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.risk.iso.Iso8583Codec;
import dev.mamori.risk.iso.IsoEcData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's 3-D Secure pieces that need no server: pages, phones, results, messages, report, state. */
class ThreeDsSimulationTest {
    private final Merchants merchants = new Merchants();
    private final Population population = Population.generate(42, "412345678", 40, 2026, merchants);
    private final List<SimEvent> events = new TrafficGenerator(population, merchants, 9, 7).generate(600).events;

    /** What the ACS's challenge page looks like rendered (attribute order and escaping as Thymeleaf writes them). */
    private static final String CHALLENGE_PAGE = """
            <!DOCTYPE html><html lang="en"><body class="w05"><main class="acs">
            <form method="post" action="/threeds/acs/challenge/abc?x=1&amp;y=2" id="challenge-form">
              <input type="hidden" name="threeDSSessionData" value="c2Vzc2lvbg&#61;&#x3D;">
              <p id="instruction">Enter the code of your authenticator app.</p>
              <label for="otp">Code</label>
              <input id="otp" name="otp" type="text" inputmode="numeric" maxlength="12" required autofocus>
              <button type="submit" id="submit" name="action" value="answer">Submit</button>
              <button type="submit" id="cancel" name="action" value="cancel" formnovalidate class="secondary">Cancel</button>
            </form></main></body></html>
            """;

    private static final String RESULT_PAGE = """
            <html><body><h1 id="outcome">Done</h1>
            <form method="post" id="cres-form" data-auto-submit="true" action="http://localhost:8080/threeds/server/challenge-notification">
              <input type="hidden" name="cres" value="eyJhY3NUcmFuc0lEIjoiMSJ9">
              <button type="submit" id="continue">Continue</button>
            </form><script src="/threeds/assets/acs-submit.js"></script></body></html>
            """;

    @Test
    void theChallengeFormIsFoundByItsIdWithItsHiddenFieldsAndActionResolved() {
        URI page = URI.create("http://localhost:8080/threeds/acs/challenge");
        HtmlForm form = HtmlForm.find(CHALLENGE_PAGE, "challenge-form", page);
        assertThat(form).isNotNull();
        assertThat(form.action()).isEqualTo(URI.create("http://localhost:8080/threeds/acs/challenge/abc?x=1&y=2"));
        assertThat(form.fields()).containsExactly(Map.entry("threeDSSessionData", "c2Vzc2lvbg=="));
        assertThat(HtmlForm.hasElement(CHALLENGE_PAGE, "otp")).isTrue();
        assertThat(HtmlForm.hasElement(CHALLENGE_PAGE, "cancel")).isTrue();
        assertThat(HtmlForm.hasElement(CHALLENGE_PAGE, "resend")).as("an authenticator-app page has no resend").isFalse();
        assertThat(HtmlForm.find(CHALLENGE_PAGE, "cres-form", page)).isNull();
        assertThat(List.of(form.body(Map.of("action", "answer", "otp", "012345")).split("&")))
                .containsExactlyInAnyOrder("threeDSSessionData=c2Vzc2lvbg%3D%3D", "action=answer", "otp=012345");
        assertThat(form.toString()).doesNotContain("c2Vzc2lvbg");
    }

    @Test
    void theFinalPagePostsTheCresToTheNotificationUrl() {
        HtmlForm cres = HtmlForm.find(RESULT_PAGE, "cres-form", URI.create("http://localhost:9999/threeds/acs/challenge"));
        assertThat(cres.action()).isEqualTo(URI.create("http://localhost:8080/threeds/server/challenge-notification"));
        assertThat(cres.fields()).containsEntry("cres", "eyJhY3NUcmFuc0lEIjoiMSJ9");
        assertThat(HtmlForm.hasElement(RESULT_PAGE, "continue")).isTrue();
        assertThat(HtmlForm.find("<p>no form</p>", null, URI.create("http://x/"))).isNull();
        assertThat(HtmlForm.unescape("a &lt;b&gt; &quot;c&quot; &#39;d&#39; &unknown; &")).isEqualTo("a <b> \"c\" 'd' &unknown; &");
    }

    @Test
    void thePhoneShowsRfc6238CodesAndNeverTheSameStepTwice() throws Exception {
        // RFC 6238 appendix B: the ASCII secret "12345678901234567890", SHA-1, T = 59 s gives 94287082 (8 digits).
        String base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assertThat(new String(SimulatedPhone.decodeBase32(base32), StandardCharsets.US_ASCII)).isEqualTo("12345678901234567890");
        SimulatedPhone phone = new SimulatedPhone(base32, Clock.fixed(Instant.ofEpochSecond(59), ZoneOffset.UTC));
        assertThat(phone.nextCode()).isEqualTo("287082");
        // Step 1 is used: the next code is step 2's, which the ACS still accepts (window of one step).
        assertThat(phone.nextCode()).isEqualTo(phone.code(2)).isNotEqualTo("287082");
        assertThat(phone.toString()).doesNotContain(base32);
    }

    @Test
    void theSecretComesOutOfTheOtpauthUriOnly() {
        String uri = "otpauth://totp/Mamori%20ACS:card%204242?secret=GEZDGNBVGY3TQOJQ&issuer=Mamori%20ACS&algorithm=SHA1&digits=6&period=30";
        assertThat(SimulatedPhone.secretOf(uri)).isEqualTo("GEZDGNBVGY3TQOJQ");
        assertThatThrownBy(() -> SimulatedPhone.secretOf("https://example.com/?secret=GEZDGNBV")).hasMessageContaining("otpauth");
        assertThatThrownBy(() -> SimulatedPhone.secretOf("otpauth://totp/x?issuer=y")).hasMessageContaining("no secret");
        assertThatThrownBy(() -> SimulatedPhone.secretOf("otpauth://totp/x?secret=AB1")).hasMessageContaining("base32");
    }

    @Test
    void theMerchantSeesHowTheAuthenticationEnded() {
        Map<String, Object> y = Map.of("status", "completed", "transStatus", "Y",
                "authorization", Map.of("eci", "05", "authenticationValue", "AAAA", "transStatus", "Y"));
        ThreeDsFlow.Authentication frictionless = ThreeDsFlow.completed(y, false, false);
        assertThat(frictionless.result()).isEqualTo(ThreeDsFlow.Result.FRICTIONLESS);
        assertThat(frictionless.carriesThreeDs()).isTrue();
        assertThat(frictionless.liabilityShift()).isTrue();
        assertThat(ThreeDsFlow.completed(y, true, false).result()).isEqualTo(ThreeDsFlow.Result.CHALLENGE_PASSED);
        Map<String, Object> n = Map.of("status", "completed", "transStatus", "N", "authorization", Map.of("eci", "07", "transStatus", "N"));
        assertThat(ThreeDsFlow.completed(n, true, false).result()).isEqualTo(ThreeDsFlow.Result.CHALLENGE_FAILED);
        assertThat(ThreeDsFlow.completed(n, true, true).result()).isEqualTo(ThreeDsFlow.Result.CHALLENGE_ABANDONED);
        assertThat(ThreeDsFlow.completed(n, false, false).result()).isEqualTo(ThreeDsFlow.Result.REFUSED);
        assertThat(ThreeDsFlow.completed(Map.of("transStatus", "R"), false, false).result()).isEqualTo(ThreeDsFlow.Result.REFUSED);
        ThreeDsFlow.Authentication unavailable = ThreeDsFlow.completed(Map.of("transStatus", "U"), false, false);
        assertThat(unavailable.result()).isEqualTo(ThreeDsFlow.Result.UNAVAILABLE);
        assertThat(unavailable.result().authorize()).as("sent without 3-D Secure").isTrue();
        assertThat(unavailable.carriesThreeDs()).isFalse();
        for (ThreeDsFlow.Result stop : List.of(ThreeDsFlow.Result.REFUSED, ThreeDsFlow.Result.CHALLENGE_FAILED,
                ThreeDsFlow.Result.CHALLENGE_ABANDONED)) {
            assertThat(stop.authorize()).as(stop.name()).isFalse();
        }
        Map<String, Object> attemptNoValue = Map.of("transStatus", "A", "authorization", Map.of("eci", "06", "transStatus", "A"));
        assertThat(ThreeDsFlow.completed(attemptNoValue, false, false).liabilityShift()).isFalse();
    }

    @Test
    void theCheckoutSendsTheTokenAndTheShoppersOwnBrowserNeverTheCardNumber() {
        SimEvent legit = events.stream().filter(e -> e.scenario == Scenario.LEGIT && e.channel == SimEvent.Channel.EC).findFirst().orElseThrow();
        SimEvent phished = events.stream().filter(e -> e.scenario == Scenario.PHISHED_HIGH_RISK).findFirst().orElseThrow();
        for (SimEvent e : List.of(legit, phished)) {
            String body = ThreeDsFlow.startBody(e, "tok_abc", "http://localhost:8080/simulated-shop/return");
            assertThat(body).doesNotContain(e.pan.reveal(InsecurePanAccess.get()));
            Map<String, Object> request = Json.object(Json.parse(body));
            assertThat(request).containsEntry("token", "tok_abc").containsEntry("channel", "browser").containsEntry("category", "payment");
            assertThat(((Number) request.get("amount")).longValue()).isEqualTo(e.amount);
            Map<String, Object> merchant = Json.object(request.get("merchant"));
            assertThat(merchant).containsEntry("id", e.merchant.id()).containsEntry("acquirerBin", ThreeDsFlow.ACQUIRER_BIN);
            assertThat(Json.object(request.get("browser"))).containsEntry("ip", e.ip);
        }
        Map<String, Object> cardholder = Json.object(Json.object(Json.parse(ThreeDsFlow.startBody(legit, "t", "http://x/r"))).get("browser"));
        Map<String, Object> fraudster = Json.object(Json.object(Json.parse(ThreeDsFlow.startBody(phished, "t", "http://x/r"))).get("browser"));
        assertThat(cardholder).containsEntry("language", "ja-JP");
        assertThat(((Number) cardholder.get("timeZone")).intValue()).isEqualTo(-540);
        assertThat(fraudster).containsEntry("language", "en-US");
        assertThat(fraudster.get("userAgent")).isNotEqualTo(cardholder.get("userAgent"));
        assertThat(ThreeDsFlow.wrongCode(phished, 0)).matches("[0-9]{6}").isNotEqualTo(ThreeDsFlow.wrongCode(phished, 1));
    }

    @Test
    void theShareAndTheShopsThatRequireItDecideWhoAuthenticates() {
        for (SimEvent e : events) {
            boolean uses = ThreeDsFlow.usesThreeDs(e);
            if (e.channel == SimEvent.Channel.F2F || e.scenario == Scenario.CREDIT_MASTER) {
                assertThat(uses).as(e.toString()).isFalse();
            } else if (e.eci != null) {
                assertThat(uses).as(e.toString()).isTrue();
            } else {
                assertThat(uses).as(e.toString()).isEqualTo(ThreeDsFlow.requiresThreeDs(e.merchant));
            }
        }
        assertThat(events.stream().filter(e -> e.scenario.fraud() && ThreeDsFlow.usesThreeDs(e)).count()).isPositive();
        assertThat(events.stream().filter(e -> e.scenario.fraud() && e.channel == SimEvent.Channel.EC && !ThreeDsFlow.usesThreeDs(e))
                .count()).as("fraud at shops without 3-D Secure").isPositive();
        assertThat(ThreeDsFlow.requiresThreeDs(merchants.foreignHighRisk.get(0))).isFalse();
        assertThat(ThreeDsFlow.requiresThreeDs(merchants.testingGround)).isFalse();
    }

    @Test
    void theAuthorizationCarriesTheAuthenticationOverBothInterfaces() {
        SimEvent plain = events.stream().filter(e -> e.scenario == Scenario.LEGIT && e.channel == SimEvent.Channel.EC && e.eci == null)
                .findFirst().orElseThrow();
        SimEvent authenticated = plain.withThreeDs("06", "kAAAAAAAAAAAAAAAAAAAAAAAAAA=", "A");
        assertThat(authenticated.sequence).isEqualTo(plain.sequence);
        assertThat(authenticated.amount).isEqualTo(plain.amount);
        Map<String, Object> ec = Json.object(Json.object(Json.parse(JsonTransport.body(authenticated, "000001", "ABCDE0000001"))).get("ec"));
        assertThat(Json.object(ec.get("threeDs"))).containsEntry("eci", "06").containsEntry("transStatus", "A")
                .containsEntry("authenticationValue", "kAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        IsoEcData iso = new Iso8583Codec().decode(new Iso8583Codec().encode(
                IsoTransport.message(authenticated, "000001", "ABCDE0000001", LocalDateTime.of(2026, 3, 14, 12, 0)))).ecData();
        assertThat(iso.eci()).isEqualTo("06");
        assertThat(iso.transStatus()).isEqualTo("A");
        assertThat(iso.authenticationValue()).isEqualTo("kAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        SimEvent without = authenticated.withThreeDs(null, "ignored", null);
        assertThat(Json.object(Json.object(Json.parse(JsonTransport.body(without, "000001", "R"))).get("ec"))).doesNotContainKey("threeDs");
    }

    @Test
    void paymentsThreeDsStoppedCountAsCaughtAndAreNotSent() {
        SimulationReport report = new SimulationReport();
        SimEvent fraud = events.stream().filter(e -> e.scenario == Scenario.PHISHED_HIGH_RISK).findFirst().orElseThrow();
        report.recordThreeDs(fraud, new ThreeDsFlow.Authentication(ThreeDsFlow.Result.CHALLENGE_FAILED, "N", "07", null, true, null), false);
        SimEvent legit = events.stream().filter(e -> e.scenario == Scenario.LEGIT && e.channel == SimEvent.Channel.EC).findFirst().orElseThrow();
        ThreeDsFlow.Authentication passed = new ThreeDsFlow.Authentication(ThreeDsFlow.Result.CHALLENGE_PASSED, "Y", "05", "AAAA", true, null);
        report.recordThreeDs(legit, passed, false);
        Outcome approved = new Outcome("00", null, null, 1_000);
        report.record(legit, "json", approved, false);
        report.recordAuthorizationAfterThreeDs(legit, passed, approved);

        SimulationReport.Tally phished = report.tallies.get(Scenario.PHISHED_HIGH_RISK);
        assertThat(phished.stoppedByThreeDs).isEqualTo(1);
        assertThat(phished.decided).as("no authorization was sent").isZero();
        assertThat(phished.caughtRate()).isEqualTo(1.0);
        assertThat(report.decided()).isEqualTo(1);
        Map<String, Object> all = Json.object(Json.object(report.toMap().get("threeDs")).get("all"));
        assertThat(all).containsEntry("authentications", 2L).containsEntry("challenged", 2L).containsEntry("challengePassed", 1L)
                .containsEntry("challengeFailed", 1L).containsEntry("approvedWithLiabilityShift", 1L);
    }

    @Test
    void thePhonesSecretsAreKeptInAnOwnerOnlyStateFile(@TempDir Path dir) throws Exception {
        SimulationState state = new SimulationState("7f8e1b2c-0000-4000-8000-000000000001", 42, "412345678", 3, 2026, null, null,
                Instant.parse("2026-03-01T00:00:00Z"), Map.of(0, "GEZDGNBVGY3TQOJQ", 2, "MFRGGZDFMZTWQ2LK"));
        Path file = dir.resolve("simulate-t.json");
        state.write(file);
        state.write(file); // rewriting keeps the permissions
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        SimulationState read = SimulationState.read(file);
        assertThat(read.phones).containsExactlyInAnyOrderEntriesOf(Map.of(0, "GEZDGNBVGY3TQOJQ", 2, "MFRGGZDFMZTWQ2LK"));

        // A state file from before 3-D Secure (version 1, no phones) still reads.
        Path old = dir.resolve("v1.json");
        Files.writeString(old, "{\"version\":1,\"tenant\":\"t\",\"seed\":5,\"prefix\":\"412345678\",\"cards\":3,\"baseYear\":2026,"
                + "\"createdAt\":\"2026-03-01T00:00:00Z\"}");
        assertThat(SimulationState.read(old).phones).isEmpty();
        Files.writeString(old, "{\"version\":2,\"prefix\":\"412345678\",\"createdAt\":\"2026-03-01T00:00:00Z\",\"phones\":{\"x\":\"AB\"}}");
        assertThatThrownBy(() -> SimulationState.read(old)).hasMessageContaining("card index");
    }

    @Test
    void theThreeDsOptionIsShareByDefault() throws Exception {
        Map<String, String> env = Map.of("MAMORI_API_KEY", "k");
        assertThat(SimulationOptions.parse(new String[0], env).threeDs).isTrue();
        assertThat(SimulationOptions.parse(new String[] {"--threeds", "off"}, env).threeDs).isFalse();
        assertThat(SimulationOptions.parse(new String[] {"--threeds=share"}, env).threeDs).isTrue();
        assertThatThrownBy(() -> SimulationOptions.parse(new String[] {"--threeds", "always"}, env))
                .hasMessageContaining("--threeds must be share or off");
        assertThat(SimulateCommand.HELP).contains("--threeds share|off", "mode 600");
    }
}
