package dev.mamori.risk.features;

/** The entities aggregates are kept for, in catalog order. Package-private: rules see the ids. */
enum EntityKind {
    CARD("card"),
    DEVICE("device"),
    IP("ip"),
    EMAIL("email"),
    ADDRESS("address"),
    MERCHANT("merchant"),
    BIN("bin");

    static final EntityKind[] ALL = values();
    static final int COUNT = ALL.length;

    final String id;

    EntityKind(String id) {
        this.id = id;
    }

    /** What {@code distinct(of, w)} may count for this entity, in catalog order. */
    EntityKind[] distinctOf() {
        switch (this) {
            case CARD:
                return new EntityKind[] {DEVICE, IP, EMAIL, ADDRESS, MERCHANT};
            case MERCHANT:
                return new EntityKind[] {CARD, BIN};
            default:
                return new EntityKind[] {CARD};
        }
    }

    /** Sources whose recent account numbers are kept for {@code sequential}. */
    boolean tracksSequential() {
        return this == DEVICE || this == IP || this == EMAIL || this == MERCHANT;
    }

    static EntityKind byId(String id) {
        for (EntityKind kind : ALL) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        return null;
    }
}
