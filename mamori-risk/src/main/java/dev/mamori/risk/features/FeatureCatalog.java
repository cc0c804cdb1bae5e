package dev.mamori.risk.features;

import java.time.Duration;
import java.util.List;

/**
 * The names rules can use, and where each one's value sits in a {@link FeatureVector}. The rule
 * compiler resolves every identifier through this at save time, so a rule naming an unknown feature
 * or an untracked window never reaches production.
 */
public interface FeatureCatalog {

    /** A plain fact such as {@code amount}, {@code mcc}, {@code merchant.highRisk}, {@code card.newDevice}; null when unknown. */
    FeatureSlot fact(String name);

    /**
     * A windowed aggregate {@code entity.function(window)}, or {@code entity.distinct(of, window)}
     * when {@code distinctOf} is not null; null when the combination is not tracked.
     */
    FeatureSlot aggregate(String entity, String function, String distinctOf, Duration window);

    /** Every fact name, for error messages and the rules editor. */
    List<String> factNames();

    /** The entities aggregates exist for: card, device, ip, email, address, merchant, bin. */
    List<String> entities();

    /** The aggregate functions (count, sum, ...), without distinct. */
    List<String> functions();

    /** The tracked windows, shortest first. */
    List<Duration> windows();

    /** What {@code entity.distinct(of, w)} may name as {@code of}; empty when none. */
    List<String> distinctOf(String entity);

    int numberCount();

    int textCount();
}
