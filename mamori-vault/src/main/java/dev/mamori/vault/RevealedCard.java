package dev.mamori.vault;

import dev.mamori.common.Pan;

/** A detokenized card. Not a record: its {@code toString} shows the masked number only. */
public final class RevealedCard {
    private final CardMetadata metadata;
    private final Pan pan;
    private final String holderName;

    RevealedCard(CardMetadata metadata, Pan pan, String holderName) {
        this.metadata = metadata;
        this.pan = pan;
        this.holderName = holderName;
    }

    public CardMetadata metadata() {
        return metadata;
    }

    public Pan pan() {
        return pan;
    }

    public String holderName() {
        return holderName;
    }

    @Override
    public String toString() {
        return "RevealedCard[" + metadata.token() + ", " + pan.masked() + "]";
    }
}
