package dev.mamori.risk.simulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code --setup} created, kept for later runs in {@code ./data/simulate-<tenant>.json}.
 *
 * <p>It holds no card number: the cards are regenerated from {@code seed}, {@code prefix},
 * {@code cards} and {@code baseYear} (see {@link Population}), which is all a later run needs.
 * Nor does it hold the API key.
 */
final class SimulationState {
    static final int VERSION = 1;

    final String tenant;
    final long seed;
    final String prefix;
    final int cards;
    final int baseYear;
    final Integer ruleVersion;
    final Long blockListEntry;
    final Instant createdAt;

    SimulationState(String tenant, long seed, String prefix, int cards, int baseYear, Integer ruleVersion, Long blockListEntry,
                    Instant createdAt) {
        this.tenant = tenant;
        this.seed = seed;
        this.prefix = prefix;
        this.cards = cards;
        this.baseYear = baseYear;
        this.ruleVersion = ruleVersion;
        this.blockListEntry = blockListEntry;
        this.createdAt = createdAt;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("note", "Written by ./mamori simulate --setup. No card numbers: the cards are regenerated from seed, prefix, cards and baseYear.");
        m.put("tenant", tenant);
        m.put("seed", seed);
        m.put("prefix", prefix);
        m.put("cards", cards);
        m.put("baseYear", baseYear);
        m.put("ruleVersion", ruleVersion);
        m.put("blockListEntry", blockListEntry);
        m.put("createdAt", createdAt.toString());
        return m;
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, Json.pretty(toMap()), StandardCharsets.UTF_8);
    }

    static SimulationState read(Path file) throws IOException {
        Map<String, Object> m;
        try {
            m = Json.object(Json.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a simulator state file: " + e.getMessage());
        }
        if (Json.number(m, "version", -1) != VERSION || Json.string(m, "prefix") == null) {
            throw new IOException(file + " is not a version " + VERSION + " simulator state file");
        }
        long rule = Json.number(m, "ruleVersion", -1);
        long entry = Json.number(m, "blockListEntry", -1);
        return new SimulationState(Json.string(m, "tenant"), Json.number(m, "seed", 1), Json.string(m, "prefix"),
                (int) Json.number(m, "cards", 0), (int) Json.number(m, "baseYear", 2026), rule < 0 ? null : (int) rule,
                entry < 0 ? null : entry, Instant.parse(Json.string(m, "createdAt")));
    }
}
