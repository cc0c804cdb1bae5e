package dev.mamori.risk.backtest;

/** A backtest that cannot run as asked: names the request field and the rule it broke. */
public final class BacktestException extends RuntimeException {
    private final String field;
    private final String rule;

    public BacktestException(String field, String rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
