package dev.mamori.server.risk.evaluation;

import dev.mamori.lab.eval.EvaluationRow;
import dev.mamori.risk.Action;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.RiskModule;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Reads a period of the decision log as evaluation rows, scored by a function of the decision. */
final class LoggedDecisionRows {
    private LoggedDecisionRows() {
    }

    static List<EvaluationRow> read(RiskModule risk, EvaluationSubject.Query q, ToDoubleFunction<LoggedDecision> score, boolean withAction) {
        if (q.model() != null) {
            throw new InvalidEvaluationRequest("model", "not-for-subject", "the live subjects read what was logged: they take no model");
        }
        long count = risk.decisionLog().count(q.tenant(), q.from(), q.to());
        if (count > q.maxRows()) {
            throw new InvalidEvaluationRequest("to", "max-decisions", "the period holds " + count + " decisions; an evaluation reads at most "
                    + q.maxRows() + ": choose a shorter period");
        }
        List<EvaluationRow> rows = new ArrayList<>((int) count);
        risk.decisionLog().forEach(q.tenant(), q.from(), q.to(), d -> rows.add(new EvaluationRow(d.receivedAt(),
                cardKey(d), d.channel() == null ? null : d.channel().id(), d.mcc(), major(d.amountMinor(), d.currency()), score.applyAsDouble(d),
                Boolean.TRUE.equals(q.labels().get(d.id())), withAction ? d.action() : null)));
        return rows;
    }

    /** The card's fingerprint links its decisions; never a card number. */
    private static String cardKey(LoggedDecision d) {
        if (d.cardFingerprint() != null) {
            return d.cardFingerprint();
        }
        return d.cardAccountId() != null ? "account:" + d.cardAccountId() : "decision:" + d.id();
    }

    /** Major units in the decision's currency (JPY has none below the yen). */
    static double major(long minor, String currency) {
        int digits = 0;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            // an unknown code is shown in its minor units
        }
        return minor / Math.pow(10, digits);
    }

    /** Decline above challenge above review above approve: the order of friction. */
    static double friction(Action action) {
        return switch (action) {
            case DECLINE -> 3;
            case CHALLENGE -> 2;
            case REVIEW -> 1;
            case APPROVE -> 0;
        };
    }
}
