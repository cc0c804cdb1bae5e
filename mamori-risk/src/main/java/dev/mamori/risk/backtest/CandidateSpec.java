package dev.mamori.risk.backtest;

/** What to backtest: a saved rule set version, rule text not saved yet, or a registered fraud model version. */
public sealed interface CandidateSpec {

    /** "rules" for both rule kinds, "model" for a model. */
    String kind();

    /** A saved version of the tenant's rule sets. */
    record RuleVersion(int version) implements CandidateSpec {
        @Override
        public String kind() {
            return "rules";
        }
    }

    /** Rule text compiled for this backtest only (not saved as a version). */
    record RuleSource(String source) implements CandidateSpec {
        @Override
        public String kind() {
            return "rules";
        }

        @Override
        public String toString() {
            return "RuleSource[" + source.length() + " chars]";
        }
    }

    /**
     * A registered fraud model version (draft, shadow, active or retired), acting by its own
     * thresholds in place of the model each decision was logged with; the rules stay as logged.
     */
    record ModelVersion(int version) implements CandidateSpec {
        @Override
        public String kind() {
            return "model";
        }
    }
}
