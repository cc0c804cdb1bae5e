package dev.mamori.server.threeds;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.common.Totp;
import dev.mamori.server.ConsoleClient;
import dev.mamori.risk.simulate.SimulateCommand;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.risk.IsoListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./mamori simulate} with 3-D Secure against the whole running application: the set-up
 * enrols the simulated phones, the traffic runs real authentications (3DS Server, DS, ACS, the
 * browser challenge answered with TOTP codes or failed by fraudsters), the authorizations carry
 * the ACS's authentication values, and the figures API counts what the simulator saw.
 */
class SimulateThreeDsIT extends IntegrationTest {
    private static final List<String> FRAUD = List.of("phished-high-risk", "account-takeover", "reshipping");

    @Autowired
    IsoListener listener;

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err, JsonNode report) {
    }

    Result simulate(String key, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path report = dir.resolve("report-" + System.nanoTime() + ".json");
        String[] all = new String[args.length + 10];
        System.arraycopy(new String[] {"--url", "http://localhost:" + port, "--iso-host", "127.0.0.1", "--iso-port",
            String.valueOf(listener.port()), "--json", report.toString(), "--state-file", dir.resolve("state.json").toString()}, 0, all, 0, 10);
        System.arraycopy(args, 0, all, 10, args.length);
        int code = SimulateCommand.run(all, Map.of("MAMORI_API_KEY", key), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        JsonNode json = Files.exists(report) ? JsonMapper.builder().build().readTree(Files.readString(report)) : null;
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), json);
    }

    @Test
    void simulatedTrafficRunsRealAuthenticationsThatTheFiguresCount() throws Exception {
        Tenants.TestTenant tenant = Tenants.create(api, unique("simulate-3ds"));
        Api.Reply created = api.post("/v1/api-keys", "{\"name\":\"simulator\",\"roles\":[\"admin\",\"issuer\",\"analyst\",\"psp\"]}",
                withKey(tenant.adminKey()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().get("key").asString();

        Result run = simulate(key, "--setup", "--cards", "20", "--transactions", "300", "--interface", "both", "--rate", "0",
                "--seed", "7", "--days", "2");
        System.out.println(run.out()); // the report, for the build log
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("20 cards enrolled for the challenge with an authenticator app", "3-D Secure (authentications");
        JsonNode report = run.report();
        JsonNode threeDs = report.get("threeDs");
        JsonNode all = threeDs.get("all");
        assertThat(all.get("errors").asLong()).as(all.toString()).isZero();
        assertThat(all.get("frictionless").asLong()).as(all.toString()).isPositive();
        assertThat(all.get("challenged").asLong()).as(all.toString()).isPositive();

        // Cardholders answer with their phone's code and pass; fraudsters, without the phone, never do.
        JsonNode legit = threeDs.get("legit");
        assertThat(legit.get("challengePassed").asLong()).as(legit.toString()).isPositive();
        long fraudChallenged = 0;
        for (String scenario : FRAUD) {
            JsonNode f = threeDs.get(scenario);
            assertThat(f.get("challengePassed").asLong()).as(scenario + " " + f).isZero();
            assertThat(f.get("challengeFailed").asLong() + f.get("challengeAbandoned").asLong()).as(scenario)
                    .isEqualTo(f.get("challenged").asLong());
            fraudChallenged += f.get("challenged").asLong();
        }
        assertThat(fraudChallenged).as(threeDs.toString()).isPositive();

        // Authorizations after 3-D Secure carry the ACS's value: the host verifies it and shifts liability.
        assertThat(all.get("approvedWithLiabilityShift").asLong()).isPositive();
        Api.Reply log = api.get("/v1/authorizations?limit=1000", withKey(tenant.key(Role.ANALYST)));
        long shifted = 0;
        for (JsonNode row : log.json()) {
            shifted += row.path("liabilityShift").asBoolean(false) && "00".equals(row.get("responseCode").asString()) ? 1 : 0;
        }
        assertThat(shifted).isEqualTo(all.get("approvedWithLiabilityShift").asLong());
        // Stopped payments sent no authorization: the decision log still matches the simulator's answers.
        assertThat(report.get("server").get("consistentWithSimulator").asBoolean()).isTrue();
        long stopped = 0;
        for (JsonNode scenario : report.get("scenarios")) {
            stopped += scenario.get("stoppedByThreeDs").asLong();
        }
        assertThat(stopped).isEqualTo(all.get("challengeFailed").asLong() + all.get("challengeAbandoned").asLong()
                + all.get("refused").asLong());
        assertThat(log.json().size()).isEqualTo(300 - stopped);

        // The ACS's figures count the same authentications (walk-aways are still "challenge" until they time out).
        JsonNode stats = api.get("/v1/threeds/stats", withKey(tenant.key(Role.ANALYST))).json().get("total");
        assertThat(stats.get("areqs").asLong()).as(stats.toString()).isEqualTo(all.get("authentications").asLong());
        assertThat(stats.get("challenged").asLong()).isEqualTo(all.get("challenged").asLong());
        assertThat(stats.get("challengeSucceeded").asLong()).isEqualTo(all.get("challengePassed").asLong());
        assertThat(stats.get("frictionless").asLong()).isEqualTo(all.get("frictionless").asLong());

        // The console's 3-D Secure page shows the same figures.
        String page = logIn(tenant, unique("sim-analyst"), "analyst").get("/console/threeds").body();
        Matcher total = Pattern.compile("<tr id=\"total\"[^>]*>.*?class=\"num areqs\">(\\d+)</td>.*?class=\"num challenged\">(\\d+) ",
                Pattern.DOTALL).matcher(page);
        assertThat(total.find()).as(page).isTrue();
        assertThat(Long.parseLong(total.group(1))).isEqualTo(all.get("authentications").asLong());
        assertThat(Long.parseLong(total.group(2))).isEqualTo(all.get("challenged").asLong());

        // The phones' secrets are in the state file, readable by its owner only; no card number is.
        Path state = dir.resolve("state.json");
        String text = Files.readString(state);
        assertThat(text).contains("\"phones\"");
        String prefix = report.get("setup").get("prefix").asString();
        assertThat(text + run.out() + run.err()).doesNotContainPattern(prefix + "[0-9]{7}");
        if (state.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        }

        // A second run reads the phones back: cardholders still pass their challenges.
        Result again = simulate(key, "--transactions", "80", "--interface", "json", "--rate", "0", "--seed", "8");
        System.out.println(again.out());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        JsonNode againAll = again.report().get("threeDs").get("all");
        assertThat(againAll.get("errors").asLong()).as(againAll.toString()).isZero();
        assertThat(again.report().get("threeDs").get("legit").get("challengeFailed").asLong()).isZero();
    }

    private ConsoleClient logIn(Tenants.TestTenant tenant, String username, String role) {
        String password = "Correct-Horse-42-Battery";
        Api.Reply created = api.post("/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"roles\":[\""
                + role + "\"]}", withKey(tenant.adminKey()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ConsoleClient browser = new ConsoleClient(port);
        browser.password(username, password);
        Totp totp = Totp.authenticatorApp();
        String code = totp.code(new Base32().decode(browser.enrolmentSecret()), totp.step(Instant.now()));
        assertThat(ConsoleClient.location(browser.totp(code))).endsWith("/console");
        return browser;
    }
}
