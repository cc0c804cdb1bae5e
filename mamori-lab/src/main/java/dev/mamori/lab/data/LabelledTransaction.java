package dev.mamori.lab.data;

import dev.mamori.risk.Channel;
import java.time.Instant;
import java.util.Map;

/**
 * One payment of a labelled history, as a fraud team exports it: who paid (a card or customer id,
 * never a card number: one that looks like a PAN is replaced by a keyed hash on import), when,
 * how much, where, from which device, IP, e-mail and delivery address, and whether it was fraud
 * and when that became known.
 *
 * @param cardKey the card or customer id (hashed when it was a card number)
 * @param bin the first six digits when the id was a card number, else null
 * @param amountMinor the amount in the currency's minor units
 * @param amount the amount in major units
 * @param merchantCountry ISO 3166 alpha-2 of the shop, or null (cross-border features need it)
 * @param labelKnownAt when the label became known (chargeback, "not me" report); training never
 *     uses a label after its cut-off
 * @param extra columns the schema does not name, kept as they were
 */
public record LabelledTransaction(String cardKey, String bin, Instant time, long amountMinor, double amount, String currency,
                                  String merchantId, String terminalId, String mcc, String merchantCountry, Channel channel, String device, String ip,
                                  String email, String deliveryAddress, boolean fraud, Instant labelKnownAt,
                                  Map<String, String> extra) {

    public LabelledTransaction {
        extra = Map.copyOf(extra);
    }

    /** The label as someone looking at {@code asOf} knows it: fraud only if it was known by then. */
    public boolean fraudKnownAt(Instant asOf) {
        return fraud && !labelKnownAt.isAfter(asOf);
    }
}
