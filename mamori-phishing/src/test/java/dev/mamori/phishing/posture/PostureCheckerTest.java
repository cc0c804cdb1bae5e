package dev.mamori.phishing.posture;

import static dev.mamori.phishing.posture.PostureFixtures.txt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.dns.LocalDnsServer;
import dev.mamori.phishing.posture.DkimKeyStatus.State;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PostureChecker} against a real authoritative DNS server (unbound) and a local HTTPS server for MTA-STS. */
class PostureCheckerTest {
    static final String GOOD_DMARC = "\"v=DMARC1; p=reject; rua=mailto:dmarc@reports.test\"";
    static LocalDnsServer dns;
    static PostureFixtures.PolicyServer https;
    static PostureChecker checker;

    @BeforeAll
    static void start() {
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("good.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
                @ IN MX 10 mx.good.test.
                mx IN A 192.0.2.25
                _dmarc IN TXT %s
                _mta-sts IN TXT "v=STSv1; id=20261126T000000"
                _smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@reports.test"
                google._domainkey IN TXT %s
                ed._domainkey IN TXT "v=DKIM1; k=ed25519; p=%s"
                default._bimi IN TXT "v=BIMI1; l=https://good.test/logo.svg; a=https://good.test/vmc.pem"
                """.formatted(GOOD_DMARC, txt("v=DKIM1; k=rsa; p=" + PostureFixtures.rsaKey(2048)), PostureFixtures.ed25519Key()));
        zones.put("pnone.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                _dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@reports.test"
                default._bimi IN TXT "v=BIMI1; l=https://pnone.test/logo.svg"
                """);
        zones.put("pct.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; pct=50; rua=mailto:dmarc@reports.test"
                """);
        zones.put("testing.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; t=y; rua=mailto:dmarc@reports.test"
                """);
        zones.put("norua.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject"
                """);
        zones.put("nodmarc.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                """);
        zones.put("twodmarc.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:a@reports.test"
                _dmarc IN TXT "v=DMARC1; p=none; rua=mailto:b@reports.test"
                """);
        zones.put("plusall.test", """
                @ IN TXT "v=spf1 +all"
                _dmarc IN TXT %s
                """.formatted(GOOD_DMARC));
        zones.put("neutral.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 ?all"
                _dmarc IN TXT %s
                """.formatted(GOOD_DMARC));
        zones.put("twospf.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                @ IN TXT "v=spf1 ip4:192.0.2.2 -all"
                _dmarc IN TXT %s
                """.formatted(GOOD_DMARC));
        StringBuilder lookups = new StringBuilder("v=spf1");
        StringBuilder includes = new StringBuilder();
        for (int i = 1; i <= 11; i++) {
            lookups.append(" include:i").append(i).append(".lookups.test");
            includes.append("i").append(i).append(" IN TXT \"v=spf1 ip4:192.0.2.").append(i).append(" -all\"\n");
        }
        zones.put("lookups.test", "@ IN TXT " + txt(lookups.append(" -all").toString()) + "\n" + new StringBuilder().append("_dmarc IN TXT ").append(GOOD_DMARC).append('\n')
                .append(includes).toString());
        zones.put("parked.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 ~all"
                _dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@reports.test"
                """);
        zones.put("parkedok.test", """
                @ IN TXT "v=spf1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@reports.test"
                """);
        zones.put("org.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@reports.test"
                shop IN TXT "v=spf1 ip4:192.0.2.2 -all"
                """);
        zones.put("loose.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; sp=none; rua=mailto:dmarc@reports.test"
                shop IN TXT "v=spf1 ip4:192.0.2.2 -all"
                """);
        zones.put("dkim.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                _dmarc IN TXT %s
                big._domainkey IN TXT %s
                small._domainkey IN TXT %s
                ed._domainkey IN TXT "v=DKIM1; k=ed25519; p=%s"
                gone._domainkey IN TXT "v=DKIM1; p="
                trial._domainkey IN TXT %s
                bad._domainkey IN TXT "v=DKIM1; k=dsa; p=AAAA"
                """.formatted(GOOD_DMARC, txt("v=DKIM1; k=rsa; p=" + PostureFixtures.rsaKey(2048)),
                txt("v=DKIM1; k=rsa; p=" + PostureFixtures.rsaKey(512)), PostureFixtures.ed25519Key(),
                txt("v=DKIM1; t=y; p=" + PostureFixtures.rsaKey(1024))));
        for (String name : List.of("ststesting", "stsbroken", "stsmx", "stsdown")) {
            zones.put(name + ".test", """
                    @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                    @ IN MX 10 mx.%s.test.
                    mx IN A 192.0.2.25
                    _dmarc IN TXT %s
                    _mta-sts IN TXT "v=STSv1; id=1"
                    _smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@reports.test"
                    """.formatted(name, GOOD_DMARC));
        }
        zones.put("nosts.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                @ IN MX 10 mx.nosts.test.
                mx IN A 192.0.2.25
                _dmarc IN TXT %s
                _smtp._tls IN TXT "v=TLSRPTv1; rua=ftp://reports.test"
                """.formatted(GOOD_DMARC));
        zones.put("sloppy.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 ptr"
                @ IN MX 10 mx.sloppy.test.
                mx IN A 192.0.2.25
                _dmarc IN TXT "v=DMARC1; p=reject; pct=abc; rua=mailto:dmarc@reports.test"
                _mta-sts IN TXT "v=STSv1; id=not-valid!"
                default._bimi IN TXT "v=BIMI1; l=http://sloppy.test/logo.svg"
                """);
        zones.put("broken.test", """
                @ IN TXT "v=spf1 ip4:999.0.0.1 -all"
                _dmarc IN TXT %s
                """.formatted(GOOD_DMARC));
        zones.put("stsoff.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                @ IN MX 10 mx.stsoff.test.
                _dmarc IN TXT %s
                _mta-sts IN TXT "v=STSv1; id=2"
                _smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@reports.test"
                """.formatted(GOOD_DMARC));
        dns = LocalDnsServer.start(zones);
        https = new PostureFixtures.PolicyServer();
        https.policies.put("good.test", "version: STSv1\r\nmode: enforce\r\nmx: mx.good.test\r\nmax_age: 86400\r\n");
        https.policies.put("ststesting.test", "version: STSv1\nmode: testing\nmx: *.ststesting.test\nmax_age: 86400\n");
        https.policies.put("stsbroken.test", "version: STSv1\nmode: enforce\nmx: mx.stsbroken.test\n");
        https.policies.put("stsoff.test", "version: STSv1\nmode: none\nmax_age: 86400\n");
        https.policies.put("stsmx.test", "version: STSv1\nmode: enforce\nmx: mail.elsewhere.test\nmax_age: 86400\n");
        checker = new PostureChecker(dns.resolver(), https.fetcher(), Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        https.close();
        dns.close();
    }

    static PostureReport check(String domain) {
        return checker.check(DomainName.of(domain), true, List.of());
    }

    static List<PostureCode> codes(PostureReport report) {
        return report.findings().stream().map(PostureFinding::code).toList();
    }

    @Test
    void aWellConfiguredDomainHasNoFindingAndGradeA() {
        PostureReport report = checker.check(DomainName.of("good.test"), true, List.of("ed"));

        assertThat(report.findings()).isEmpty();
        assertThat(report.grade()).isEqualTo(Grade.A);
        assertThat(report.score()).isEqualTo(100);
        assertThat(report.complete()).isTrue();
        assertThat(report.dkim()).extracting(DkimKeyStatus::selector, DkimKeyStatus::keyType, DkimKeyStatus::bits)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ed", "ed25519", 256),
                        org.assertj.core.groups.Tuple.tuple("google", "rsa", 2048));
        assertThat(report.records()).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo("HTTPS");
            assertThat(r.values().get(0)).contains("mode: enforce");
        });
        assertThat(report.records()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("_dmarc.good.test");
            assertThat(r.values()).containsExactly("v=DMARC1; p=reject; rua=mailto:dmarc@reports.test");
        });
    }

    @Test
    void policyNoneIsHighAndBimiWithoutEnforcementIsReported() {
        PostureReport report = check("pnone.test");

        assertThat(codes(report)).contains(PostureCode.DMARC_POLICY_NONE, PostureCode.BIMI_WITHOUT_ENFORCEMENT);
        assertThat(report.worstSeverity()).isEqualTo(Severity.HIGH);
        assertThat(report.grade()).isEqualTo(Grade.B);
    }

    @Test
    void partialPercentTestingModeAndMissingRuaAreReported() {
        assertThat(codes(check("pct.test"))).contains(PostureCode.DMARC_PARTIAL);
        assertThat(check("pct.test").findings()).filteredOn(f -> f.code() == PostureCode.DMARC_PARTIAL)
                .extracting(PostureFinding::detail).containsExactly("pct=50");
        assertThat(codes(check("testing.test"))).contains(PostureCode.DMARC_TESTING);
        assertThat(codes(check("norua.test"))).contains(PostureCode.DMARC_NO_RUA);
        assertThat(codes(check("good.test"))).doesNotContain(PostureCode.DMARC_PARTIAL, PostureCode.DMARC_TESTING, PostureCode.DMARC_NO_RUA);
    }

    @Test
    void noDmarcOrSeveralDmarcRecordsIsCritical() {
        PostureReport none = check("nodmarc.test");
        assertThat(codes(none)).contains(PostureCode.DMARC_MISSING);
        assertThat(none.grade()).isEqualTo(Grade.F);
        PostureReport two = check("twodmarc.test");
        assertThat(codes(two)).contains(PostureCode.DMARC_MULTIPLE).doesNotContain(PostureCode.DMARC_MISSING);
        assertThat(two.grade()).isEqualTo(Grade.F);
    }

    @Test
    void spfPassAllNeutralAllSeveralRecordsAndTooManyLookups() {
        assertThat(codes(check("plusall.test"))).contains(PostureCode.SPF_PASS_ALL);
        assertThat(check("plusall.test").grade()).isEqualTo(Grade.F);
        assertThat(codes(check("neutral.test"))).contains(PostureCode.SPF_NEUTRAL_ALL);
        assertThat(codes(check("twospf.test"))).contains(PostureCode.SPF_MULTIPLE);
        PostureReport lookups = check("lookups.test");
        assertThat(codes(lookups)).contains(PostureCode.SPF_TOO_MANY_LOOKUPS);
        assertThat(lookups.findings()).filteredOn(f -> f.code() == PostureCode.SPF_TOO_MANY_LOOKUPS)
                .extracting(PostureFinding::detail).allMatch(d -> d.startsWith("at least 11 lookups"));
        assertThat(codes(check("good.test"))).doesNotContain(PostureCode.SPF_TOO_MANY_LOOKUPS);
    }

    @Test
    void aNonSendingDomainNeedsSpfMinusAllAndDmarcReject() {
        PostureReport bad = checker.check(DomainName.of("parked.test"), false, List.of());
        assertThat(codes(bad)).contains(PostureCode.NON_SENDING_SPF, PostureCode.NON_SENDING_DMARC)
                .doesNotContain(PostureCode.DMARC_POLICY_QUARANTINE, PostureCode.DKIM_NONE_FOUND);

        PostureReport ok = checker.check(DomainName.of("parkedok.test"), false, List.of());
        assertThat(ok.findings()).isEmpty();
        assertThat(ok.grade()).isEqualTo(Grade.A);

        // The same record on a domain registered as sending mail breaks its mail.
        assertThat(codes(check("parkedok.test"))).contains(PostureCode.SPF_REJECTS_ALL_SENDING);
    }

    @Test
    void aSubdomainWithoutItsOwnRecordInheritsTheOrganizationalDomainsSubdomainPolicy() {
        PostureReport shop = check("shop.org.test");
        assertThat(codes(shop)).contains(PostureCode.DMARC_INHERITED, PostureCode.DMARC_POLICY_QUARANTINE)
                .doesNotContain(PostureCode.DMARC_MISSING);
        assertThat(shop.findings()).filteredOn(f -> f.code() == PostureCode.DMARC_INHERITED)
                .extracting(PostureFinding::detail).containsExactly("sp=quarantine from _dmarc.org.test");
        assertThat(shop.records()).extracting(SeenRecord::name).contains("_dmarc.shop.org.test", "_dmarc.org.test");

        assertThat(codes(check("loose.test"))).contains(PostureCode.DMARC_SUBDOMAIN_NONE);
        assertThat(codes(check("shop.loose.test"))).contains(PostureCode.DMARC_POLICY_NONE);
        // A name that does not exist falls back to sp= when there is no np=.
        assertThat(codes(check("ghost.org.test"))).contains(PostureCode.DMARC_POLICY_QUARANTINE, PostureCode.SPF_MISSING);
    }

    @Test
    void dkimSelectorsReportKeyTypeLengthRevocationAndTesting() {
        PostureReport report = checker.check(DomainName.of("dkim.test"), true,
                List.of("big", "small", "ed", "gone", "trial", "bad", "nosuch"));

        assertThat(report.dkim()).extracting(DkimKeyStatus::selector, DkimKeyStatus::state, DkimKeyStatus::keyType, DkimKeyStatus::bits)
                .contains(org.assertj.core.groups.Tuple.tuple("big", State.KEY, "rsa", 2048),
                        org.assertj.core.groups.Tuple.tuple("small", State.KEY, "rsa", 512),
                        org.assertj.core.groups.Tuple.tuple("ed", State.KEY, "ed25519", 256),
                        org.assertj.core.groups.Tuple.tuple("gone", State.REVOKED, "rsa", 0),
                        org.assertj.core.groups.Tuple.tuple("trial", State.KEY, "rsa", 1024),
                        org.assertj.core.groups.Tuple.tuple("bad", State.INVALID, null, 0),
                        org.assertj.core.groups.Tuple.tuple("nosuch", State.MISSING, null, 0));
        assertThat(report.findings()).extracting(f -> f.code().code() + " " + f.detail()).contains(
                "dkim.weak-key small: rsa 512 bits", "dkim.short-key trial: rsa 1024 bits", "dkim.revoked gone",
                "dkim.testing trial", "dkim.invalid bad: unknown key type k=dsa",
                "dkim.selector-missing nosuch._domainkey.dkim.test");
        assertThat(report.findings()).extracting(PostureFinding::detail).noneMatch(d -> d.startsWith("big") || d.startsWith("ed"));
    }

    @Test
    void mtaStsEnforceTestingBrokenUnreachableAndMismatchedPolicies() {
        assertThat(codes(check("good.test"))).doesNotContainAnyElementsOf(List.of(PostureCode.MTA_STS_MISSING,
                PostureCode.MTA_STS_TESTING, PostureCode.MTA_STS_POLICY_INVALID, PostureCode.TLS_RPT_MISSING));
        assertThat(codes(check("ststesting.test"))).contains(PostureCode.MTA_STS_TESTING).doesNotContain(PostureCode.MTA_STS_MX_MISMATCH);
        PostureReport broken = check("stsbroken.test");
        assertThat(broken.findings()).filteredOn(f -> f.code() == PostureCode.MTA_STS_POLICY_INVALID)
                .extracting(PostureFinding::detail).containsExactly("max_age: the policy has no max_age field");
        assertThat(codes(check("stsmx.test"))).contains(PostureCode.MTA_STS_MX_MISMATCH);
        PostureReport down = check("stsdown.test");
        assertThat(down.findings()).filteredOn(f -> f.code() == PostureCode.MTA_STS_POLICY_UNAVAILABLE)
                .extracting(PostureFinding::detail).singleElement().asString().contains("HTTP 404");
    }

    @Test
    void missingMtaStsAndBadTlsRptAreLowAndOnlyForDomainsThatReceiveMail() {
        PostureReport report = check("nosts.test");
        assertThat(codes(report)).contains(PostureCode.MTA_STS_MISSING, PostureCode.TLS_RPT_INVALID);
        assertThat(report.findings()).filteredOn(f -> f.code().area().equals("mta-sts") || f.code().area().equals("tls-rpt"))
                .allMatch(f -> f.severity() == Severity.LOW);
        // pct.test has no MX: nobody sends mail to it, so MTA-STS and TLS-RPT do not apply.
        assertThat(codes(check("pct.test"))).doesNotContain(PostureCode.MTA_STS_MISSING, PostureCode.TLS_RPT_MISSING);
    }

    @Test
    void aDnsFailureIsReportedAsSuchNotAsMissingRecords() {
        // The server is authoritative for *.test only and refuses other names.
        PostureReport report = check("elsewhere.example");
        assertThat(report.complete()).isFalse();
        assertThat(codes(report)).containsOnlyOnce(PostureCode.DNS_TEMPORARY_FAILURE)
                .doesNotContain(PostureCode.SPF_MISSING, PostureCode.DMARC_MISSING, PostureCode.MTA_STS_MISSING, PostureCode.DKIM_NONE_FOUND);
        assertThat(report.findings()).singleElement().extracting(PostureFinding::detail).asString()
                .startsWith("TXT elsewhere.example, TXT _dmarc.elsewhere.example").contains("MX elsewhere.example");
        assertThat(report.records()).filteredOn(r -> r.name().equals("elsewhere.example") && r.type().equals("TXT"))
                .extracting(SeenRecord::status).containsExactly("temporary-failure");
    }

    @Test
    void sloppyRecordsBrokenSyntaxAndModeNone() {
        assertThat(codes(check("sloppy.test"))).contains(PostureCode.SPF_NO_ALL, PostureCode.SPF_PTR, PostureCode.DMARC_SYNTAX,
                PostureCode.MTA_STS_RECORD_INVALID, PostureCode.TLS_RPT_MISSING, PostureCode.BIMI_INVALID);
        assertThat(check("sloppy.test").findings()).filteredOn(f -> f.code() == PostureCode.DMARC_SYNTAX)
                .extracting(PostureFinding::detail).singleElement().asString().startsWith("pct");
        assertThat(codes(check("broken.test"))).contains(PostureCode.SPF_SYNTAX);
        assertThat(codes(check("stsoff.test"))).contains(PostureCode.MTA_STS_MODE_NONE);
        assertThat(codes(check("pnone.test"))).contains(PostureCode.DKIM_NONE_FOUND);
    }

    @Test
    void everyFindingIsProducedByOneOfTheTestZones() {
        java.util.Set<PostureCode> seen = java.util.EnumSet.noneOf(PostureCode.class);
        for (String domain : List.of("good.test", "pnone.test", "pct.test", "testing.test", "norua.test", "nodmarc.test", "twodmarc.test",
                "plusall.test", "neutral.test", "twospf.test", "lookups.test", "shop.org.test", "loose.test", "ststesting.test",
                "stsbroken.test", "stsmx.test", "stsdown.test", "nosts.test", "sloppy.test", "broken.test", "stsoff.test",
                "parkedok.test", "ghost.org.test", "elsewhere.example")) {
            seen.addAll(codes(check(domain)));
        }
        seen.addAll(codes(checker.check(DomainName.of("parked.test"), false, List.of())));
        seen.addAll(codes(checker.check(DomainName.of("dkim.test"), true, List.of("small", "trial", "gone", "bad", "nosuch"))));
        assertThat(seen).containsExactlyInAnyOrder(PostureCode.values());
    }

    @Test
    void findingsSayWhatIsWrongAndTheFixInEnglishAndJapanese() {
        for (PostureCode code : PostureCode.values()) {
            assertThat(code.message(Locale.ENGLISH)).isNotBlank();
            assertThat(code.fix(Locale.ENGLISH)).isNotBlank();
            assertThat(code.message(Locale.JAPANESE)).isNotEqualTo(code.message(Locale.ENGLISH)).matches(".*[\\u3040-\\u30ff\\u4e00-\\u9fff].*");
            assertThat(code.fix(Locale.JAPANESE)).matches(".*[\\u3040-\\u30ff\\u4e00-\\u9fff].*");
            assertThat(PostureCode.ofCode(code.code())).isEqualTo(code);
        }
    }

    @Test
    void selectorsAreDnsLabels() {
        assertThat(PostureChecker.normalizeSelectors(List.of("Google", "s1", "google", "2024._sub"))).containsExactly("google", "s1", "2024._sub");
        assertThatThrownBy(() -> PostureChecker.normalizeSelectors(List.of("bad selector"))).hasMessageContaining("DNS labels");
        assertThatThrownBy(() -> PostureChecker.normalizeSelectors(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }
}
