package dev.mamori.phishing.lookalike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedDomainReaderTest {
    private final List<RejectedLine> rejected = new ArrayList<>();

    private List<String> read(String text) {
        ObservedDomainReader reader = new ObservedDomainReader(new BufferedReader(new StringReader(text)));
        List<String> names = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        boolean more = true;
        while (more) {
            // batches of three: the reader must resume where it stopped
            batch.clear();
            more = reader.next(batch, 3, rejected::add);
            names.addAll(batch);
        }
        return names;
    }

    @Test
    void plainListWithCommentsExtraColumnsAndUnicode() {
        assertThat(read("# newly registered 2026-11-25\nmamori-login.com\n\nMAMORI.JP.\tcreated 2026-11-25\nまもり.jp\n*.evil.net\n"))
                .containsExactly("mamori-login.com", "mamori.jp", DomainName.of("まもり.jp").ascii(), "evil.net");
        assertThat(rejected).isEmpty();
    }

    @Test
    void namesHoldingACardNumberAreNeitherScannedNorRepeated() {
        assertThat(read("4111111111111111.mamori.jp.evil.com\n4111-1111-1111-1111.evil.com\nshop12345678901234.com\n"))
                .containsExactly("shop12345678901234.com");
        assertThat(rejected).extracting(RejectedLine::rule).containsExactly("card-number", "card-number");
        assertThat(rejected).allSatisfy(r -> assertThat(r.reason()).doesNotContain("4111"));
    }

    @Test
    void oneColumnCsvHeaderIsSkipped() {
        assertThat(read("domain\nmamori-login.com\n")).containsExactly("mamori-login.com");
        assertThat(rejected).isEmpty();
    }

    @Test
    void urlsFromReportsCountAsTheirHost() {
        assertThat(read("https://user@secure.mamori.jp.evil.com:8443/login?x=1\nhxxps://mamori-card[.]xyz/path\nhttp://[2001:db8::1]/\n"))
                .containsExactly("secure.mamori.jp.evil.com", "mamori-card.xyz");
        assertThat(rejected).containsExactly(new RejectedLine(3, "ip-address", "the URL names an IP address, not a domain"));
    }

    @Test
    void crtShCsvWithMultilineNameValue() {
        String csv = """
                issuer_ca_id,issuer_name,common_name,name_value,id,entry_timestamp,not_before,not_after,serial_number,result_count
                183267,"C=US, O=Let's Encrypt, CN=R11",mamori-login.com,"mamori-login.com
                *.mamori-login.com
                www.mamori-login.com",1234,2026-11-25T00:00:00,2026-11-25,2027-02-23,04ab,1
                183267,"C=US, O=Let's Encrypt, CN=R11",rnamori.jp,rnamori.jp,1235,2026-11-25T00:00:00,2026-11-25,2027-02-23,04ac,1
                183267,"C=US, O=Let's Encrypt, CN=R11",bad..name,bad..name,1236,2026-11-25T00:00:00,2026-11-25,2027-02-23,04ad,1
                """;
        assertThat(read(csv)).containsExactly("mamori-login.com", "www.mamori-login.com", "rnamori.jp");
        assertThat(rejected).extracting(RejectedLine::line, RejectedLine::rule).containsOnly(org.assertj.core.groups.Tuple.tuple(6L, "empty-label"));
    }

    @Test
    void jsonLinesFromCertstreamAndFlatExports() {
        String jsonl = """
                {"message_type":"certificate_update","data":{"leaf_cert":{"all_domains":["mamori-verify.com","*.mamori-verify.com"]}}}
                {"dns_names":["mаmori.jp"],"not_before":"2026-11-25"}
                {"domain":"sakuracrad.co.jp"}
                {"not json
                {"issuer":"no names here"}
                """;
        assertThat(read(jsonl)).containsExactly("mamori-verify.com", DomainName.of("mаmori.jp").ascii(), "sakuracrad.co.jp");
        assertThat(rejected).extracting(RejectedLine::line, RejectedLine::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, "invalid-json"), org.assertj.core.groups.Tuple.tuple(5L, "no-domain"));
    }

    @Test
    void badLinesAreReportedWithLineAndRuleAndReadingGoesOn() {
        assertThat(read("ok.jp\nlocalhost\n-bad.jp\n4111111111111111\nfine.com\n" + "a".repeat(64) + ".jp\n"))
                .containsExactly("ok.jp", "fine.com");
        assertThat(rejected).extracting(RejectedLine::line, RejectedLine::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "single-label"), org.assertj.core.groups.Tuple.tuple(3L, "hyphen-at-edge"),
                org.assertj.core.groups.Tuple.tuple(4L, "single-label"), org.assertj.core.groups.Tuple.tuple(6L, "invalid-characters"));
        // reasons never repeat the rejected text
        assertThat(rejected).allSatisfy(r -> assertThat(r.reason()).doesNotContain("4111").doesNotContain("bad"));
    }

    @Test
    void canonicalAgreesWithDomainNameRules() {
        assertThat(ObservedDomainReader.canonical("Mamori.JP")).isEqualTo("mamori.jp");
        String idn = DomainName.of("まもり.jp").ascii();
        assertThat(ObservedDomainReader.canonical(idn)).isEqualTo(idn);
        assertThat(ObservedDomainReader.canonical("ab--cd.jp")).isEqualTo(DomainName.of("ab--cd.jp").ascii());
        assertThatThrownBy(() -> ObservedDomainReader.canonical("example.123")).isInstanceOf(InvalidDomainException.class)
                .extracting(e -> ((InvalidDomainException) e).rule()).isEqualTo("numeric-tld");
    }
}
