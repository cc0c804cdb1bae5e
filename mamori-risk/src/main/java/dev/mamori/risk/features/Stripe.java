package dev.mamori.risk.features;

/**
 * One lock stripe: an open-addressing map from entity key to {@link Entity} (linear probing on
 * the entity's own key field, so a lookup touches the slot and the entity only; backward-shift
 * deletion; no boxing) with a size bound, plus scratch space for computations done
 * under its monitor. Every method must be called holding {@code synchronized (stripe)}.
 */
final class Stripe {
    private static final int EVICTION_SAMPLE = 16;

    private Entity[] entities;
    private int mask;
    private int size;
    private int cursor;
    private final int maxSize;
    private final int maxCapacity;

    // Scratch for sequential (sorted bodies and their times) and bucket sums, reused under the lock.
    final long[] bodies;
    final long[] times;
    final int[] counts = new int[Entity.COUNTERS];
    double sum;

    Stripe(int maxSize, int recentAccounts) {
        this.maxSize = maxSize;
        this.maxCapacity = Integer.highestOneBit(Math.max(2, maxSize) * 2 - 1) * 2;
        int capacity = Math.min(16, maxCapacity);
        this.entities = new Entity[capacity];
        this.mask = capacity - 1;
        this.bodies = new long[recentAccounts];
        this.times = new long[recentAccounts];
    }

    Entity get(long key) {
        Entity[] table = entities;
        int i = (int) key & mask;
        while (true) {
            Entity entity = table[i];
            if (entity == null) {
                return null;
            }
            if (entity.key == key) {
                return entity;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds an entity whose key is absent, first evicting the least recently active of a sample when full. */
    void insert(Entity entity) {
        if (size >= maxSize) {
            evictOne();
        }
        if (size * 2 >= entities.length && entities.length < maxCapacity) {
            resize(entities.length * 2);
        }
        int i = (int) entity.key & mask;
        while (entities[i] != null) {
            i = (i + 1) & mask;
        }
        entities[i] = entity;
        size++;
    }

    int size() {
        return size;
    }

    /** Drops entities last active before {@code before}; returns how many. */
    int expire(long before) {
        int removed = 0;
        for (int i = 0; i < entities.length; ) {
            Entity entity = entities[i];
            if (entity != null && entity.lastTime < before) {
                removeAt(i);
                removed++;
                // the shift may have moved another entry into slot i: look at it again
            } else {
                i++;
            }
        }
        return removed;
    }

    // Approximate LRU (as Redis does): the least recently active of a few occupied slots, taken
    // from a cursor that walks the table, so eviction costs O(sample) and needs no list.
    private void evictOne() {
        int capacity = entities.length;
        int victim = -1;
        long oldest = Long.MAX_VALUE;
        int seen = 0;
        for (int step = 0; step < capacity && seen < EVICTION_SAMPLE; step++) {
            int i = (cursor + step) & mask;
            Entity entity = entities[i];
            if (entity != null) {
                seen++;
                if (entity.lastTime < oldest) {
                    oldest = entity.lastTime;
                    victim = i;
                }
            }
        }
        cursor = (cursor + EVICTION_SAMPLE * 2) & mask;
        if (victim >= 0) {
            removeAt(victim);
        }
    }

    private void removeAt(int slot) {
        int i = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            Entity entity = entities[j];
            if (entity == null) {
                break;
            }
            int home = (int) entity.key & mask;
            boolean movable = j > i ? (home <= i || home > j) : (home <= i && home > j);
            if (movable) {
                entities[i] = entity;
                i = j;
            }
        }
        entities[i] = null;
        size--;
    }

    private void resize(int capacity) {
        Entity[] oldEntities = entities;
        entities = new Entity[capacity];
        mask = capacity - 1;
        for (int k = 0; k < oldEntities.length; k++) {
            Entity entity = oldEntities[k];
            if (entity != null) {
                int i = (int) entity.key & mask;
                while (entities[i] != null) {
                    i = (i + 1) & mask;
                }
                entities[i] = entity;
            }
        }
    }
}
