package dev.mamori.threeds.ds;

import dev.mamori.common.Pan;
import java.util.List;
import java.util.Optional;

/**
 * Routes the Directory Server uses for a card in no registered range: the demo network routes every
 * issuer tenant's BIN to this instance's ACS. They are not numbered by the serial number, so a PRes
 * lists them only in a full list.
 */
public interface DefaultRoutes {
    DefaultRoutes NONE = new DefaultRoutes() {
        @Override
        public Optional<CardRange> route(Pan pan) {
            return Optional.empty();
        }

        @Override
        public List<CardRange> all() {
            return List.of();
        }
    };

    Optional<CardRange> route(Pan pan);

    List<CardRange> all();
}
