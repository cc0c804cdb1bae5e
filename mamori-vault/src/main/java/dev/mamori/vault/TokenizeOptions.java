package dev.mamori.vault;

import java.time.Duration;

/**
 * @param deduplicate return the tenant's existing live token for the same card and format instead of a new one
 * @param ttl how long the token lives; {@code null} takes the tenant policy's default (none: until deleted)
 */
public record TokenizeOptions(TokenFormat format, boolean deduplicate, Duration ttl) {
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(3660);

    public TokenizeOptions {
        format = format == null ? TokenFormat.OPAQUE : format;
        if (ttl != null && (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0)) {
            throw new InvalidCardException("ttlSeconds", "range", "ttlSeconds must be 60 to 316224000 (ten years)");
        }
    }

    public static TokenizeOptions defaults() {
        return new TokenizeOptions(TokenFormat.OPAQUE, false, null);
    }
}
