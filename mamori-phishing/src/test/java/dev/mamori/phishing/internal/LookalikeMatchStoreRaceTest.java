package dev.mamori.phishing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingTestDatabase;
import dev.mamori.phishing.lookalike.LookalikeMatch;
import dev.mamori.phishing.lookalike.ScanSource;
import dev.mamori.phishing.lookalike.Technique;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LookalikeMatchStoreRaceTest {
    /** Two scans (an upload and a CT feed) that see one new lookalike at once: both are recorded, one row. */
    @Test
    void concurrentScansOfOneNewNameBothSucceed() throws Exception {
        LookalikeMatchStore store = new LookalikeMatchStore(new Jdbc(PhishingTestDatabase.create()));
        TenantId tenant = TenantId.random();
        DomainName brand = DomainName.of("mamori.jp");
        int threads = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 15; round++) {
                List<LookalikeMatch> matches = List.of(new LookalikeMatch("mamori-" + round + ".com", brand, 0.9, Technique.KEYWORD));
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.record(tenant, matches, ScanSource.UPLOAD, Instant.parse("2026-11-26T00:00:00Z"));
                    }));
                }
                for (Future<?> f : results) {
                    f.get(); // a unique violation here is the bug
                }
            }
            assertThat(store.count(tenant)).isEqualTo(15L);
        } finally {
            pool.shutdownNow();
        }
    }
}
