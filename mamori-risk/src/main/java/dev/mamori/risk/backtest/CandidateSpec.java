package dev.mamori.risk.backtest;

/** What to backtest: a saved rule set version, or rule text not saved yet. */
public sealed interface CandidateSpec {

    /** "rules" for both rule kinds; a model candidate will be "model". */
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
}
