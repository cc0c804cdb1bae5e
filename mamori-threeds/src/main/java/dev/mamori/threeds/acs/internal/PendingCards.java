package dev.mamori.threeds.acs.internal;

import dev.mamori.common.Pan;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The card numbers of challenges still running, in memory only, for the authentication value that a
 * successful challenge needs (it is bound to the card number). Never stored: a restart forgets them,
 * and a challenge that succeeds after one ends {@code U} (reason 22, ACS technical issue).
 */
public final class PendingCards {
    private final ConcurrentHashMap<String, Pan> cards = new ConcurrentHashMap<>();

    public void hold(String acsTransId, Pan pan) {
        cards.put(acsTransId, pan);
    }

    public Pan peek(String acsTransId) {
        return cards.get(acsTransId);
    }

    public void release(String acsTransId) {
        Pan pan = cards.remove(acsTransId);
        if (pan != null) {
            pan.wipe();
        }
    }
}
