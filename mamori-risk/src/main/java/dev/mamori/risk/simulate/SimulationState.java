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
 *
 * <p>It does hold the simulated cardholders' phones: the authenticator-app secret (base32) the ACS
 * made for each card at enrolment, which the server shows only once. They are credentials of the
 * simulated cards, so the file is written readable by its owner only (where the file system has
 * POSIX permissions). A version 1 file (before 3-D Secure) has none: its cards cannot pass a challenge.
 */
final class SimulationState {
    static final int VERSION = 2;

    final String tenant;
    final long seed;
    final String prefix;
    final int cards;
    final int baseYear;
    final Integer ruleVersion;
    final Long blockListEntry;
    final Instant createdAt;
    /** Card index to its authenticator-app secret (base32); empty when the cards were not enrolled. */
    final Map<Integer, String> phones;

    SimulationState(String tenant, long seed, String prefix, int cards, int baseYear, Integer ruleVersion, Long blockListEntry,
                    Instant createdAt) {
        this(tenant, seed, prefix, cards, baseYear, ruleVersion, blockListEntry, createdAt, Map.of());
    }

    SimulationState(String tenant, long seed, String prefix, int cards, int baseYear, Integer ruleVersion, Long blockListEntry,
                    Instant createdAt, Map<Integer, String> phones) {
        this.phones = Map.copyOf(phones);
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
        m.put("note", "Written by ./mamori simulate --setup. No card numbers: the cards are regenerated from seed, prefix, cards and baseYear."
                + " phones: each simulated card's authenticator-app secret (keep this file private).");
        m.put("tenant", tenant);
        m.put("seed", seed);
        m.put("prefix", prefix);
        m.put("cards", cards);
        m.put("baseYear", baseYear);
        m.put("ruleVersion", ruleVersion);
        m.put("blockListEntry", blockListEntry);
        m.put("createdAt", createdAt.toString());
        Map<String, Object> secrets = new java.util.TreeMap<>(java.util.Comparator.comparingInt(Integer::parseInt));
        phones.forEach((card, secret) -> secrets.put(Integer.toString(card), secret));
        m.put("phones", secrets);
        return m;
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Created empty and owner-only first, so the secrets are never readable by others, not even briefly.
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, Json.pretty(toMap()), StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static SimulationState read(Path file) throws IOException {
        Map<String, Object> m;
        try {
            m = Json.object(Json.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a simulator state file: " + e.getMessage());
        }
        long version = Json.number(m, "version", -1);
        if (version < 1 || version > VERSION || Json.string(m, "prefix") == null) {
            throw new IOException(file + " is not a version 1 or " + VERSION + " simulator state file");
        }
        Map<Integer, String> phones = new java.util.HashMap<>();
        if (m.get("phones") instanceof Map<?, ?> secrets) {
            for (Map.Entry<?, ?> e : secrets.entrySet()) {
                try {
                    phones.put(Integer.parseInt(e.getKey().toString()), e.getValue().toString());
                } catch (NumberFormatException ex) {
                    throw new IOException(file + ": phones has a key that is not a card index");
                }
            }
        }
        long rule = Json.number(m, "ruleVersion", -1);
        long entry = Json.number(m, "blockListEntry", -1);
        return new SimulationState(Json.string(m, "tenant"), Json.number(m, "seed", 1), Json.string(m, "prefix"),
                (int) Json.number(m, "cards", 0), (int) Json.number(m, "baseYear", 2026), rule < 0 ? null : (int) rule,
                entry < 0 ? null : entry, Instant.parse(Json.string(m, "createdAt")), phones);
    }
}
