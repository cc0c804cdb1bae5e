package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.risk.simulate.SimulateCommand;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./mamori simulate} against the whole running application, over both interfaces: set-up
 * through the API, a small simulation, and its report checked against the server's own decision
 * log, the card-testing defence and the false-positive rate.
 */
class SimulateIT extends IntegrationTest {
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
    void aSimulationWithSetUpMatchesTheDecisionLogStopsTheCardTesterAndSparesLegitimateCustomers() throws Exception {
        Tenants.TestTenant tenant = Tenants.create(api, unique("simulate"));
        Api.Reply created = api.post("/v1/api-keys", "{\"name\":\"simulator\",\"roles\":[\"admin\",\"issuer\",\"analyst\"]}",
                withKey(tenant.adminKey()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().get("key").asString();

        Result run = simulate(key, "--setup", "--cards", "20", "--transactions", "400", "--interface", "both", "--rate", "0",
                "--seed", "42", "--days", "2", "--threeds", "off");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        System.out.println(run.out()); // the report, for the build log
        JsonNode report = run.report();
        assertThat(run.out()).contains("BIN route", "card accounts  20 opened", "rule set", "block list", "Simulation report");

        // Every payment got a decision, and the server logged exactly those, code by code.
        long decided = 0;
        long approved = 0;
        Map<String, Long> byCode = new HashMap<>();
        for (JsonNode scenario : report.get("scenarios")) {
            assertThat(scenario.get("errors").asLong()).as(scenario.toString()).isZero();
            decided += scenario.get("decided").asLong();
            approved += scenario.get("approved").asLong();
            scenario.get("byResponseCode").properties().forEach(e -> byCode.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        assertThat(decided).isEqualTo(400);
        JsonNode server = report.get("server");
        assertThat(server.get("decisionsLogged").asLong()).isEqualTo(400);
        assertThat(server.get("consistentWithSimulator").asBoolean()).isTrue();
        Api.Reply log = api.get("/v1/authorizations?limit=1000", withKey(tenant.key(Role.ANALYST)));
        assertThat(log.json().size()).isEqualTo(400);
        long loggedApprovals = 0;
        for (JsonNode row : log.json()) {
            loggedApprovals += "00".equals(row.get("responseCode").asString()) ? 1 : 0;
        }
        assertThat(loggedApprovals).isEqualTo(approved).isEqualTo(byCode.get("00"));
        assertThat(report.get("latency").get("json").get("count").asLong()
                + report.get("latency").get("iso").get("count").asLong()).isEqualTo(400);

        // The credit-master burst: the default policy stops a device by its fifth distinct card.
        JsonNode cm = report.get("scenarios").get("credit-master");
        assertThat(cm.get("sent").asLong()).isEqualTo(24);
        assertThat(cm.get("probesUntilStopped").isNull()).isFalse();
        assertThat(cm.get("probesUntilStopped").asInt()).isBetween(1, 5);
        assertThat(cm.get("approvedAfterStop").asInt()).isZero();
        assertThat(server.get("alerts").toString()).contains("card-testing");

        // Loose bounds: most legitimate payments go through; fraud is caught far more often.
        double falsePositives = report.get("summary").get("legitFalsePositiveRate").asDouble();
        assertThat(falsePositives).isLessThan(0.10);
        assertThat(report.get("summary").get("fraudCaughtRate").asDouble()).isGreaterThan(falsePositives + 0.3);

        // No card number reached the output or the state file; a second run regenerates the cards from it.
        String prefix = report.get("setup").get("prefix").asString();
        assertThat(run.out() + run.err()).doesNotContainPattern(prefix + "[0-9]{7}");
        String state = Files.readString(dir.resolve("state.json"));
        assertThat(state).contains(prefix).doesNotContainPattern(prefix + "[0-9]{7}");

        Result again = simulate(key, "--transactions", "60", "--interface", "iso", "--rate", "0", "--seed", "43", "--threeds", "off");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.report().get("server").get("consistentWithSimulator").asBoolean()).isTrue();
        assertThat(again.report().get("scenarios").get("legit").get("byResponseCode").has("14")).as("the same cards").isFalse();
        assertThat(api.get("/v1/authorizations?limit=1000", withKey(tenant.key(Role.ANALYST))).json().size()).isEqualTo(460);
    }
}
