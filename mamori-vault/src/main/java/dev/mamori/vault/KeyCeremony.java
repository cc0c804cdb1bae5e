package dev.mamori.vault;

import dev.mamori.vault.internal.Aes256Gcm;
import dev.mamori.vault.keys.KeyCheckValue;
import dev.mamori.vault.keys.MasterKeyInfo;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Assembles a master key from components held by separate key custodians: split knowledge (no
 * one custodian knows the key; each holds a random 32-byte component and the key is their XOR) and
 * dual control (two or more different people must each act), PCI DSS 3.6.1.2 and 3.7.6.
 *
 * <p>Each component arrives with its key check value, so a mistyped component is refused at once
 * instead of producing a wrong key. Components live only in memory here, XOR-ed into one
 * accumulator and wiped as they arrive; the finished key goes straight into the master key
 * provider and is wiped. Nothing of a component is stored or logged, only who gave one and its
 * check value. An unfinished ceremony expires and is wiped.
 */
public final class KeyCeremony {
    public static final int MIN_COMPONENTS = 2;
    public static final int MAX_COMPONENTS = 9;

    /** What a ceremony looks like from outside: never key material. */
    public record View(UUID id, int required, List<String> custodians, List<String> componentCheckValues, String startedBy,
                       Instant expiresAt, String state, MasterKeyInfo result, UUID rotationId) {}

    record Result(MasterKeyInfo key, UUID rotationId) {}

    private final UUID id;
    private final int required;
    private final String startedBy;
    private final Clock clock;
    private final Instant expiresAt;
    private final byte[] accumulator = new byte[Aes256Gcm.KEY_BYTES];
    private final List<String> custodians = new ArrayList<>();
    private final List<String> checkValues = new ArrayList<>();
    private String state = "open";
    private Result result;

    KeyCeremony(UUID id, int required, String startedBy, Clock clock, Duration timeout) {
        if (required < MIN_COMPONENTS || required > MAX_COMPONENTS) {
            throw new KeyStateException("ceremony-components", "a key ceremony needs " + MIN_COMPONENTS + " to " + MAX_COMPONENTS
                    + " custodians (dual control)");
        }
        this.id = id;
        this.required = required;
        this.startedBy = startedBy;
        this.clock = clock;
        this.expiresAt = clock.instant().plus(timeout);
    }

    UUID id() {
        return id;
    }

    synchronized boolean isClosed() {
        expireIfDue();
        return !state.equals("open");
    }

    synchronized View view() {
        expireIfDue();
        return new View(id, required, List.copyOf(custodians), List.copyOf(checkValues), startedBy, expiresAt, state,
                result == null ? null : result.key(), result == null ? null : result.rotationId());
    }

    synchronized View submit(String custodian, byte[] component, String checkValue, Function<byte[], Result> importKey) {
        try {
            expireIfDue();
            if (!state.equals("open")) {
                throw new KeyStateException("ceremony-closed", "this key ceremony is " + state);
            }
            if (custodians.contains(custodian)) {
                throw new KeyStateException("ceremony-custodian", "each component must come from a different custodian (dual control)");
            }
            if (component == null || component.length != Aes256Gcm.KEY_BYTES) {
                throw new KeyStateException("component-length", "a component is 32 bytes (64 hex digits)");
            }
            String actual = KeyCheckValue.of(component);
            if (checkValue == null || !MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                    checkValue.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                throw new KeyStateException("component-check-value", "the component does not match its check value; was it typed correctly?");
            }
            for (int i = 0; i < accumulator.length; i++) {
                accumulator[i] ^= component[i];
            }
            custodians.add(custodian);
            checkValues.add(actual);
            if (custodians.size() == required) {
                try {
                    result = importKey.apply(accumulator);
                    state = "completed";
                } catch (RuntimeException e) {
                    // The assembled key must not wait in memory for a retry that cannot come.
                    state = "failed";
                    throw e;
                } finally {
                    Aes256Gcm.wipe(accumulator);
                }
            }
            return view();
        } finally {
            Aes256Gcm.wipe(component);
        }
    }

    private void expireIfDue() {
        if (state.equals("open") && !clock.instant().isBefore(expiresAt)) {
            state = "expired";
            Aes256Gcm.wipe(accumulator);
        }
    }
}
