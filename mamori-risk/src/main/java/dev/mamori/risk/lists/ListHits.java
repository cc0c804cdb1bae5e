package dev.mamori.risk.lists;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The list entries one query matched, block and allow apart. Both may be non-empty: whether an
 * allow entry overrides a block entry is the decision engine's policy, not the index's.
 */
public final class ListHits {
    private static final ListHits NONE = new ListHits(List.of(), List.of());

    private final List<ListEntry> blocks;
    private final List<ListEntry> allows;

    private ListHits(List<ListEntry> blocks, List<ListEntry> allows) {
        this.blocks = blocks;
        this.allows = allows;
    }

    /** The shared empty result. */
    public static ListHits none() {
        return NONE;
    }

    /** Block entries that matched, in index order; unmodifiable. */
    public List<ListEntry> blocks() {
        return blocks;
    }

    /** Allow entries that matched, in index order; unmodifiable. */
    public List<ListEntry> allows() {
        return allows;
    }

    public boolean isEmpty() {
        return blocks.isEmpty() && allows.isEmpty();
    }

    public boolean isBlocked() {
        return !blocks.isEmpty();
    }

    public boolean isAllowed() {
        return !allows.isEmpty();
    }

    /** Whether a block entry of {@code kind} matched. */
    public boolean isBlocked(ListKind kind) {
        return contains(blocks, kind);
    }

    /** Whether an allow entry of {@code kind} matched. */
    public boolean isAllowed(ListKind kind) {
        return contains(allows, kind);
    }

    private static boolean contains(List<ListEntry> entries, ListKind kind) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /** Ids and kinds only, never the values. */
    @Override
    public String toString() {
        return "ListHits[blocks=" + describe(blocks) + ", allows=" + describe(allows) + "]";
    }

    private static String describe(List<ListEntry> entries) {
        StringBuilder s = new StringBuilder("[");
        for (ListEntry e : entries) {
            s.append(s.length() == 1 ? "" : ", ").append(e.kind()).append('#').append(e.id());
        }
        return s.append(']').toString();
    }

    /** Collects hits; created on the first hit only, so a query that matches nothing allocates none. */
    static final class Collector {
        private List<ListEntry> blocks;
        private List<ListEntry> allows;

        static Collector add(Collector c, ListEntry entry) {
            Collector out = c == null ? new Collector() : c;
            if (entry.type() == ListType.BLOCK) {
                if (out.blocks == null) {
                    out.blocks = new ArrayList<>(2);
                }
                out.blocks.add(entry);
            } else {
                if (out.allows == null) {
                    out.allows = new ArrayList<>(2);
                }
                out.allows.add(entry);
            }
            return out;
        }

        static ListHits build(Collector c) {
            if (c == null) {
                return NONE;
            }
            return new ListHits(c.blocks == null ? List.of() : Collections.unmodifiableList(c.blocks),
                    c.allows == null ? List.of() : Collections.unmodifiableList(c.allows));
        }
    }
}
