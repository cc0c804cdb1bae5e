package dev.mamori.server.phishing;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Lookalike domains through the API: scan uploads, matches and their status, candidates, roles and tenants. */
class LookalikeIT extends IntegrationTest {
    @Autowired
    PhishingModule phishing;

    Tenants.TestTenant card;
    String analyst;

    @BeforeEach
    void tenant() {
        card = Tenants.create(api, unique("lookalike"));
        analyst = card.key(Role.ANALYST);
        phishing.brandDomains().register(new TenantId(UUID.fromString(card.id())), DomainName.of("mamori.jp"), true, "Mamori", "test");
    }

    Api.Reply scan(String key, String query, String contentType, String body) {
        return api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/phishing/lookalikes/scan" + query))
                .header("X-API-Key", key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void scanUploadStoresMatchesListedWithFiltersAndStatusChanges() {
        String list = "mmaori.jp\nwww.mamori.jp\nexample.com\nnot a domain\nhttps://secure.mamori.jp.evil.com/login\n"
                + DomainName.of("m\u0430mori.jp").ascii() + "\n";
        Api.Reply scanned = scan(analyst, "", "text/plain", list);
        assertThat(scanned.status()).as(scanned.toString()).isEqualTo(200);
        JsonNode body = scanned.json();
        assertThat(body.get("scanned").asLong()).isEqualTo(5);
        assertThat(body.get("matchCount").asInt()).isEqualTo(3);
        assertThat(body.get("rejectedCount").asLong()).isEqualTo(1);
        assertThat(body.get("rejected").get(0).get("line").asLong()).isEqualTo(4);
        assertThat(body.get("rejected").get(0).get("rule").asString()).isEqualTo("single-label");

        Api.Reply listed = api.get("/v1/phishing/lookalikes/matches", withKey(card.key(Role.AUDITOR)));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json()).hasSize(3);
        JsonNode best = listed.json().get(0);
        assertThat(best.get("technique").asString()).isEqualTo("idn-homoglyph");
        assertThat(best.get("unicode").asString()).isEqualTo("m\u0430mori.jp");
        assertThat(best.get("brand").asString()).isEqualTo("mamori.jp");
        assertThat(best.get("status").asString()).isEqualTo("new");
        assertThat(best.get("source").asString()).isEqualTo("upload");
        assertThat(api.get("/v1/phishing/lookalikes/matches?minScore=0.9", withKey(analyst)).json()).hasSize(2);
        assertThat(api.get("/v1/phishing/lookalikes/matches?brand=other.jp", withKey(analyst)).json()).isEmpty();

        long id = best.get("id").asLong();
        Api.Reply confirmed = api.send("PATCH", "/v1/phishing/lookalikes/matches/" + id, "{\"status\":\"confirmed\"}", withKey(analyst));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asString()).isEqualTo("confirmed");
        assertThat(api.get("/v1/phishing/lookalikes/matches?status=confirmed", withKey(analyst)).json()).hasSize(1);
        assertThat(api.get("/v1/phishing/lookalikes/matches?status=new", withKey(analyst)).json()).hasSize(2);
    }

    @Test
    void certificateTransparencyExportsAsJsonLinesAndCsv() {
        String jsonl = "{\"data\":{\"leaf_cert\":{\"all_domains\":[\"mamori-login.com\",\"*.mamori-login.com\"]}}}\n{broken\n";
        Api.Reply json = scan(analyst, "?source=ct", "application/x-ndjson", jsonl);
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.json().get("matchCount").asInt()).isEqualTo(1);
        assertThat(json.json().get("matches").get(0).get("technique").asString()).isEqualTo("keyword");
        assertThat(json.json().get("matches").get(0).get("source").asString()).isEqualTo("ct");
        assertThat(json.json().get("rejected").get(0).get("rule").asString()).isEqualTo("invalid-json");

        String csv = "common_name,name_value\nmamorl.jp,\"mamorl.jp\nwww.mamorl.jp\"\n";
        Api.Reply fromCsv = scan(analyst, "?source=ct", "text/csv", csv);
        assertThat(fromCsv.status()).as(fromCsv.toString()).isEqualTo(200);
        assertThat(fromCsv.json().get("matches").get(0).get("observed").asString()).isEqualTo("mamorl.jp");
    }

    @Test
    void badInputGetsClearErrors() {
        Api.Reply source = scan(analyst, "?source=twitter", "text/plain", "mmaori.jp\n");
        assertThat(source.status()).isEqualTo(422);
        assertThat(source.body()).contains("\"field\":\"source\"", "one-of");
        Api.Reply status = api.send("PATCH", "/v1/phishing/lookalikes/matches/1", "{\"status\":\"done\"}", withKey(analyst));
        assertThat(status.status()).isEqualTo(422);
        assertThat(status.body()).contains("\"field\":\"status\"");
        Api.Reply unknown = api.send("PATCH", "/v1/phishing/lookalikes/matches/999999999", "{\"status\":\"ignored\"}", withKey(analyst));
        assertThat(unknown.status()).isEqualTo(404);
        Api.Reply score = api.get("/v1/phishing/lookalikes/matches?minScore=high", withKey(analyst));
        assertThat(score.status()).isEqualTo(422);
        assertThat(score.body()).contains("\"field\":\"minScore\"");
        Api.Reply brand = api.get("/v1/phishing/lookalikes/candidates?brand=not_a_domain", withKey(analyst));
        assertThat(brand.status()).isEqualTo(422);
        assertThat(brand.body()).contains("\"field\":\"brand\"");

        Tenants.TestTenant empty = Tenants.create(api, unique("no-brands"));
        Api.Reply noBrands = scan(empty.key(Role.ANALYST), "", "text/plain", "mmaori.jp\n");
        assertThat(noBrands.status()).isEqualTo(422);
        assertThat(noBrands.body()).contains("\"field\":\"brand\"", "registered");
    }

    @Test
    void largeUploadsAreAllowedUpToTheUploadLimit() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            list.append("site").append(i).append(".example.com\n"); // about 500 KB, over the 64 KB API limit
        }
        list.append("mamori-secure.com\n");
        Api.Reply scanned = scan(analyst, "", "text/plain", list.toString());
        assertThat(scanned.status()).as(scanned.toString()).isEqualTo(200);
        assertThat(scanned.json().get("scanned").asLong()).isEqualTo(20_001);
        assertThat(scanned.json().get("matchCount").asInt()).isEqualTo(1);
        // other endpoints keep the small limit
        Api.Reply other = api.send("PATCH", "/v1/phishing/lookalikes/matches/1", "{\"status\":\"" + "x".repeat(70_000) + "\"}",
                withKey(analyst));
        assertThat(other.status()).isEqualTo(413);
    }

    @Test
    void candidatesForABrand() {
        Api.Reply candidates = api.get("/v1/phishing/lookalikes/candidates?brand=mamori.co.jp&limit=2000", withKey(card.key(Role.MERCHANT)));
        assertThat(candidates.status()).as(candidates.toString()).isEqualTo(200);
        assertThat(candidates.json().get("brand").asString()).isEqualTo("mamori.co.jp");
        JsonNode list = candidates.json().get("candidates");
        assertThat(list.size()).isEqualTo(candidates.json().get("count").asInt()).isGreaterThan(100);
        java.util.Set<String> techniques = new java.util.HashSet<>();
        java.util.Set<String> domains = new java.util.HashSet<>();
        list.forEach(c -> {
            techniques.add(c.get("technique").asString());
            domains.add(c.get("domain").asString());
        });
        assertThat(techniques).contains("omission", "insertion", "repetition", "replacement", "transposition", "bitsquatting",
                "hyphenation", "vowel-swap", "homoglyph", "idn-homoglyph", "tld-swap", "keyword");
        assertThat(domains).contains("mamori.jp", "mamori.ne.jp", "mamori-login.co.jp").doesNotContain("mamori.co.jp");
        assertThat(api.get("/v1/phishing/lookalikes/candidates?brand=mamori.co.jp&limit=5", withKey(analyst)).json().get("count").asInt())
                .isEqualTo(5);
    }

    @Test
    void tenantsAreIsolatedAndReadOnlyRolesCannotChangeAnything() {
        scan(analyst, "", "text/plain", "mmaori.jp\n");
        long id = api.get("/v1/phishing/lookalikes/matches", withKey(analyst)).json().get(0).get("id").asLong();

        Tenants.TestTenant other = Tenants.create(api, unique("lookalike-other"));
        phishing.brandDomains().register(new TenantId(UUID.fromString(other.id())), DomainName.of("sakuracard.co.jp"), true, null, "test");
        assertThat(api.get("/v1/phishing/lookalikes/matches", withKey(other.key(Role.ANALYST))).json()).isEmpty();
        Api.Reply foreign = api.send("PATCH", "/v1/phishing/lookalikes/matches/" + id, "{\"status\":\"ignored\"}",
                withKey(other.key(Role.ANALYST)));
        assertThat(foreign.status()).isEqualTo(404);
        // the other tenant's scan matches only its own brands
        Api.Reply otherScan = scan(other.key(Role.ANALYST), "", "text/plain", "mmaori.jp\nsakuracrad.co.jp\n");
        assertThat(otherScan.json().get("matchCount").asInt()).isEqualTo(1);
        assertThat(otherScan.json().get("matches").get(0).get("brand").asString()).isEqualTo("sakuracard.co.jp");

        String auditor = card.key(Role.AUDITOR);
        assertThat(scan(auditor, "", "text/plain", "mmaori.jp\n").status()).isEqualTo(403);
        assertThat(api.send("PATCH", "/v1/phishing/lookalikes/matches/" + id, "{\"status\":\"ignored\"}", withKey(auditor)).status())
                .isEqualTo(403);
        assertThat(scan(card.key(Role.MERCHANT), "", "text/plain", "mmaori.jp\n").status()).isEqualTo(403);
        assertThat(api.get("/v1/phishing/lookalikes/matches/", withKey(analyst)).status()).isIn(404, 405);
        assertThat(api.get("/v1/phishing/lookalikes/matches", withKey(analyst)).json().get(0).get("status").asString()).isEqualTo("new");
    }
}
