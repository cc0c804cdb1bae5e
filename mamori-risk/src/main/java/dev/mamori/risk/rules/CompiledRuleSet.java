package dev.mamori.risk.rules;

import dev.mamori.risk.Action;
import dev.mamori.risk.features.FeatureVector;
import java.util.List;

/**
 * A rule set ready for the authorization path. Immutable and safe to share between threads;
 * {@link #evaluate} allocates nothing.
 *
 * <p>Semantics: every rule is evaluated, in text order. Shadow rules are reported in the outcome
 * but never change it. Among enforced rules that fired, any {@code approve} wins (the issuer's
 * explicit allow; it cannot override the hard checks made outside the rules, such as card status,
 * limits and block lists); otherwise the most severe action wins, decline over challenge over
 * review; on a tie the first rule in the text gives the reason and code. When no enforced rule
 * fires the outcome is approve with no reason.
 */
public final class CompiledRuleSet {
    private final List<CompiledRule> rules;
    // Parallel arrays so the loop in evaluate touches no rule objects.
    private final Nodes.Bool[] conditions;
    private final boolean[] shadow;
    private final int[] severity;
    private final int numberCount;
    private final int textCount;

    CompiledRuleSet(List<CompiledRule> rules, Nodes.Bool[] conditions, int numberCount, int textCount) {
        this.rules = List.copyOf(rules);
        this.conditions = conditions.clone();
        this.shadow = new boolean[conditions.length];
        this.severity = new int[conditions.length];
        for (int i = 0; i < conditions.length; i++) {
            CompiledRule r = rules.get(i);
            shadow[i] = r.shadow();
            // approve ranks above everything: an explicit allow overrides the other rules.
            severity[i] = r.action() == Action.APPROVE ? Integer.MAX_VALUE : r.action().ordinal();
        }
        this.numberCount = numberCount;
        this.textCount = textCount;
    }

    public int size() {
        return rules.size();
    }

    public CompiledRule rule(int index) {
        return rules.get(index);
    }

    /** The rules in text order. */
    public List<CompiledRule> rules() {
        return rules;
    }

    /**
     * Evaluates every rule against {@code features} and writes the result into {@code out}.
     *
     * @throws IllegalArgumentException when the vector was made for a smaller catalog than the one compiled against
     */
    public void evaluate(FeatureVector features, RuleOutcome out) {
        double[] n = features.numbers();
        String[] t = features.texts();
        if (n.length < numberCount || t.length < textCount) {
            throw wrongVector();
        }
        out.start(this);
        Nodes.Bool[] conditions = this.conditions;
        int deciding = -1;
        int best = -1;
        for (int i = 0; i < conditions.length; i++) {
            if (conditions[i].test(n, t)) {
                out.fire(i);
                // Strictly greater: on a tie the first rule in the text keeps the decision.
                if (!shadow[i] && severity[i] > best) {
                    best = severity[i];
                    deciding = i;
                }
            }
        }
        out.decide(deciding);
    }

    private static IllegalArgumentException wrongVector() {
        return new IllegalArgumentException("feature vector does not match the catalog the rules were compiled against");
    }

    @Override
    public String toString() {
        return "CompiledRuleSet[" + rules.size() + " rules]";
    }
}
