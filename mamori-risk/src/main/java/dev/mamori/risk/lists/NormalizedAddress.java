package dev.mamori.risk.lists;

import java.util.Objects;

/**
 * A Japanese delivery address taken apart by {@link JapaneseAddressNormalizer}.
 *
 * @param prefecture  the prefecture with its suffix ({@code 東京都}), or {@code null} when the address
 *                    did not name one
 * @param locality    city, ward, county-less town and any 条/線/地割 part, normalized
 *                    ({@code 千代田区霞関}, {@code 札幌市中央区北1条西}); empty when nothing was found
 * @param blockNumber 丁目-番-号 or 番地-号 as arabic numbers joined by {@code -} ({@code 1-3-1});
 *                    empty when the address has none
 * @param building    building name and floor, normalized but never compared ({@code ハイツ山田});
 *                    may be empty
 * @param room        room number ({@code 501}); may be empty
 */
public record NormalizedAddress(String prefecture, String locality, String blockNumber, String building,
                                String room) {

    public NormalizedAddress {
        Objects.requireNonNull(locality, "locality");
        Objects.requireNonNull(blockNumber, "blockNumber");
        Objects.requireNonNull(building, "building");
        Objects.requireNonNull(room, "room");
    }

    /**
     * The canonical key: locality, block number and room, without prefecture and building. Two
     * spellings of one address have the same key; {@link JapaneseAddressNormalizer#normalize}
     * of a key returns the key itself.
     */
    public String key() {
        String base = matchKey();
        return room.isEmpty() ? base : base + '|' + room + "号室";
    }

    /** Locality and block number only: what a list entry without a room is looked up by. */
    public String matchKey() {
        return locality + '|' + blockNumber;
    }

    /** Whether a town and a block number were found, the least a list entry must name. */
    public boolean isSpecific() {
        return !locality.isEmpty() && !blockNumber.isEmpty();
    }
}
