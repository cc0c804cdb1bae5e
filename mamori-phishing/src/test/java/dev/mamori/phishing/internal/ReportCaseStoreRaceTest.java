package dev.mamori.phishing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.PhishingTestDatabase;
import dev.mamori.phishing.cases.CaseId;
import dev.mamori.phishing.cases.CaseStatus;
import dev.mamori.phishing.cases.PhishingCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReportCaseStoreRaceTest {
    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");

    /** Two reports of one card on one case at the same time: one of them records it, neither fails. */
    @Test
    void concurrentInsertsOfOneCardRecordItOnceWithoutAnError() throws Exception {
        ReportCaseStore store = new ReportCaseStore(new Jdbc(PhishingTestDatabase.create()));
        TenantId tenant = TenantId.random();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 15; round++) {
                CaseId caseId = new CaseId(UUID.randomUUID());
                store.insertCase(tenant, new PhishingCase(caseId, "https://e.example.com/", "e.example.com", null, CaseStatus.NEW, 1, NOW, NOW),
                        "key-" + round);
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.insertCard(tenant, caseId, "fp", "411111******1111", UUID.randomUUID(), NOW);
                    }));
                }
                int inserted = 0;
                for (Future<Boolean> f : results) {
                    inserted += f.get() ? 1 : 0; // an exception here is the bug
                }
                assertThat(inserted).isEqualTo(1);
                assertThat(store.cards(tenant, caseId)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
