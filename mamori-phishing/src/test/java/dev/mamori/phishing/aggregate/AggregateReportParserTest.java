package dev.mamori.phishing.aggregate;

import static dev.mamori.phishing.aggregate.ReportFiles.email;
import static dev.mamori.phishing.aggregate.ReportFiles.gzip;
import static dev.mamori.phishing.aggregate.ReportFiles.minimal;
import static dev.mamori.phishing.aggregate.ReportFiles.resource;
import static dev.mamori.phishing.aggregate.ReportFiles.utf8;
import static dev.mamori.phishing.aggregate.ReportFiles.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.phishing.aggregate.AggregateReport.Disposition;
import dev.mamori.phishing.aggregate.AggregateReport.Policy;
import dev.mamori.phishing.aggregate.AggregateReport.Record;
import java.time.Instant;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class AggregateReportParserTest {
    final AggregateReportParser parser = new AggregateReportParser();

    @Test
    void readsAGoogleStyleReportWithoutNamespace() throws Exception {
        AggregateReportParser.Parsed parsed = parser.parse(resource("google-mamori.xml"));
        AggregateReport report = parsed.report();

        assertThat(parsed.format()).isEqualTo(ReportFormat.XML);
        assertThat(report.namespace()).isEmpty();
        assertThat(report.schemaVersion()).isNull();
        assertThat(report.metadata().orgName()).isEqualTo("google.com");
        assertThat(report.metadata().email()).isEqualTo("noreply-dmarc-support@google.com");
        assertThat(report.metadata().reportId()).isEqualTo("10978945612783452211");
        assertThat(report.metadata().begin()).isEqualTo(Instant.parse("2026-11-05T00:00:00Z"));
        assertThat(report.metadata().end()).isEqualTo(Instant.parse("2026-11-05T23:59:59Z"));
        assertThat(report.policy().domain().ascii()).isEqualTo("mamori-card.test");
        assertThat(report.policy().p()).isEqualTo(Policy.NONE);
        assertThat(report.policy().pct()).isEqualTo(100);
        assertThat(report.records()).hasSize(3);
        assertThat(report.messageCount()).isEqualTo(1545);
        Record forgotten = report.records().get(1);
        assertThat(forgotten.sourceIp()).isEqualTo("198.51.100.25");
        assertThat(forgotten.count()).isEqualTo(300);
        assertThat(forgotten.dmarcPass()).isFalse();
        assertThat(forgotten.anyAuthenticationPassed()).isTrue();
        assertThat(forgotten.dkim()).containsExactly(new AggregateReport.DkimResult("mailer.example", "em1", "pass"));
        assertThat(forgotten.spf()).containsExactly(new AggregateReport.SpfResult("bounce.mailer.example", null, "pass"));
        assertThat(report.records().get(2).anyAuthenticationPassed()).isFalse();
    }

    @Test
    void readsAMicrosoftStyleReportWithVersionAndEnvelopeIdentifiers() throws Exception {
        AggregateReport report = parser.parse(resource("microsoft-mamori.xml")).report();

        assertThat(report.schemaVersion()).isEqualTo("1.0");
        assertThat(report.policy().fo()).isEqualTo("0");
        Record record = report.records().get(0);
        assertThat(record.sourceIp()).isEqualTo("2001:db8::25");
        assertThat(record.envelopeTo()).isEqualTo("contoso.example");
        assertThat(record.envelopeFrom()).isEqualTo("mamori-card.test");
        assertThat(record.dkimAligned()).isTrue();
        assertThat(record.spfAligned()).isFalse();
        assertThat(record.spf()).containsExactly(new AggregateReport.SpfResult("mamori-card.test", "mfrom", "softfail"));
    }

    @Test
    void ipv6AddressesGetOneSpelling() throws Exception {
        String good = minimal("r", "mamori-card.test", null);
        assertThat(parse(good.replace("192.0.2.1", "2001:DB8:0:0:1:0:0:1")).records().get(0).sourceIp()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(parse(good.replace("192.0.2.1", "::1")).records().get(0).sourceIp()).isEqualTo("::1");
        assertThat(parse(good.replace("192.0.2.1", "fe80:0:0:0:0:0:0:0")).records().get(0).sourceIp()).isEqualTo("fe80::");
        assertThat(parse(good.replace("192.0.2.1", "2001:db8:1:2:3:4:5:6")).records().get(0).sourceIp()).isEqualTo("2001:db8:1:2:3:4:5:6");
    }

    @Test
    void readsAnRfc9990NamespacedReportAndIgnoresExtensions() throws Exception {
        AggregateReport report = parser.parse(resource("rfc9990-mamori.xml")).report();

        assertThat(report.namespace()).isEqualTo("urn:ietf:params:xml:ns:dmarc-2.0");
        assertThat(report.metadata().reportId()).isEqualTo("<2026-11-02.mamori-card.test@mail.receiver.example>");
        assertThat(report.metadata().generator()).isEqualTo("Receiver DMARC 3.1");
        assertThat(report.policy().p()).isEqualTo(Policy.QUARANTINE);
        assertThat(report.policy().sp()).isEqualTo(Policy.NONE);
        assertThat(report.policy().np()).isEqualTo(Policy.REJECT);
        assertThat(report.policy().adkim()).isEqualTo("s");
        assertThat(report.policy().testing()).isTrue();
        assertThat(report.policy().discoveryMethod()).isEqualTo("treewalk");
        assertThat(report.policy().pct()).isNull();
        assertThat(report.records()).extracting(Record::disposition).containsExactly(Disposition.PASS, Disposition.QUARANTINE);
        assertThat(report.records().get(1).reasons()).containsExactly("policy_test_mode: t=y");
    }

    @Test
    void unpacksGzipZipAndEmailFromTheirBytesWhateverTheirName() throws Exception {
        byte[] xml = resource("google-mamori.xml");
        AggregateReport plain = parser.parse(xml).report();

        AggregateReportParser.Parsed gz = parser.parse(gzip(xml));
        AggregateReportParser.Parsed zipped = parser.parse(zip("README.txt", utf8("not the report"), "google.com!mamori-card.test!1793836800!1793923199.xml", xml));
        AggregateReportParser.Parsed mailedGzip = parser.parse(email("application/gzip", "google.com!mamori-card.test.xml.gz", gzip(xml)));
        AggregateReportParser.Parsed mailedZip = parser.parse(email("application/octet-stream", "report.bin", zip("r.xml", xml)));
        AggregateReportParser.Parsed mailedXml = parser.parse(email("text/xml", "report.xml", xml));

        assertThat(gz.format()).isEqualTo(ReportFormat.GZIP);
        assertThat(zipped.format()).isEqualTo(ReportFormat.ZIP);
        assertThat(mailedGzip.format()).isEqualTo(ReportFormat.EMAIL);
        for (AggregateReportParser.Parsed p : new AggregateReportParser.Parsed[] {gz, zipped, mailedGzip, mailedZip, mailedXml}) {
            assertThat(p.report()).isEqualTo(plain);
        }
    }

    @Test
    void isLenientWithWhitespaceCaseAndMissingOptionalElements() throws Exception {
        String sloppy = "\uFEFF  <feedback><report_metadata><org_name> Sloppy Mail </org_name>"
                + "<report_id>\n  r-1 \n</report_id><date_range><end> 1793923199 </end><begin>1793836800</begin></date_range></report_metadata>"
                + "<policy_published><domain>Mamori-Card.TEST.</domain><p>Reject</p></policy_published>"
                + "<record><row><source_ip> 192.0.2.7 </source_ip><count>5</count><policy_evaluated>"
                + "<disposition>Reject</disposition><dkim>FAIL</dkim><spf>Pass</spf></policy_evaluated></row>"
                + "<identifiers><header_from>MAMORI-CARD.test</header_from></identifiers>"
                + "<auth_results><spf><domain>mamori-card.test</domain><result>Unknown</result></spf></auth_results></record></feedback>";

        AggregateReport report = parser.parse(utf8(sloppy)).report();

        assertThat(report.metadata().orgName()).isEqualTo("Sloppy Mail");
        assertThat(report.metadata().reportId()).isEqualTo("r-1");
        assertThat(report.metadata().email()).isEmpty();
        assertThat(report.policy().domain().ascii()).isEqualTo("mamori-card.test");
        assertThat(report.policy().sp()).isEqualTo(Policy.REJECT);
        assertThat(report.policy().adkim()).isEqualTo("r");
        Record record = report.records().get(0);
        assertThat(record.sourceIp()).isEqualTo("192.0.2.7");
        assertThat(record.disposition()).isEqualTo(Disposition.REJECT);
        assertThat(record.spfAligned()).isTrue();
        assertThat(record.headerFrom()).isEqualTo("mamori-card.test");
        assertThat(record.spf().get(0).result()).isEqualTo("temperror");
    }

    @Test
    void rejectsBrokenContainers() {
        byte[] gz = gzip(resource("google-mamori.xml"));
        rejects(() -> parser.parse(Arrays.copyOf(gz, gz.length / 2)), "gzip", "truncated");
        rejects(() -> parser.parse(gzip(utf8("plain text, no xml"))), "gzip", "not-xml");
        rejects(() -> parser.parse(zip("readme.txt", utf8("hello"))), "zip", "no-xml");
        rejects(() -> parser.parse(zip("a.xml", resource("google-mamori.xml"), "b.xml", resource("microsoft-mamori.xml"))), "zip", "one-report");
        rejects(() -> parser.parse(email("text/plain", "notes.txt", utf8("hello"))), "e-mail", "no-report");
        rejects(() -> parser.parse(new byte[] {1, 2, 3, 4}), "file", "unknown-format");
        rejects(() -> parser.parse(new byte[0]), "file", "required");
        rejects(() -> parser.parse(utf8("<feedback><report_metadata>")), "xml", "malformed");
    }

    @Test
    void rejectsXmlThatIsNotADmarcReport() {
        rejects(() -> parser.parse(utf8("<rss version=\"2.0\"><channel/></rss>")), "feedback", "not-dmarc");
        rejects(() -> parser.parse(utf8("<feedback xmlns=\"urn:example:other\"/>")), "feedback", "not-dmarc");
    }

    @Test
    void rejectsMissingRequiredPartsNamingTheElement() {
        rejects(() -> parse(minimal("", "mamori-card.test", null)), "feedback/report_metadata/report_id", "required");
        rejects(() -> parse(minimal("r", "mamori-card.test", null).replaceAll("<date_range>.*</date_range>", "")),
                "feedback/report_metadata/date_range", "required");
        rejects(() -> parse(minimal("r", "mamori-card.test", "")), "feedback/record", "required");
        rejects(() -> parse(minimal("r", "mamori-card.test", null).replace("<p>none</p>", "")), "feedback/policy_published/p", "required");
        rejects(() -> parse(minimal("r", "bad_domain.test", null)), "feedback/policy_published/domain", "domain-invalid-characters");
    }

    @Test
    void rejectsBadValuesNamingTheRecordAndRule() {
        String good = minimal("r", "mamori-card.test", null);
        rejects(() -> parse(good.replace("192.0.2.1", "192.0.2.999")), "feedback/record[1]/row/source_ip", "ip-address");
        rejects(() -> parse(good.replace("192.0.2.1", "mail.example.com")), "feedback/record[1]/row/source_ip", "ip-address");
        rejects(() -> parse(good.replace("<count>3</count>", "<count>-3</count>")), "feedback/record[1]/row/count", "not-negative");
        rejects(() -> parse(good.replace("<count>3</count>", "<count>three</count>")), "feedback/record[1]/row/count", "whole-number");
        rejects(() -> parse(good.replace("<begin>1793836800</begin>", "<begin>1793923200</begin>")),
                "feedback/report_metadata/date_range/end", "not-before-begin");
        rejects(() -> parse(good.replace("<disposition>none</disposition>", "<disposition>bounce</disposition>")),
                "feedback/record[1]/row/policy_evaluated/disposition", "disposition");
        rejects(() -> parse(good.replace("<dkim>pass</dkim>", "<dkim>maybe</dkim>")), "feedback/record[1]/row/policy_evaluated/dkim", "pass-or-fail");
        rejects(() -> parse(good.replace("<p>none</p>", "<p>none</p><pct>150</pct>")), "feedback/policy_published/pct", "percent");
    }

    @Test
    void cardNumbersAreNeitherKeptNorEchoedInErrors() throws Exception {
        String good = minimal("4111 1111 1111 1111", "mamori-card.test", null).replace("rep.example</org_name>", "pan 4242424242424242</org_name>");
        AggregateReport report = parse(good);
        assertThat(report.metadata().reportId()).isEqualTo("4111 11** **** 1111");
        assertThat(report.metadata().orgName()).isEqualTo("pan 424242******4242");

        assertThatThrownBy(() -> parse(good.replace("192.0.2.1", "4111111111111111")))
                .isInstanceOfSatisfying(ReportFormatException.class, e -> assertThat(e.getMessage())
                        .contains("source_ip").doesNotContain("4111111111111111").contains("411111******1111"));
        assertThatThrownBy(() -> parse(good.replace("<disposition>none</disposition>", "<disposition>5555555555554444</disposition>")))
                .hasMessageNotContaining("5555555555554444");
    }

    @Test
    void refusesExternalEntitiesAndEntityExpansion() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + minimal("&xxe;", "mamori-card.test", null);
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>" + minimal("&lol3;", "mamori-card.test", null);
        String undeclared = minimal("&lol;", "mamori-card.test", null);

        rejects(() -> parse(xxe), "DOCTYPE", "no-dtd");
        rejects(() -> parse(laughs), "DOCTYPE", "no-dtd");
        assertThatThrownBy(() -> parse(undeclared)).isInstanceOf(ReportFormatException.class)
                .hasMessageNotContaining("root:");
    }

    @Test
    void refusesCompressionBombsAndTooManyZipEntries() {
        AggregateReportParser small = new AggregateReportParser(new ReportLimits(1024 * 1024, 64 * 1024, 3, 1000));
        byte[] bomb = gzip(new byte[10 * 1024 * 1024]); // 10 MB of zeros in about 10 KB
        String padded = minimal("r", "mamori-card.test", null).replace("<feedback>", "<feedback>" + " ".repeat(200_000));

        assertThat(bomb.length).isLessThan(20_000);
        rejects(() -> small.parse(bomb), "gzip", "too-large");
        rejects(() -> small.parse(zip("a.xml", utf8(padded))), "zip", "too-large");
        byte[] zipBomb = zip("report.xml", new byte[10 * 1024 * 1024]);
        assertThat(zipBomb.length).isLessThan(20_000);
        rejects(() -> small.parse(zipBomb), "zip", "too-large");
        rejects(() -> small.parse(email("application/gzip", "r.xml.gz", bomb)), "gzip", "too-large");
        rejects(() -> small.parse(zip("1.txt", new byte[1], "2.txt", new byte[1], "3.txt", new byte[1], "4.xml", utf8(padded))),
                "zip", "too-many-entries");
        rejects(() -> small.parse(new byte[2 * 1024 * 1024]), "file", "too-large");
    }

    private AggregateReport parse(String xml) throws ReportFormatException {
        return parser.parse(utf8(xml)).report();
    }

    private static void rejects(ThrowingCallable call, String element, String rule) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ReportFormatException.class, e -> {
            assertThat(e.element()).as(e.getMessage()).isEqualTo(element);
            assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
            assertThat(e.getMessage()).startsWith(element + ": ");
        });
    }
}
