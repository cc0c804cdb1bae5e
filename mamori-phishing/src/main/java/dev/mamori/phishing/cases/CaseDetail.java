package dev.mamori.phishing.cases;

import java.util.List;

/** A case with its reports, history and the (masked) cards found in its evidence. */
public record CaseDetail(PhishingCase phishingCase, List<StoredReport> reports, List<String> urls, List<CaseEvent> events,
                         List<CompromisedCard> cards, List<PhishingCase> related) {
}
