package dev.mamori.phishing.cases;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.phishing.internal.EncodedCards;
import dev.mamori.common.InvalidPanException;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.phishing.BrandDomain;
import dev.mamori.phishing.BrandDomains;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.internal.ReportCaseStore;
import dev.mamori.phishing.internal.ReportCaseStore.NewReport;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Phishing reports and the cases they form. A report (URL, SMS, forwarded mail, screenshot) is
 * read for web addresses; each address joins the open case for its page (same host and path) or
 * opens one, and cases on the same host are shown as related. Card numbers found in a report are
 * masked in everything stored; the cards are kept only as the tenant's fingerprint so that an
 * analyst can send them to the block list. Every change is a case event with actor and time.
 *
 * <p>Reports are checked completely before anything is written, so a bad report writes nothing.
 */
public final class PhishingCases {
    public static final int MAX_TEXT = 5000;
    public static final int MAX_NOTE = 2000;
    public static final int MAX_LIST = 500;
    /** Clocks differ: a receivedAt up to this far ahead of ours is accepted. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Session SESSION = Session.getInstance(new Properties());

    private final ReportCaseStore store;
    private final BrandDomains brandDomains;
    private final Clock clock;

    public PhishingCases(ReportCaseStore store, BrandDomains brandDomains, Clock clock) {
        this.store = store;
        this.brandDomains = brandDomains;
        this.clock = clock;
    }

    /**
     * Takes a report in.
     *
     * @param fingerprinter the tenant's card fingerprint function; null keeps no card at all (numbers are still masked)
     * @throws InvalidReportException naming the field and rule; nothing is written then
     */
    public IntakeResult submit(TenantId tenant, ReportSubmission s, CardFingerprinter fingerprinter, String actor) {
        Instant now = clock.instant();
        if (s.type() == null) {
            throw new InvalidReportException("type", "required", "type is required: url, sms, email or screenshot");
        }
        if (s.reporter() == null) {
            throw new InvalidReportException("reporter", "required", "reporter is required: cardholder or staff");
        }
        checkLength("channel", s.channel(), 100);
        checkLength("note", s.note(), MAX_NOTE);
        checkLength("brand", s.brand(), 100);
        if (s.receivedAt() != null && s.receivedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidReportException("receivedAt", "not-future", "receivedAt cannot be in the future");
        }
        Intake intake = read(s);
        String urlField = intake.urlField;
        Set<String> own = new LinkedHashSet<>();
        List<ReportedUrl> urls = new ArrayList<>();
        List<BrandDomain> brands = brandDomains.list(tenant);
        for (ReportedUrl found : intake.urls) {
            // A card number in a URL (a phishing kit's query string) is masked like any other text.
            ReportedUrl url = new ReportedUrl(mask(found.url()), found.host(), mask(found.path()), found.defanged());
            if (isOwn(url.host(), brands)) {
                own.add(url.url());
            } else {
                urls.add(url);
            }
        }
        if (urls.isEmpty()) {
            throw new InvalidReportException(urlField, "contains-url", own.isEmpty() ? "no web address found in the report"
                    : "the report names only the tenant's own registered domains");
        }
        // Cards: everything a person typed or received, searched before it is masked and stored.
        Map<String, String> cards = new LinkedHashMap<>();
        for (String text : intake.searchable) {
            findCards(tenant, text, fingerprinter, cards);
            // A kit's query string writes what was typed with '+' or %20 for spaces: the same card, to be listed too.
            String separated = text == null ? null : text.replace("+", " ").replace("%20", " ").replace("%2D", "-").replace("%2d", "-");
            if (separated != null && !separated.equals(text)) {
                findCards(tenant, separated, fingerprinter, cards);
            }
        }
        findCards(tenant, s.note(), fingerprinter, cards);

        UUID reportId = UUID.randomUUID();
        String brand = mask(blankToNull(s.brand()));
        // One report counts once per page, however many spellings of the page it holds.
        Map<String, IntakeResult.CaseLink> byKey = new LinkedHashMap<>();
        for (ReportedUrl url : urls) {
            String key = url.key();
            if (!byKey.containsKey(key)) {
                byKey.put(key, join(tenant, url, key, brand, actor, reportId, s, now));
            }
        }
        List<IntakeResult.CaseLink> links = List.copyOf(byKey.values());
        CaseId caseId = links.get(0).phishingCase().id();
        store.insertReport(tenant, new NewReport(reportId, caseId, s.type(), s.reporter(), mask(blankToNull(s.channel())),
                s.receivedAt() == null ? now : s.receivedAt(), now, actor, mask(blankToNull(s.note())), cut(mask(intake.contentText), 20000),
                cut(mask(intake.subject), 1000), cut(mask(intake.from), 1000), cut(mask(intake.date), 200), cut(mask(intake.messageId), 1000)));
        for (int i = 0; i < urls.size(); i++) {
            store.insertUrl(tenant, reportId, i, byKey.get(urls.get(i).key()).phishingCase().id(), urls.get(i));
        }
        if (intake.evidence != null) {
            store.insertEvidence(tenant, UUID.randomUUID(), reportId, intake.evidenceType, intake.evidence, sha256(intake.evidence));
        }
        List<String> masked = new ArrayList<>();
        for (Map.Entry<String, String> card : cards.entrySet()) {
            masked.add(card.getValue());
            if (fingerprinter != null && store.insertCard(tenant, caseId, card.getKey(), card.getValue(), reportId, now)) {
                store.insertEvent(tenant, caseId, now, actor, "card-found", null, null, "card " + card.getValue() + " found in the report");
            }
        }
        Set<CaseId> linked = new LinkedHashSet<>();
        links.forEach(l -> linked.add(l.phishingCase().id()));
        List<PhishingCase> related = new ArrayList<>();
        for (String host : urls.stream().map(ReportedUrl::host).distinct().toList()) {
            store.listCases(tenant, null, null, host, null, null, MAX_LIST).stream().filter(c -> !linked.contains(c.id())).forEach(related::add);
        }
        List<IntakeResult.CaseLink> fresh = links.stream()
                .map(l -> new IntakeResult.CaseLink(l.url(), store.findCase(tenant, l.phishingCase().id()).orElseThrow(), l.opened())).toList();
        return new IntakeResult(reportId, caseId, fresh, related, List.copyOf(own), List.copyOf(masked));
    }

    private IntakeResult.CaseLink join(TenantId tenant, ReportedUrl url, String key, String brand, String actor, UUID reportId,
                                       ReportSubmission s, Instant now) {
        Optional<PhishingCase> existing = store.findByKey(tenant, key);
        boolean opened = false;
        if (existing.isEmpty()) {
            PhishingCase fresh = new PhishingCase(new CaseId(UUID.randomUUID()), url.url(), url.host(), brand, CaseStatus.NEW, 0, now, now);
            opened = store.insertCase(tenant, fresh, key);
            existing = store.findByKey(tenant, key);
        }
        PhishingCase c = existing.orElseThrow();
        store.countReport(tenant, c.id(), brand, now);
        if (opened) {
            store.insertEvent(tenant, c.id(), now, actor, "opened", null, CaseStatus.NEW, "opened by a " + s.type().id() + " report");
        }
        store.insertEvent(tenant, c.id(), now, actor, "report", null, null,
                s.type().id() + " report " + reportId + " from a " + s.reporter().id() + (url.defanged() ? " (URL written defanged)" : ""));
        return new IntakeResult.CaseLink(url, c, opened);
    }

    private static boolean isOwn(String host, List<BrandDomain> brands) {
        if (brands.isEmpty() || host.startsWith("[") || Character.isDigit(host.charAt(host.length() - 1))) {
            return false;
        }
        DomainName name;
        try {
            name = DomainName.of(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return brands.stream().anyMatch(b -> name.isWithin(b.domain()));
    }

    /** The parts of a report by type; texts not yet masked. */
    private static final class Intake {
        List<ReportedUrl> urls = List.of();
        List<String> searchable = new ArrayList<>();
        String urlField;
        String contentText;
        String subject;
        String from;
        String date;
        String messageId;
        byte[] evidence;
        String evidenceType;
    }

    private static Intake read(ReportSubmission s) {
        Intake in = new Intake();
        switch (s.type()) {
            case URL -> {
                in.urlField = "url";
                if (s.url() == null || s.url().isBlank()) {
                    throw new InvalidReportException("url", "required", "url is required for a url report");
                }
                checkLength("url", s.url(), UrlExtractor.MAX_URL_LENGTH);
                in.urls = UrlExtractor.parse(s.url()).map(List::of)
                        .orElseThrow(() -> new InvalidReportException("url", "url", "url must be one web address (http, https, or a host name)"));
                in.searchable.add(s.url());
            }
            case SMS -> {
                in.urlField = "text";
                if (s.text() == null || s.text().isBlank()) {
                    throw new InvalidReportException("text", "required", "text is required for an sms report");
                }
                checkLength("text", s.text(), MAX_TEXT);
                in.urls = UrlExtractor.fromText(s.text());
                in.searchable.add(s.text());
                in.contentText = s.text();
            }
            case EMAIL -> {
                in.urlField = "eml";
                ReportedMail mail = ReportedMail.parse(s.eml());
                in.urls = mail.urls();
                String all = mail.allText();
                in.searchable.add(all);
                ReportedMail phishing = mail.phishingMail();
                in.contentText = phishing.mainText();
                in.subject = phishing.subject();
                in.from = phishing.from();
                in.date = phishing.date();
                in.messageId = phishing.messageId();
                in.evidenceType = "message/rfc822";
                String raw = new String(s.eml(), StandardCharsets.ISO_8859_1);
                boolean holdsCard = !EncodedCards.mask(all).equals(all) || !EncodedCards.mask(raw).equals(raw);
                in.evidence = holdsCard ? sanitised(phishing) : s.eml();
            }
            case SCREENSHOT -> {
                in.urlField = s.url() != null && !s.url().isBlank() ? "url" : "text";
                in.evidenceType = Screenshots.contentType(s.image());
                in.evidence = s.image();
                checkLength("text", s.text(), MAX_TEXT);
                checkLength("url", s.url(), UrlExtractor.MAX_URL_LENGTH);
                List<ReportedUrl> urls = new ArrayList<>();
                if (s.url() != null && !s.url().isBlank()) {
                    urls.add(UrlExtractor.parse(s.url())
                            .orElseThrow(() -> new InvalidReportException("url", "url", "url must be one web address (http, https, or a host name)")));
                    in.searchable.add(s.url());
                }
                if (s.text() != null) {
                    urls.addAll(UrlExtractor.fromText(s.text()));
                    in.searchable.add(s.text());
                    in.contentText = s.text();
                }
                if (urls.isEmpty()) {
                    throw new InvalidReportException(in.urlField, "contains-url",
                            "a screenshot needs the page's address in url or text (no OCR is done)");
                }
                in.urls = urls.stream().distinct().toList();
            }
            default -> throw new AssertionError(s.type());
        }
        return in;
    }

    /**
     * The phishing mail rebuilt with card numbers masked, for a mail that holds one: the original
     * bytes are not kept. Headers and texts are kept; HTML and attachments become their text.
     */
    private static byte[] sanitised(ReportedMail mail) {
        try {
            MimeMessage copy = new MimeMessage(SESSION);
            for (String line : mail.headerBlock().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon);
                if (name.regionMatches(true, 0, "Content-", 0, 8) || name.equalsIgnoreCase("MIME-Version")) {
                    continue;
                }
                copy.addHeaderLine(name + ": " + mask(line.substring(colon + 1).strip()));
            }
            copy.setHeader("X-Mamori-Sanitized", "card numbers masked; the original message was not kept");
            StringBuilder body = new StringBuilder();
            mail.texts().forEach(t -> body.append(t).append("\n"));
            mail.htmls().forEach(h -> body.append(org.jsoup.Jsoup.parse(h).text()).append("\n"));
            copy.setText(mask(body.toString()), "UTF-8");
            copy.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new InvalidReportException("eml", "rfc5322", "the mail cannot be read as RFC 5322 / MIME");
        }
    }

    private static void findCards(TenantId tenant, String text, CardFingerprinter fingerprinter, Map<String, String> cards) {
        if (text == null || text.isEmpty()) {
            return;
        }
        // Separators written URL-encoded (4111+1111+..., %20) are read as blanks, as Pan.of takes them.
        String readable = EncodedCards.decodeSeparators(text);
        CardNumberDetector.scan(readable, (start, end) -> {
            Pan pan;
            try {
                pan = Pan.of(readable.subSequence(start, end));
            } catch (InvalidPanException e) {
                return; // the detector's separators are looser than Pan's; such a span is masked all the same
            }
            try {
                String masked = pan.masked();
                // Without a fingerprint function the masked form is the key: shown, never stored.
                cards.putIfAbsent(fingerprinter == null ? masked : fingerprinter.fingerprint(tenant, pan), masked);
            } finally {
                pan.wipe();
            }
        });
    }

    // ---- reading and changing cases ---------------------------------------------------------------

    /** Newest first, at most {@link #MAX_LIST}; each filter may be null. */
    public List<PhishingCase> list(TenantId tenant, CaseStatus status, String brand, String host) {
        String hostFilter = null;
        if (host != null && !host.isBlank()) {
            hostFilter = UrlExtractor.parse(host.contains("://") ? host : "http://" + host.strip()).map(ReportedUrl::host)
                    .orElseThrow(() -> new InvalidReportException("host", "domain", "host must be a host name or IP address"));
        }
        return store.listCases(tenant, status, blankToNull(brand), hostFilter, null, null, MAX_LIST);
    }

    /** Cases opened in {@code [from, to)}, oldest first, for the exports. */
    public List<CaseDetail> opened(TenantId tenant, Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidReportException("to", "after-from", "to must be after from");
        }
        List<CaseDetail> out = new ArrayList<>();
        List<PhishingCase> cases = new ArrayList<>(store.listCases(tenant, null, null, null, from, to, 10_000));
        java.util.Collections.reverse(cases);
        for (PhishingCase c : cases) {
            out.add(detail(tenant, c, false));
        }
        return out;
    }

    public Optional<CaseDetail> find(TenantId tenant, CaseId id) {
        return store.findCase(tenant, id).map(c -> detail(tenant, c));
    }

    private CaseDetail detail(TenantId tenant, PhishingCase c) {
        return detail(tenant, c, true);
    }

    /** A case's detail; {@code withRelated} false for the exports, which show no related cases (up to 500 a case to read). */
    private CaseDetail detail(TenantId tenant, PhishingCase c, boolean withRelated) {
        List<PhishingCase> related = !withRelated ? List.of() : store.listCases(tenant, null, null, c.host(), null, null, MAX_LIST).stream()
                .filter(r -> !r.id().equals(c.id())).toList();
        return new CaseDetail(c, store.reportsOf(tenant, c.id()), store.urlsOf(tenant, c.id()), store.events(tenant, c.id()),
                store.cards(tenant, c.id()), related);
    }

    /** The stored bytes of an evidence file (a mail with card numbers is stored rebuilt and masked). */
    public Optional<byte[]> evidence(TenantId tenant, UUID evidenceId) {
        return store.evidenceBytes(tenant, evidenceId);
    }

    /**
     * Moves a case to {@code to}, and sets its brand when one is given.
     *
     * @throws CaseNotFoundException when the tenant has no such case
     * @throws InvalidTransitionException when the workflow does not allow it (or another change came first)
     */
    public PhishingCase changeStatus(TenantId tenant, CaseId id, CaseStatus to, String reason, String brand, String actor) {
        checkLength("reason", reason, MAX_NOTE);
        checkLength("brand", brand, 100);
        PhishingCase c = store.findCase(tenant, id).orElseThrow(CaseNotFoundException::new);
        if (!c.status().canMoveTo(to)) {
            throw new InvalidTransitionException(c.status(), to);
        }
        Instant now = clock.instant();
        if (!store.updateStatus(tenant, id, c.status(), to, mask(blankToNull(brand)), now)) {
            PhishingCase current = store.findCase(tenant, id).orElseThrow(CaseNotFoundException::new);
            throw new InvalidTransitionException(current.status(), to);
        }
        store.insertEvent(tenant, id, now, actor, "status", c.status(), to, cut(mask(blankToNull(reason)), MAX_NOTE));
        return store.findCase(tenant, id).orElseThrow();
    }

    /** Adds a note (card numbers masked) to the case's history. */
    public CaseEvent addNote(TenantId tenant, CaseId id, String note, String actor) {
        if (note == null || note.isBlank()) {
            throw new InvalidReportException("note", "required", "note is required");
        }
        checkLength("note", note, MAX_NOTE);
        store.findCase(tenant, id).orElseThrow(CaseNotFoundException::new);
        Instant now = clock.instant();
        store.insertEvent(tenant, id, now, actor, "note", null, null, mask(note.strip()));
        store.touch(tenant, id, now);
        List<CaseEvent> events = store.events(tenant, id);
        return events.get(events.size() - 1);
    }

    /**
     * Records that the case's cards not yet listed were added to the block list, as the caller did.
     *
     * @param listed the fingerprints the caller put on the list (or found already there)
     */
    public List<CompromisedCard> markListed(TenantId tenant, CaseId id, List<String> listed, String actor) {
        store.findCase(tenant, id).orElseThrow(CaseNotFoundException::new);
        Instant now = clock.instant();
        for (String fingerprint : listed) {
            store.markListed(tenant, id, fingerprint, actor, now);
        }
        if (!listed.isEmpty()) {
            store.insertEvent(tenant, id, now, actor, "cards-listed", null, null, listed.size() + " card(s) sent to the compromised-card block list");
            store.touch(tenant, id, now);
        }
        return store.cards(tenant, id);
    }

    /** The cards found in the case's reports; fingerprints and masked numbers only. */
    public List<CompromisedCard> cards(TenantId tenant, CaseId id) {
        store.findCase(tenant, id).orElseThrow(CaseNotFoundException::new);
        return store.cards(tenant, id);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /**
     * Masks card numbers, also those written URL-encoded as a phishing kit's query string carries what was typed
     * ({@code 4111+1111+1111+1111}, {@code 4111%201111%201111%201111}, {@code %2D}): the digits are masked in
     * place, the URL keeps its form.
     */
    static String mask(String text) {
        return EncodedCards.mask(text);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidReportException(field, "max-length", field + " has at most " + max + " characters");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
