package dev.mamori.risk.features;

/** The windowed aggregate functions besides {@code distinct}, in catalog order. */
enum AggregateFunction {
    COUNT("count"),
    SUM("sum"),
    DECLINES("declines"),
    DECLINE_RATIO("declineRatio"),
    SMALL("small"),
    CVC_FAILURES("cvcFailures"),
    SEQUENTIAL("sequential");

    static final AggregateFunction[] ALL = values();
    static final int COUNT_ALL = ALL.length;

    final String id;

    AggregateFunction(String id) {
        this.id = id;
    }

    boolean appliesTo(EntityKind kind) {
        return this != SEQUENTIAL || kind.tracksSequential();
    }

    static AggregateFunction byId(String id) {
        for (AggregateFunction function : ALL) {
            if (function.id.equals(id)) {
                return function;
            }
        }
        return null;
    }
}
