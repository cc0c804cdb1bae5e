package dev.mamori.risk.backtest;

/** A rule set version was to be activated without a backtest that covers it. */
public final class BacktestRequiredException extends RuntimeException {
    private final int version;

    BacktestRequiredException(int version) {
        super("rule set version " + version + " has no backtest over a period ending at or after its saving: run one first");
        this.version = version;
    }

    public int version() {
        return version;
    }
}
