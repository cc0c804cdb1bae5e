package dev.mamori.risk.labels;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The fraud labels of a tenant's logged decisions as someone at {@code asOf} knew them: what
 * training, backtests and evaluations read, so none of them can see a label from the future.
 */
public interface LabelView {

    /**
     * @param from start of the decisions' period (inclusive, by decision time)
     * @param to end of the decisions' period (exclusive)
     * @param asOf only labels known at or before this instant count
     * @return decision id → {@code true} (fraud) or {@code false} (confirmed legitimate); a decision
     *     without a label known by {@code asOf} is absent (unlabelled: usually treated as good)
     */
    Map<UUID, Boolean> known(TenantId tenant, Instant from, Instant to, Instant asOf);
}
