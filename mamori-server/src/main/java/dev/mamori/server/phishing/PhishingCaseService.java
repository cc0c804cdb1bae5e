package dev.mamori.server.phishing;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.cases.CaseDetail;
import dev.mamori.phishing.cases.CaseExports;
import dev.mamori.phishing.cases.CaseId;
import dev.mamori.phishing.cases.CaseNotFoundException;
import dev.mamori.phishing.cases.CompromisedCard;
import dev.mamori.phishing.cases.IntakeResult;
import dev.mamori.phishing.cases.InvalidReportException;
import dev.mamori.phishing.cases.PhishingCases;
import dev.mamori.phishing.cases.ReportSubmission;
import dev.mamori.phishing.cases.StoredReport;
import dev.mamori.phishing.cases.TakedownReports;
import dev.mamori.risk.RiskLists;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListType;
import dev.mamori.server.tenant.TenantRepository;
import dev.mamori.vault.Vault;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Phishing cases wired to the rest of the server: card numbers found in reports are fingerprinted
 * by the vault (the phishing module never sees the vault), and an analyst's "send to the
 * compromised-card list" puts those fingerprints on the risk module's block list, where the next
 * authorization with the card is declined. Used by the API and the console alike.
 */
@Service
public class PhishingCaseService {
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private final PhishingModule phishing;
    private final Vault vault;
    private final RiskModule risk;
    private final TenantRepository tenants;
    private final Clock clock;

    public PhishingCaseService(PhishingModule phishing, Vault vault, RiskModule risk, TenantRepository tenants, Clock clock) {
        this.phishing = phishing;
        this.vault = vault;
        this.risk = risk;
        this.tenants = tenants;
        this.clock = clock;
    }

    public PhishingCases cases() {
        return phishing.cases();
    }

    public IntakeResult submit(TenantId tenant, ReportSubmission submission, String actor) {
        IntakeResult result = phishing.cases().submit(tenant, submission, vault::fingerprint, actor);
        matchLookalikes(tenant, result);
        return result;
    }

    /**
     * The hosts of reported URLs are observed domains too: one that imitates a brand domain of the
     * tenant becomes a lookalike match with source {@code report}, beside those from lists and CT.
     */
    private void matchLookalikes(TenantId tenant, IntakeResult result) {
        String hosts = result.cases().stream().map(link -> link.url().host()).distinct().collect(java.util.stream.Collectors.joining("\n"));
        if (hosts.isEmpty() || phishing.brandDomains().list(tenant).isEmpty()) {
            return;
        }
        phishing.lookalikes().scan(tenant, new java.io.BufferedReader(new java.io.StringReader(hosts)),
                dev.mamori.phishing.lookalike.ScanSource.REPORT);
    }

    /** What sending a case's cards to the block list did. */
    public record Listing(int added, int alreadyListed, List<CompromisedCard> cards) {
    }

    /**
     * Puts the case's cards not yet listed on the tenant's card-fingerprint block list, source
     * {@code phishing-case-<id>}; a card already on the list (from another case, or by hand) counts as listed.
     */
    public Listing listCompromisedCards(TenantId tenant, CaseId id, String actor) {
        List<CompromisedCard> cards = phishing.cases().cards(tenant, id);
        List<String> listed = new ArrayList<>();
        int added = 0;
        int already = 0;
        for (CompromisedCard card : cards) {
            if (card.listedAt() != null) {
                continue;
            }
            try {
                risk.lists().add(tenant, ListKind.CARD_FINGERPRINT, ListType.BLOCK, card.fingerprint(), "phishing-case-" + id,
                        "card " + card.masked() + " entered on a reported phishing site", null, actor);
                added++;
            } catch (RiskLists.DuplicateEntryException e) {
                already++;
            }
            listed.add(card.fingerprint());
        }
        return new Listing(added, already, phishing.cases().markListed(tenant, id, listed, actor));
    }

    /** A takedown request in {@code format} ({@code arf} or {@code xarf}) from the tenant to {@code to}. */
    public record Takedown(String mediaType, String fileName, byte[] body) {
    }

    public Takedown takedown(TenantId tenant, CaseId id, String format, String to, String from, String sourceIp) {
        CaseDetail detail = phishing.cases().find(tenant, id).orElseThrow(CaseNotFoundException::new);
        String org = tenants.find(tenant).map(t -> t.name()).orElse("Mamori");
        TakedownReports.Sender sender = new TakedownReports.Sender(org, from == null ? null : from.strip());
        TakedownReports.address("from", from);
        String kind = format == null ? "arf" : format.strip().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "arf" -> {
                byte[] mail = firstMail(tenant, detail);
                return new Takedown("message/rfc822", "phishing-case-" + id + ".eml",
                        TakedownReports.arf(detail, sender, to, mail, sourceIp, clock.instant()));
            }
            case "xarf" -> {
                TakedownReports.address("to", to);
                List<TakedownReports.Attachment> evidence = new ArrayList<>();
                // At most ten files are attached (TakedownReports takes no more): read no more than that.
                detail.reports().stream().flatMap(r -> r.evidence().stream()).limit(10)
                        .forEach(e -> phishing.cases().evidence(tenant, e.id())
                                .ifPresent(bytes -> evidence.add(new TakedownReports.Attachment(e.contentType(), bytes, e.sha256()))));
                return new Takedown("application/json", "phishing-case-" + id + ".xarf.json",
                        TakedownReports.xarf(detail, sender, evidence, clock.instant()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            default -> throw new InvalidReportException("format", "one-of", "format must be arf or xarf");
        }
    }

    private byte[] firstMail(TenantId tenant, CaseDetail detail) {
        for (StoredReport r : detail.reports()) {
            for (StoredReport.Evidence e : r.evidence()) {
                if (e.contentType().equals("message/rfc822")) {
                    return phishing.cases().evidence(tenant, e.id()).orElse(null);
                }
            }
        }
        return null;
    }

    /** An export of the cases opened in {@code [from, to)}. */
    public record Export(String mediaType, String fileName, String body) {
    }

    public Export export(TenantId tenant, String format, String from, String to) {
        CaseExports.Format f = CaseExports.Format.of(format);
        Instant start = instant("from", from, false);
        Instant end = instant("to", to, true);
        String body = CaseExports.export(f, phishing.cases().opened(tenant, start, end), start, end);
        return new Export(f.mediaType(), f.fileName(), body);
    }

    /** The earliest and latest instant a case date may name: what every database stores and Java computes with. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    /**
     * An ISO instant, or a date taken as a whole day in Japan ({@code to} then means the end of that day), from
     * 1970 to 9999: a year such as -999999999 or +999999999 parses but overflows the day arithmetic and the database.
     */
    static Instant instant(String field, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeException e) {
            try {
                LocalDate day = LocalDate.parse(value.strip());
                instant = (endOfDay ? day.plusDays(1) : day).atStartOfDay(JAPAN).toInstant();
            } catch (DateTimeException e2) {
                throw new InvalidReportException(field, "date", field + " must be a date (2026-11-01) or an instant (2026-11-01T00:00:00Z)");
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidReportException(field, "date", field + " must be between 1970-01-01 and 9999-12-30");
        }
        return instant;
    }
}
