package dev.mamori.threeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TransactionIdsTest {

    @Test
    void idsAreCanonicalVersion7UuidsCarryingTheirCreationTime() {
        long before = System.currentTimeMillis();
        String id = TransactionIds.next();
        long after = System.currentTimeMillis();

        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        long millis = uuid.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, after);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAcrossMilliseconds() throws InterruptedException {
        String first = TransactionIds.next();
        Thread.sleep(3);
        String second = TransactionIds.next();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void idsOfTheSameMillisecondAreNotACounter() {
        // Many ids in a tight loop share a millisecond; their 74 random bits must differ by more than +1.
        Set<String> seen = new HashSet<>();
        String previous = null;
        int successors = 0;
        for (int i = 0; i < 20_000; i++) {
            String id = TransactionIds.next();
            assertThat(seen.add(id)).as("unique").isTrue();
            if (previous != null && randomBits(id) == randomBits(previous) + 1) {
                successors++;
            }
            previous = id;
        }
        assertThat(successors).isZero();
    }

    private static long randomBits(String id) {
        return UUID.fromString(id).getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL;
    }
}
