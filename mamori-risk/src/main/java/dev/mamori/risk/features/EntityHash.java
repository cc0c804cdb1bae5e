package dev.mamori.risk.features;

import dev.mamori.common.TenantId;

/**
 * SipHash-2-4 (Aumasson and Bernstein) of (tenant, entity kind, value) with a secret 128-bit key,
 * so that nobody who does not know the key can choose values that collide on one entity or one
 * stripe. The message is a sequence of 64-bit words (tenant, kind and length, then the UTF-16
 * units four to a word), which encodes the triple unambiguously. Allocates nothing; the value
 * itself is never kept.
 */
final class EntityHash {
    private final long k0;
    private final long k1;

    EntityHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** Never 0: 0 means "absent" in the tables. */
    long hash(TenantId tenant, EntityKind kind, CharSequence value) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int length = value.length();
        int words = 3 + (length + 3) / 4;
        long m;
        for (int word = 0; word < words; word++) {
            if (word == 0) {
                m = tenant.value().getMostSignificantBits();
            } else if (word == 1) {
                m = tenant.value().getLeastSignificantBits();
            } else if (word == 2) {
                m = kind.ordinal() | ((long) length << 8);
            } else {
                int from = (word - 3) * 4;
                m = 0;
                for (int i = 0; i < 4 && from + i < length; i++) {
                    m |= (long) value.charAt(from + i) << (16 * i);
                }
            }
            v3 ^= m;
            // two SipRounds per word (the "2" of SipHash-2-4)
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        // final block carries the message length in bytes, as in SipHash
        m = ((long) words * 8) << 56;
        v3 ^= m;
        for (int round = 0; round < 2; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= m;
        v2 ^= 0xff;
        for (int round = 0; round < 4; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        long h = v0 ^ v1 ^ v2 ^ v3;
        return h == 0 ? 1 : h;
    }
}
