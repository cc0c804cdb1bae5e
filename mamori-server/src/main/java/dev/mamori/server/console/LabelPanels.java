package dev.mamori.server.console;

import dev.mamori.common.Role;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.labels.CardNetwork;
import dev.mamori.risk.labels.ChargebackReasons;
import dev.mamori.risk.labels.FraudLabel;
import dev.mamori.risk.labels.FraudLabels;
import dev.mamori.server.principal.MamoriPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The fraud-label panels of the authorization and card pages: the labels so far and who may add which. */
@Component
class LabelPanels {
    /** Analysts and admins confirm fraud or legitimate, record chargebacks and retract labels. */
    static final Set<Role> CONFIRMERS = EnumSet.of(Role.ANALYST, Role.ADMIN);
    /** The call centre (issuer users) also takes "not me" reports and compromised-card notices. */
    static final Set<Role> REPORTERS = EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN);

    private final RiskModule risk;

    LabelPanels(RiskModule risk) {
        this.risk = risk;
    }

    /** One label as the console shows it. */
    record LabelRow(UUID id, UUID authorizationId, String source, boolean fraud, String reason, String knownAt, String recordedBy,
                    String note, boolean retracted, String retractedAt, String retractedBy) {
        static LabelRow of(FraudLabel l) {
            String reason = l.network() == null ? "" : l.network().id() + " " + l.reasonCode()
                    + ChargebackReasons.find(l.network(), l.reasonCode()).map(r -> " · " + r.title()).orElse("");
            return new LabelRow(l.id(), l.decisionId(), l.source().id(), l.fraud(), reason, RiskConsoleSupport.time(l.knownAt()),
                    l.recordedBy(), l.note() == null ? "" : l.note(), l.retractedAt() != null, RiskConsoleSupport.time(l.retractedAt()),
                    l.retractedBy() == null ? "" : l.retractedBy());
        }
    }

    /** A network and its reason codes, for the chargeback form's selects. */
    record NetworkCodes(String id, List<ChargebackReasons.Reason> reasons) {
    }

    static List<NetworkCodes> networks() {
        return java.util.Arrays.stream(CardNetwork.values()).map(n -> new NetworkCodes(n.id(), ChargebackReasons.of(n))).toList();
    }

    void decision(MamoriPrincipal me, UUID decisionId, Model model) {
        model.addAttribute("labels", risk.labels().ofDecision(me.tenant(), decisionId).stream().map(LabelRow::of).toList());
        model.addAttribute("mayConfirm", RiskConsoleSupport.any(me, CONFIRMERS));
        model.addAttribute("networks", networks());
    }

    void card(MamoriPrincipal me, UUID cardId, Model model) {
        model.addAttribute("labels", risk.labels().search(me.tenant(), new FraudLabels.Query(null, cardId, null, null, null), 500)
                .stream().map(LabelRow::of).toList());
        model.addAttribute("mayReport", RiskConsoleSupport.any(me, REPORTERS));
        model.addAttribute("mayConfirm", RiskConsoleSupport.any(me, CONFIRMERS));
    }
}
